"""Launching Debian's Chromium under Playwright (never `playwright install`), shared by the web tests."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("HRBOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def missing(reason: str) -> None:
    """In CI a missing browser is a failure (the install step broke); locally it is a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: apt-get install chromium; pip install -r requirements/app.txt)")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser for the duration of the block."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(f"chromium not found at {CHROMIUM}")
    # An earlier test in the same process (the Slack e2e harness) can leave asyncio's
    # running-loop marker set on this thread; Playwright's sync API refuses to start then.
    leaked = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        asyncio.events._set_running_loop(leaked)
