"""A seeded store with the demo handbook imported and indexed and this year's leave seeded, built once per run.

Test modules import the fixtures they use from here (`from tests.handbook import handbook  # noqa: F401`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.retrieval.helpers import copy_store, use_dir

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 2)  # a Monday; the seeded leave and every leave test read dates against it


@pytest.fixture(scope="session")
def handbook_dir(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded store plus the demo handbook (policy index built: MiniLM embeds it once) and 2026 leave."""
    from ingest.policy_import import import_policies
    from retrieval.policies import invalidate_policy_cache
    from store.engine import get_engine, session_scope
    from store.seeding import seed_leave

    folder = copy_store(seeded_dir, tmp_path_factory.mktemp("handbook"), with_indexes=False)
    with pytest.MonkeyPatch.context() as mp:
        use_dir(mp, folder)
        engine = get_engine()
        report = import_policies([ROOT / "data" / "handbook"], actor="test", engine=engine)
        assert report.added == 11 and not report.file_failures, report.summary()
        with session_scope(engine) as session:
            seed_leave(session, TODAY.year, today=TODAY)
        invalidate_policy_cache()
        engine.dispose()
    return folder


@pytest.fixture
def handbook(handbook_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A private copy of `handbook_dir` (indexes included), selected for `session_scope()`."""
    from retrieval.policies import invalidate_policy_cache
    from store.engine import get_engine

    use_dir(monkeypatch, copy_store(handbook_dir, tmp_path / "handbook"))
    invalidate_policy_cache()
    engine = get_engine()
    yield engine
    invalidate_policy_cache()
    engine.dispose()
