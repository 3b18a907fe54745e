"""What the people generator reads once: catalog facts from the store, and its independent random streams."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from store.models import CareerEdge, Course, Role, Skill
from store.seeding.funnel import Opening
from store.seeding.resume import SkillForms, skill_forms

CITY_WEIGHTS = {
    "Berlin": 14, "Munich": 8, "Amsterdam": 9, "London": 12, "Paris": 8, "Zurich": 4, "Madrid": 6, "Warsaw": 7,
    "Lisbon": 5, "Stockholm": 5, "Toronto": 6, "New York": 8, "Remote": 8,
}


class SeedCatalog:
    """Catalog facts the generator reads once from the store (names.yml from the catalog folder)."""

    def __init__(self, session: Session, folder: Path | None) -> None:
        self.folder = folder
        roles = sorted(session.exec(select(Role)).all(), key=lambda r: r.title)
        self.roles: list[dict[str, Any]] = [r.model_dump() for r in roles]
        curated = sorted(session.exec(select(Skill).where(Skill.source == "curated")).all(), key=lambda s: s.name)
        self.categories = {s.name: s.category for s in curated}
        self.forms: dict[str, SkillForms] = {s.name: skill_forms(s.name, s.synonyms or []) for s in curated}
        self.openings = [Opening(r["id"], r["family"], r["seniority"]) for r in self.roles if r["is_open"]]
        edges = sorted((e.from_role, e.to_role) for e in session.exec(select(CareerEdge)))
        self.predecessors: dict[str, list[str]] = {}
        self.successors: dict[str, list[str]] = {}
        for src, dst in edges:
            self.predecessors.setdefault(dst, []).append(src)
            self.successors.setdefault(src, []).append(dst)
        self.cities = sorted({r["location"] for r in self.roles} | set(CITY_WEIGHTS))
        self.courses_by_skill: dict[str, list[int]] = {}
        for course in sorted(session.exec(select(Course)).all(), key=lambda c: c.code):
            for skill in course.skills:
                self.courses_by_skill.setdefault(skill, []).append(course.id)  # type: ignore[arg-type]


class Streams:
    """Independent random streams, so identity draws can never shift skills or the funnel."""

    def __init__(self, seed: int) -> None:
        self.identity = random.Random(f"{seed}:identity")
        self.profile = random.Random(f"{seed}:profile")
        self.funnel = random.Random(f"{seed}:funnel")
        self.workforce = random.Random(f"{seed}:workforce")
        self.history = random.Random(f"{seed}:history")

