"""The Rasa version the tuning patches were verified against, and the check that refuses any other.

Each patch replaces a Rasa 3.6.21 method with a copy of it, line for line, plus the speed-up: on
another Rasa the copy would silently drop whatever Rasa changed in the original. So `install()`
refuses to patch another version; after an upgrade, compare each patched method with the new
Rasa's, run tests/rasa_server, then move `VERIFIED_RASA`.
"""

from __future__ import annotations

import rasa.version

from rasa_server.errors import TuningVersionError

VERIFIED_RASA = "3.6.21"


def installed_rasa() -> str:
    """The version of the Rasa this process imports."""
    return str(rasa.version.__version__)


def check_rasa_version() -> None:
    """Raise `TuningVersionError` unless the installed Rasa is the verified one."""
    installed = installed_rasa()
    if installed != VERIFIED_RASA:
        raise TuningVersionError(
            f"hrbot's Rasa tuning (rasa_server/tuning: action_check, event_types, json_encoding) replaces Rasa methods "
            f"with line-for-line copies verified against Rasa {VERIFIED_RASA} only, but Rasa {installed} "
            f"is installed. Install rasa=={VERIFIED_RASA} (requirements/rasa-server.txt), or compare those methods "
            f"with Rasa {installed}'s, run tests/rasa_server, and set VERIFIED_RASA in rasa_server/tuning/version.py."
        )
