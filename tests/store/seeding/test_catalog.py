"""The curated catalog: loads completely, loads twice without changes, and rejects broken files."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from store.engine import get_engine, init_db
from store.models import CareerEdge, Course, Role, SalaryBand, Skill
from store.seeding import CatalogError, load_catalog, read_catalog
from store.seeding.catalog import CATALOG_DIR, RASA_KEYS
from store.seeding.profiles import ProfileDrawer


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A private, empty SQLite store."""
    eng = init_db(get_engine(f"sqlite:///{tmp_path}/t.db"))
    yield eng
    eng.dispose()


@pytest.fixture
def bad_copy(tmp_path: Path) -> Path:
    """A copy of the catalog that a test may break."""
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    return folder


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Load a YAML file, let `change` mutate it, write it back."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_catalog_loads_with_expected_counts(engine: Engine) -> None:
    with Session(engine) as session:
        counts = load_catalog(session)
        session.commit()
        assert counts["roles"] >= 38 and counts["courses"] >= 280 and counts["skills"] >= 200
        assert _count(session, Role) == counts["roles"]
        assert _count(session, Course) == counts["courses"]
        assert _count(session, Skill) == counts["skills"]
        assert _count(session, CareerEdge) == counts["career_edges"] > 0
        assert _count(session, SalaryBand) == counts["salary_bands"] > 0
        assert counts["inserted"] == sum(counts[k] for k in ("skills", "roles", "courses", "career_edges",
                                                              "salary_bands"))
        pytorch = session.exec(select(Skill).where(Skill.name == "PyTorch")).one()
        assert "torch" in pytorch.synonyms and pytorch.source == "curated"


def test_second_load_changes_nothing(engine: Engine) -> None:
    with Session(engine) as session:
        load_catalog(session)
        session.commit()
        before = {m.__name__: _count(session, m) for m in (Skill, Role, Course, CareerEdge, SalaryBand)}
        again = load_catalog(session)
        session.commit()
        after = {m.__name__: _count(session, m) for m in (Skill, Role, Course, CareerEdge, SalaryBand)}
    assert again["inserted"] == 0 and again["updated"] == 0
    assert before == after


def test_load_updates_a_changed_entry(engine: Engine, bad_copy: Path) -> None:
    with Session(engine) as session:
        load_catalog(session)
        session.commit()
        _edit(bad_copy / "roles.yml", lambda d: d["roles"][0].update(team="Renamed Team"))
        counts = load_catalog(session, bad_copy)
        session.commit()
        role = session.exec(select(Role).where(Role.title == "Junior Deep Learning Engineer")).one()
    assert counts["updated"] == 1 and counts["inserted"] == 0
    assert role.team == "Renamed Team"


def test_roles_are_realistic() -> None:
    catalog = read_catalog()
    titles = [r["title"] for r in catalog.roles]
    assert len(titles) == len(set(titles))
    levels_per_family = Counter(r["family"] for r in catalog.roles)
    assert sum(1 for n in levels_per_family.values() if n > 1) >= 5
    assert 0 < sum(not r["is_open"] for r in catalog.roles) < len(catalog.roles) // 4
    for role in catalog.roles:
        assert 4 <= len(role["required_skills"]) <= 7, role["title"]
        assert 2 <= len(role["nice_to_have_skills"]) <= 5, role["title"]
        assert 3 <= len(role["responsibilities"]) <= 5, role["title"]


def test_every_required_skill_has_a_beginner_and_a_more_advanced_course() -> None:
    catalog = read_catalog()
    levels: dict[str, set[str]] = {}
    for course in catalog.courses:
        for skill in course["skills"]:
            levels.setdefault(skill, set()).add(course["level"])
    for skill in {s for r in catalog.roles for s in r["required_skills"]}:
        assert "beginner" in levels.get(skill, set()), skill
        assert levels[skill] & {"intermediate", "advanced"}, skill


