"""Fixtures: the session's seeded store with its indexes built once, and private copies of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from store.engine import get_engine
from tests.retrieval.helpers import copy_store, use_dir


@pytest.fixture
def indexes(indexed_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """The shared, read-only IndexSet of the seeded store."""
    from retrieval.index import get_indexes

    use_dir(monkeypatch, indexed_dir)
    return get_indexes(get_engine())


@pytest.fixture
def store_copy(indexed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A private copy of the seeded store and its indexes, for tests that write."""
    folder = copy_store(indexed_dir, tmp_path / "copy")
    use_dir(monkeypatch, folder)
    engine = get_engine()
    yield engine
    engine.dispose()
