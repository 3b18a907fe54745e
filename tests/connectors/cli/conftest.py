"""Fixtures of the CLI tests: the shared seeded and indexed store, selected for the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.retrieval.helpers import use_dir


@pytest.fixture
def cli_store(indexed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeded store with its indexes, for commands that only read it."""
    use_dir(monkeypatch, indexed_dir)
    return indexed_dir
