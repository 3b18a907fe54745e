"""Rasa's own CLI (`python -m rasa_server run ...`) with hrbot's Rasa tuning and outage handling installed.

See `rasa_server.tuning`: the same behaviour, less CPU per turn. On a Rasa other than the one the
tuning was verified against it stops with that message (exit status 1) before Rasa starts.
`run --enable-api` never serves the HTTP API open: the token comes from `--auth-token` or from
HRBOT_RASA_TOKEN (added to the arguments here, so it never shows in the process list), else it stops.
"""

from __future__ import annotations

import os
import sys

from rasa_server.errors import TuningVersionError
from rasa_server.tuning import install

NO_TOKEN = (
    "rasa_server: --enable-api needs a token (Rasa's HTTP API can read and rewrite every conversation): "
    "set HRBOT_RASA_TOKEN or pass --auth-token"
)


def with_api_token(argv: list[str], env: dict[str, str] | os._Environ[str]) -> list[str]:
    """`argv` with `--auth-token` added from HRBOT_RASA_TOKEN when the API is on; SystemExit if there is none."""
    if "--enable-api" not in argv or any(a in ("-t", "--auth-token") or a.startswith("--auth-token=") for a in argv):
        return argv
    token = (env.get("HRBOT_RASA_TOKEN") or "").strip()
    if not token:
        raise SystemExit(NO_TOKEN)
    return [*argv, f"--auth-token={token}"]  # "=": a token may start with "-"


def main() -> None:
    """`rasa` with the same arguments (and the API token), after `install()`."""
    sys.argv = with_api_token(sys.argv, os.environ)
    try:
        install()
    except TuningVersionError as exc:
        raise SystemExit(f"rasa_server: {exc}") from None
    from rasa_server import outages, sqlite_tracker  # Rasa's core: only after the version check

    outages.install()
    sqlite_tracker.install()
    from rasa.__main__ import main as rasa_cli  # the Rasa CLI (TensorFlow behind it) loads only once tuned

    rasa_cli()


if __name__ == "__main__":
    main()
