"""Loading the catalog into the store: complete, twice without changes, updates in place, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.models import CareerEdge, Course, Role, SalaryBand, Skill
from store.seeding import CatalogError, load_catalog
from store.seeding.catalog_files import CATALOG_DIR
from tests.store.seeding.conftest import count_rows, edit_yaml


def test_catalog_loads_with_expected_counts(engine: Engine) -> None:
    with Session(engine) as session:
        counts = load_catalog(session)
        session.commit()
        assert counts["roles"] >= 38 and counts["courses"] >= 280 and counts["skills"] >= 200
        assert count_rows(session, Role) == counts["roles"]
        assert count_rows(session, Course) == counts["courses"]
        assert count_rows(session, Skill) == counts["skills"]
        assert count_rows(session, CareerEdge) == counts["career_edges"] > 0
        assert count_rows(session, SalaryBand) == counts["salary_bands"] > 0
        assert counts["inserted"] == sum(counts[k] for k in ("skills", "roles", "courses", "career_edges",
                                                              "salary_bands"))
        pytorch = session.exec(select(Skill).where(Skill.name == "PyTorch")).one()
        assert "torch" in pytorch.synonyms and pytorch.source == "curated"


def test_second_load_changes_nothing(engine: Engine) -> None:
    with Session(engine) as session:
        load_catalog(session)
        session.commit()
        before = {m.__name__: count_rows(session, m) for m in (Skill, Role, Course, CareerEdge, SalaryBand)}
        again = load_catalog(session)
        session.commit()
        after = {m.__name__: count_rows(session, m) for m in (Skill, Role, Course, CareerEdge, SalaryBand)}
    assert again["inserted"] == 0 and again["updated"] == 0
    assert before == after


def test_load_updates_a_changed_entry(engine: Engine, bad_copy: Path) -> None:
    with Session(engine) as session:
        load_catalog(session)
        session.commit()
        edit_yaml(bad_copy / "roles.yml", lambda d: d["roles"][0].update(team="Renamed Team"))
        counts = load_catalog(session, bad_copy)
        session.commit()
        role = session.exec(select(Role).where(Role.title == "Junior Deep Learning Engineer")).one()
    assert counts["updated"] == 1 and counts["inserted"] == 0
    assert role.team == "Renamed Team"


def test_excluded_salary_band_is_unknown_on_purpose(engine: Engine) -> None:
    doc = yaml.safe_load((CATALOG_DIR / "salary_bands.yml").read_text(encoding="utf-8"))
    gap = doc["exclude"][0]
    with Session(engine) as session:
        load_catalog(session)
        bands = session.exec(select(SalaryBand).where(SalaryBand.family == gap["family"])).all()
    assert bands and not [b for b in bands if b.location == gap["location"]]
    for band in bands:
        assert band.low < band.mid < band.high and band.currency == "EUR"
    mid = {(b.seniority, b.location): b.mid for b in bands}
    assert mid[("senior", "Berlin")] > mid[("mid", "Berlin")] > mid[("junior", "Berlin")]


def test_broken_catalog_leaves_the_store_untouched(engine: Engine, bad_copy: Path) -> None:
    edit_yaml(bad_copy / "career_paths.yml", lambda d: d["career_paths"].append({"from": "Wizard", "to": "Recruiter"}))
    with Session(engine) as session:
        with pytest.raises(CatalogError, match="Wizard"):
            load_catalog(session, bad_copy)
        assert count_rows(session, Skill) == 0
