"""Helpers for the coaching service tests: tiny catalogs and profiles built in memory."""

from __future__ import annotations

from bot.services.coaching import Catalog, Profile
from store.models import Course, Role
from retrieval.taxonomy import Taxonomy


def course(code: str, skills: list[str], level: str = "beginner", prereqs: list[str] | None = None,
           hours: float = 10.0, fmt: str = "online", provider: str = "P1") -> Course:
    return Course(code=code, title=f"Course {code}", provider=provider, format=fmt, level=level, hours=hours,
                  skills=skills, prerequisites=prereqs or [])


def tiny_catalog(courses: list[Course], roles: list[Role] | None = None) -> Catalog:
    tax = Taxonomy([("Python", ["py"], "programming"), ("SQL", [], "data"), ("Docker", [], "mlops"),
                    ("Statistics", ["stats"], "analytics")])
    return Catalog(courses=courses, roles=roles or [], edges=[], taxonomy=tax)


def profile(skills: dict[str, int], completed: set[str] | None = None) -> Profile:
    return Profile(1, "Data Analyst", "mid", skills, frozenset(completed or set()))
