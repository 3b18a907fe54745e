"""Upserting the validated catalog into the store: a second load changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from store.models import CareerEdge, Course, Role, SalaryBand, Skill
from store.seeding.catalog import read_catalog


def _upsert(
    session: Session,
    model: type[SQLModel],
    rows: list[dict[str, Any]],
    key: Callable[[Any], Hashable],
    existing: Iterable[Any] | None = None,
) -> tuple[int, int]:
    """Insert missing rows and update changed ones, so a second load is a no-op."""
    current = {key(obj): obj for obj in (existing if existing is not None else session.exec(select(model)))}
    inserted = updated = 0
    for row in rows:
        obj = current.get(key(row))
        if obj is None:
            session.add(model(**row))
            inserted += 1
            continue
        changed = False
        for field, value in row.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
        if changed:
            session.add(obj)
            updated += 1
    return inserted, updated


def _skill_key(obj: Any) -> str:
    """Skills match case-insensitively, so an imported 'statistics' becomes curated 'Statistics'."""
    name = obj["name"] if isinstance(obj, dict) else obj.name
    return name.casefold()


def load_catalog(session: Session, catalog_dir: Path | None = None) -> dict[str, int]:
    """Validate the catalog and upsert it; rows no longer in the files are left alone (may be referenced)."""
    catalog = read_catalog(catalog_dir)
    skill_rows = [{**s, "source": "curated"} for s in catalog.skills]
    wanted = {_skill_key(s) for s in skill_rows}
    # curated rows last, so an exact curated match wins over an imported namesake
    existing_skills = sorted(
        (s for s in session.exec(select(Skill)) if _skill_key(s) in wanted), key=lambda s: s.source == "curated"
    )
    totals = [
        _upsert(session, Skill, skill_rows, _skill_key, existing_skills),
        _upsert(session, Role, catalog.roles, lambda o: o["title"] if isinstance(o, dict) else o.title),
        _upsert(session, Course, catalog.courses, lambda o: o["code"] if isinstance(o, dict) else o.code),
        _upsert(
            session,
            CareerEdge,
            catalog.career_edges,
            lambda o: (o["from_role"], o["to_role"]) if isinstance(o, dict) else (o.from_role, o.to_role),
        ),
        _upsert(
            session,
            SalaryBand,
            catalog.salary_bands,
            lambda o: (o["family"], o["seniority"], o["location"])
            if isinstance(o, dict)
            else (o.family, o.seniority, o.location),
        ),
    ]
    session.flush()
    return {
        "skills": len(catalog.skills),
        "roles": len(catalog.roles),
        "courses": len(catalog.courses),
        "career_edges": len(catalog.career_edges),
        "salary_bands": len(catalog.salary_bands),
        "inserted": sum(t[0] for t in totals),
        "updated": sum(t[1] for t in totals),
    }
