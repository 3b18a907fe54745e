"""Rasa's own CLI (`python -m rasa_server run ...`) with hrbot's Rasa tuning installed.

See `rasa_server.tuning`: the same behaviour, less CPU per turn.
"""

from __future__ import annotations

from rasa_server.tuning import install


def main() -> None:
    """`rasa` with the same arguments, after `install()`."""
    install()
    from rasa.__main__ import main as rasa_cli

    rasa_cli()


if __name__ == "__main__":
    main()
