"""Drop-in replacements for hot spots of Rasa 3.6's server, installed by `rasa_server`.

Each one keeps Rasa's behaviour (same results, same errors) and is tested against Rasa's own
function in tests/rasa_server/test_tuning.py; benchmarks/conversations.py measures what they save.
"""

from rasa_server.tuning import action_check, json_encoding, event_types


def install() -> None:
    """Install every replacement in this process (idempotent)."""
    action_check.install()
    event_types.install()
    json_encoding.install()


__all__ = ["action_check", "json_encoding", "event_types", "install"]
