"""Rasa's own CLI (`python -m rasa_server run ...`) with hrbot's Rasa tuning and outage handling installed.

See `rasa_server.tuning`: the same behaviour, less CPU per turn. On a Rasa other than the one the
tuning was verified against it stops with that message (exit status 1) before Rasa starts.
"""

from __future__ import annotations

from rasa_server.errors import TuningVersionError
from rasa_server.tuning import install


def main() -> None:
    """`rasa` with the same arguments, after `install()`."""
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
