"""Rasa's own CLI (`python -m connectors.servers.rasa_main run ...`) with hrbot's Rasa tuning installed.

See `connectors.servers.rasa_tuning`: the same behaviour, less CPU per turn.
"""

from __future__ import annotations

from connectors.servers.rasa_tuning import install


def main() -> None:
    """`rasa` with the same arguments, after `install()`."""
    install()
    from rasa.__main__ import main as rasa_cli

    rasa_cli()


if __name__ == "__main__":
    main()
