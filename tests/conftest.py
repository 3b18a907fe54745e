"""Shared fixtures: a private store per test (or per session for seeded data).

Imports of the store stay inside the fixtures: tests/nlu runs in the Rasa environment, which
has no SQLModel, and loads this file too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """An empty SQLite store that the code under test also gets from `session_scope()`."""
    from store.engine import get_engine, init_db

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    engine = init_db(get_engine())
    yield engine
    engine.dispose()


def _seeded_folder(tmp_path_factory: pytest.TempPathFactory, name: str, *, candidates: int, employees: int) -> Path:
    """A store in a new folder: the catalog plus generated people (seed 7)."""
    from store.engine import get_engine, init_db, session_scope
    from store.seeding import generate, load_catalog

    folder = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("DATABASE_URL", raising=False)
        mp.setenv("HRBOT_DATA_DIR", str(folder))
        engine = init_db(get_engine())
        with session_scope(engine) as session:
            load_catalog(session)
        with session_scope(engine) as session:
            generate(session, candidates=candidates, employees=employees, seed=7, progress=False)
        engine.dispose()
    return folder


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seeded store (catalog + 300 candidates + 40 employees), built once per run."""
    return _seeded_folder(tmp_path_factory, "seeded", candidates=300, employees=40)


@pytest.fixture(scope="session")
def indexed_dir(seeded_dir: Path) -> Path:
    """The seeded store with every retrieval index built: embedding happens once per run."""
    from tests.retrieval.helpers import ensure_indexes

    return ensure_indexes(seeded_dir)


@pytest.fixture
def seeded(seeded_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The seeded store, selected for code that calls `session_scope()` with no engine."""
    from store.engine import get_engine

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(seeded_dir))
    return get_engine()


@pytest.fixture(scope="session")
def history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Catalog plus 300 employees and their generated history (no candidates): enough leavers to check
    the attrition model against the generator's truth, built once per run."""
    return _seeded_folder(tmp_path_factory, "history", candidates=0, employees=300)


@pytest.fixture
def history_store(history_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The history store, selected for code that calls `session_scope()` with no engine."""
    from store.engine import get_engine

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(history_dir))
    return get_engine()
