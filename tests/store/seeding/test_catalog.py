"""The curated catalog read and cross-checked: realistic content, and broken entries named."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from store.seeding import read_catalog
from store.seeding.profiles import ProfileDrawer
from tests.store.seeding.conftest import rejected


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




def test_generator_archetypes_only_name_catalog_skills() -> None:
    catalog = read_catalog()
    drawer = ProfileDrawer(catalog.roles, {s["name"]: s["category"] for s in catalog.skills})
    assert drawer.unknown_skills() == []


def test_unknown_skill_in_a_role_is_named(bad_copy: Path) -> None:
    rejected(bad_copy, "roles.yml", lambda d: d["roles"][1]["required_skills"].append("Quantum Basket Weaving"),
             r"roles\.yml.*'Deep Learning Engineer'.*Quantum Basket Weaving")


def test_unknown_skill_in_a_course_is_named(bad_copy: Path) -> None:
    def change(doc: dict) -> None:
        doc["courses"][0]["skills"] = ["Pytorch"]  # wrong case: canonical names are exact

    rejected(bad_copy, "courses.yml", change, r"courses\.yml.*Pytorch")


def test_unknown_prerequisite_is_named(bad_copy: Path) -> None:
    rejected(bad_copy, "courses.yml", lambda d: d["courses"][0]["prerequisites"].append("NOPE-999"),
             r"courses\.yml.*NOPE-999")


def test_prerequisite_cycle_is_rejected(bad_copy: Path) -> None:
    def change(doc: dict) -> None:
        first, second = doc["courses"][0], doc["courses"][1]
        first["prerequisites"] = [second["code"]]
        second["prerequisites"] = [first["code"]]

    rejected(bad_copy, "courses.yml", change, "cycle")


def test_synonym_shared_by_two_skills_is_rejected(bad_copy: Path) -> None:
    rejected(bad_copy, "skills.yml", lambda d: d["skills"][1]["synonyms"].append("python3"), r"skills\.yml.*python3")
