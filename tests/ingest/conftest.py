"""Fixtures for the import tests: a private, indexed copy of the seeded store, and bad files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import Candidate
from tests.retrieval.helpers import copy_store, use_dir

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def candidates_named(engine: Engine, name: str) -> list[Candidate]:
    """Every stored candidate with exactly this full name."""
    with session_scope(engine) as session:
        return list(session.exec(select(Candidate).where(Candidate.full_name == name)))


@pytest.fixture
def import_store(indexed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A private copy of the seeded store and its indexes, selected for `session_scope()`."""
    from store.engine import get_engine
    from retrieval.index import invalidate_cache

    folder = copy_store(indexed_dir, tmp_path / "store")
    use_dir(monkeypatch, folder)
    invalidate_cache()
    engine = get_engine()
    yield engine
    invalidate_cache()
    engine.dispose()


@pytest.fixture
def import_indexes(import_store: Engine):
    """The IndexSet of the private copy (what `import_candidates` uses by default)."""
    from retrieval.index import get_indexes

    return get_indexes(import_store)


@pytest.fixture(scope="session")
def synonym_extractor():
    """The shipped extractor without its embedding layer: fast, for tests of the plumbing."""
    from retrieval.extraction import SkillExtractor
    from retrieval.taxonomy import Taxonomy, catalog_skills

    return SkillExtractor(Taxonomy(catalog_skills()))