def test_every_family_has_career_paths_and_salary_bands() -> None:
    catalog = read_catalog()
    families = {r["family"] for r in catalog.roles}
    on_paths = {e["from_role"] for e in catalog.career_edges} | {e["to_role"] for e in catalog.career_edges}
    assert families <= on_paths
    banded = {b["family"] for b in catalog.salary_bands}
    assert families == banded
    assert {r["location"] for r in catalog.roles} <= {b["location"] for b in catalog.salary_bands}


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


def test_catalog_files_do_not_look_like_rasa_training_data() -> None:
    for path in CATALOG_DIR.glob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not set(doc) & set(RASA_KEYS), path.name


def test_names_cover_many_cultures() -> None:
    doc = yaml.safe_load((CATALOG_DIR / "names.yml").read_text(encoding="utf-8"))
    assert len(doc["first_names"]) >= 12
    for culture, pools in doc["first_names"].items():
        assert len(pools["female"]) >= 20 and len(pools["male"]) >= 20, culture
        assert len(doc["last_names"][culture]) >= 25, culture
    assert "Zoë" in doc["first_names"]["anglo"]["female"] and "Łukasz" in doc["first_names"]["polish"]["male"]


def test_generator_archetypes_only_name_catalog_skills() -> None:
    catalog = read_catalog()
    drawer = ProfileDrawer(catalog.roles, {s["name"]: s["category"] for s in catalog.skills})
    assert drawer.unknown_skills() == []


def test_unknown_skill_in_a_role_is_named(bad_copy: Path) -> None:
    _edit(bad_copy / "roles.yml", lambda d: d["roles"][1]["required_skills"].append("Quantum Basket Weaving"))
    with pytest.raises(CatalogError, match=r"roles\.yml.*'Deep Learning Engineer'.*Quantum Basket Weaving"):
        read_catalog(bad_copy)


def test_unknown_skill_in_a_course_is_named(bad_copy: Path) -> None:
    def change(doc: dict) -> None:
        doc["courses"][0]["skills"] = ["Pytorch"]  # wrong case: canonical names are exact

    _edit(bad_copy / "courses.yml", change)
    with pytest.raises(CatalogError, match=r"courses\.yml.*Pytorch"):
        read_catalog(bad_copy)


def test_unknown_prerequisite_is_named(bad_copy: Path) -> None:
    _edit(bad_copy / "courses.yml", lambda d: d["courses"][0]["prerequisites"].append("NOPE-999"))
    with pytest.raises(CatalogError, match=r"courses\.yml.*NOPE-999"):
        read_catalog(bad_copy)


def test_prerequisite_cycle_is_rejected(bad_copy: Path) -> None:
    def change(doc: dict) -> None:
        first, second = doc["courses"][0], doc["courses"][1]
        first["prerequisites"] = [second["code"]]
        second["prerequisites"] = [first["code"]]

    _edit(bad_copy / "courses.yml", change)
    with pytest.raises(CatalogError, match="cycle"):
        read_catalog(bad_copy)


def test_synonym_shared_by_two_skills_is_rejected(bad_copy: Path) -> None:
    _edit(bad_copy / "skills.yml", lambda d: d["skills"][1]["synonyms"].append("python3"))
    with pytest.raises(CatalogError, match=r"skills\.yml.*python3"):
        read_catalog(bad_copy)


def test_malformed_yaml_and_rasa_keys_are_rejected(bad_copy: Path) -> None:
    (bad_copy / "career_paths.yml").write_text("career_paths: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"career_paths\.yml"):
        read_catalog(bad_copy)
    (bad_copy / "career_paths.yml").write_text("version: '3.1'\ncareer_paths: []\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="reserved for Rasa"):
        read_catalog(bad_copy)


def test_broken_catalog_leaves_the_store_untouched(engine: Engine, bad_copy: Path) -> None:
    _edit(bad_copy / "career_paths.yml", lambda d: d["career_paths"].append({"from": "Wizard", "to": "Recruiter"}))
    with Session(engine) as session:
        with pytest.raises(CatalogError, match="Wizard"):
            load_catalog(session, bad_copy)
        assert _count(session, Skill) == 0
