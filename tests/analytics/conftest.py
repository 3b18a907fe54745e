"""A store with 300 employees' generated history (no candidates), built once per test module run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine


@pytest.fixture(scope="session")
def history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Catalog plus 300 employees and their history: enough leavers to check the model against the truth."""
    from store.engine import get_engine, init_db, session_scope
    from store.seeding import generate, load_catalog

    folder = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("DATABASE_URL", raising=False)
        mp.setenv("HRBOT_DATA_DIR", str(folder))
        engine = init_db(get_engine())
        with session_scope(engine) as session:
            load_catalog(session)
        with session_scope(engine) as session:
            generate(session, candidates=0, employees=300, seed=7, progress=False)
        engine.dispose()
    return folder


@pytest.fixture
def history_store(history_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The history store, selected for code that calls `session_scope()` with no engine."""
    from store.engine import get_engine

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(history_dir))
    yield get_engine()
