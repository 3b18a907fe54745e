"""Calling a listener outside bolt: one event loop per call, run to the end."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


def run(listener: Coroutine[Any, Any, None]) -> None:
    """Await one listener call to the end (its ack and everything after it)."""
    asyncio.run(listener)
