"""The Rasa-server environment's entry point: Rasa's own CLI with hrbot's tuning installed.

Runs in `.venv-rasa` and imports none of the app packages (store, retrieval, bot, connectors).
Its errors derive from `RasaServerError`.
"""

from rasa_server.errors import RasaServerError, TuningVersionError

__all__ = ["RasaServerError", "TuningVersionError"]
