"""Drop-in replacements for hot spots of Rasa 3.6's server, installed by `rasa_server`.

Each one keeps Rasa's behaviour (same results, same errors) and is tested against Rasa's own
function in tests/rasa_server/test_tuning.py; benchmarks/conversations.py measures what they save.
They copy Rasa 3.6.21 methods, so `install()` refuses any other Rasa (`rasa_server.tuning.version`).
"""

from rasa_server.errors import TuningVersionError
from rasa_server.tuning import action_check, event_types, json_encoding
from rasa_server.tuning.version import VERIFIED_RASA, check_rasa_version


def install() -> None:
    """Install every replacement in this process (idempotent); `TuningVersionError` on another Rasa."""
    check_rasa_version()
    action_check.install()
    event_types.install()
    json_encoding.install()


__all__ = ["TuningVersionError", "VERIFIED_RASA", "action_check", "check_rasa_version", "event_types", "install",
           "json_encoding"]
