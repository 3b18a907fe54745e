"""SIGTERM as Ctrl-C for commands that start servers, so `kill` or a service manager stops them too."""

from __future__ import annotations

import signal
from types import FrameType


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt: the command's `finally` stops the Rasa and action servers."""
    signal.signal(signal.SIGTERM, _interrupt)
