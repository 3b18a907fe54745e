"""The curated HR catalog (data/catalog/*.yml): validated, then upserted into the store."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, SQLModel, select

from store.models import CareerEdge, Course, Role, SalaryBand, Skill
from store.vocabulary import LEVELS

CATALOG_DIR = Path(__file__).resolve().parents[2] / "data" / "catalog"

REMOTE_POLICIES = ("onsite", "hybrid", "remote")
COURSE_FORMATS = ("online", "workshop", "bootcamp", "certification", "book", "mentoring")
COURSE_LEVELS = ("beginner", "intermediate", "advanced")
# Rasa reads every YAML file under data/ and claims these keys as training data.
RASA_KEYS = ("version", "nlu", "responses", "stories", "rules")


class CatalogError(ValueError):
    """The catalog files contradict themselves; the message names the file and the entry."""


@dataclass(frozen=True)
class Catalog:
    """The validated catalog as plain rows, ready for upsert or for the people generator."""

    skills: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    career_edges: list[dict[str, Any]]
    salary_bands: list[dict[str, Any]]


def read_yaml(path: Path, key: str) -> Any:
    """One catalog file's payload under `key`, refusing files Rasa would mistake for training data."""
    return read_document(path, key)[key]


def read_document(path: Path, key: str) -> dict[str, Any]:
    """A whole catalog file as a mapping that has `key` and none of Rasa's reserved keys."""
    if not path.is_file():
        raise CatalogError(f"{path.name}: file not found in {path.parent}")
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or key not in doc:
        raise CatalogError(f"{path.name}: expected a mapping with top-level key '{key}'")
    clash = [k for k in RASA_KEYS if k in doc]
    if clash:
        raise CatalogError(f"{path.name}: top-level key(s) {clash} are reserved for Rasa training data")
    return doc


def _require(file: str, entry: str, row: Any, fields: Iterable[str]) -> None:
    """Every entry must carry its mandatory fields, so later errors are about content, not shape."""
    if not isinstance(row, dict):
        raise CatalogError(f"{file}: entry {entry} is not a mapping")
    missing = [f for f in fields if row.get(f) in (None, "")]
    if missing:
        raise CatalogError(f"{file}: entry {entry} lacks {', '.join(missing)}")


def _choice(file: str, entry: str, field: str, value: Any, allowed: tuple[str, ...]) -> None:
    """Enumerated fields stay within the vocabulary the rest of the app switches on."""
    if value not in allowed:
        raise CatalogError(f"{file}: entry {entry} has {field}={value!r}; expected one of {', '.join(allowed)}")


def _str_list(file: str, entry: str, field: str, value: Any) -> list[str]:
    """Lists of names must be lists of strings (YAML turns bare `yes`/`1.0` into other types)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{file}: entry {entry} field {field} must be a list of strings")
    return list(value)


def _skills(raw: Any) -> list[dict[str, Any]]:
    """Skills with unique names and synonyms that point to exactly one skill."""
    file = "skills.yml"
    if not isinstance(raw, list):
        raise CatalogError(f"{file}: 'skills' must be a list")
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for i, s in enumerate(raw):
        _require(file, f"#{i + 1}", s, ("name", "category"))
        name = str(s["name"]).strip()
        entry = f"'{name}'"
        synonyms = _str_list(file, entry, "synonyms", s.get("synonyms"))
        key = name.casefold()
        if key in owner:
            raise CatalogError(f"{file}: skill {entry} is listed twice (or clashes with a synonym of '{owner[key]}')")
        owner[key] = name
        rows.append({"name": name, "category": str(s["category"]), "synonyms": synonyms})
    for row in rows:
        for syn in row["synonyms"]:
            key = syn.casefold()
            if owner.get(key, row["name"]) != row["name"]:
                raise CatalogError(
                    f"{file}: synonym '{syn}' of skill '{row['name']}' also names skill '{owner[key]}'"
                )
            owner[key] = row["name"]
    return rows


def _roles(raw: Any, skills: set[str]) -> list[dict[str, Any]]:
    """Roles with unique titles whose skills all exist in the taxonomy."""
    file = "roles.yml"
    if not isinstance(raw, list):
        raise CatalogError(f"{file}: 'roles' must be a list")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, r in enumerate(raw):
        _require(file, f"#{i + 1}", r, ("title", "family", "location", "seniority", "required_skills"))
        entry = f"'{r['title']}'"
        if r["title"] in seen:
            raise CatalogError(f"{file}: role title {entry} is used twice")
        seen.add(r["title"])
        _choice(file, entry, "seniority", r["seniority"], LEVELS)
        _choice(file, entry, "remote_policy", r.get("remote_policy", "hybrid"), REMOTE_POLICIES)
        required = _str_list(file, entry, "required_skills", r.get("required_skills"))
        nice = _str_list(file, entry, "nice_to_have_skills", r.get("nice_to_have_skills"))
        for name in required + nice:
            if name not in skills:
                raise CatalogError(f"{file}: role {entry} names unknown skill '{name}' (not in skills.yml)")
        rows.append(
            {
                "title": str(r["title"]),
                "family": str(r["family"]),
                "team": str(r.get("team", "")),
                "location": str(r["location"]),
                "remote_policy": str(r.get("remote_policy", "hybrid")),
                "seniority": str(r["seniority"]),
                "min_years": float(r.get("min_years", 0)),
                "summary": " ".join(str(r.get("summary", "")).split()),
                "required_skills": required,
                "nice_to_have_skills": nice,
                "responsibilities": _str_list(file, entry, "responsibilities", r.get("responsibilities")),
                "is_open": bool(r.get("is_open", True)),
            }
        )
    return rows


def _courses(raw: Any, skills: set[str]) -> list[dict[str, Any]]:
    """Courses with unique codes, known skills and an acyclic prerequisite graph."""
    file = "courses.yml"
    if not isinstance(raw, list):
        raise CatalogError(f"{file}: 'courses' must be a list")
    rows: list[dict[str, Any]] = []
    for i, c in enumerate(raw):
        _require(file, f"#{i + 1}", c, ("code", "title", "level", "format", "skills"))
        entry = f"'{c['code']}'"
        _choice(file, entry, "level", c["level"], COURSE_LEVELS)
        _choice(file, entry, "format", c["format"], COURSE_FORMATS)
        taught = _str_list(file, entry, "skills", c.get("skills"))
        for name in taught:
            if name not in skills:
                raise CatalogError(f"{file}: course {entry} teaches unknown skill '{name}' (not in skills.yml)")
        rows.append(
            {
                "code": str(c["code"]),
                "title": str(c["title"]),
                "provider": str(c.get("provider", "")),
                "format": str(c["format"]),
                "level": str(c["level"]),
                "hours": float(c.get("hours", 0)),
                "skills": taught,
                "prerequisites": _str_list(file, entry, "prerequisites", c.get("prerequisites")),
                "description": str(c.get("description", "")),
            }
        )
    codes = [r["code"] for r in rows]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise CatalogError(f"{file}: course code(s) used twice: {', '.join(dupes)}")
    prereqs = {r["code"]: r["prerequisites"] for r in rows}
    for code, needs in prereqs.items():
        for need in needs:
            if need not in prereqs:
                raise CatalogError(f"{file}: course '{code}' requires unknown course code '{need}'")
    _acyclic(file, prereqs)
    return rows


def _acyclic(file: str, graph: dict[str, list[str]]) -> None:
    """A prerequisite cycle would make a learning path impossible to start."""
    state: dict[str, int] = {}
    for root in graph:
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
            if i < len(graph[node]):
                stack.append((node, i + 1))
                nxt = graph[node][i]
                if state.get(nxt) == 1:
                    raise CatalogError(f"{file}: prerequisite cycle through course '{nxt}' (via '{node}')")
                if state.get(nxt) != 2:
                    stack.append((nxt, 0))
            else:
                state[node] = 2


def _career_edges(raw: Any, families: set[str]) -> list[dict[str, Any]]:
    """Career moves between known families, each listed once."""
    file = "career_paths.yml"
    if not isinstance(raw, list):
        raise CatalogError(f"{file}: 'career_paths' must be a list")
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(raw):
        _require(file, f"#{i + 1}", e, ("from", "to"))
        entry = f"'{e['from']} -> {e['to']}'"
        for side in ("from", "to"):
            if e[side] not in families:
                raise CatalogError(f"{file}: path {entry} names unknown role family '{e[side]}' (not in roles.yml)")
        key = (str(e["from"]), str(e["to"]))
        if key[0] == key[1] or key in seen:
            raise CatalogError(f"{file}: path {entry} is a self-loop or listed twice")
        seen.add(key)
        rows.append({"from_role": key[0], "to_role": key[1], "typical_years": float(e.get("typical_years", 2.0))})
    return rows


def _salary_bands(raw: dict[str, Any], roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Expand family x seniority x location factors into bands, minus the deliberate gaps."""
    file = "salary_bands.yml"
    families, seniority, locations = raw.get("families"), raw.get("seniority"), raw.get("locations")
    if not all(isinstance(x, dict) and x for x in (families, seniority, locations)):
        raise CatalogError(f"{file}: needs non-empty mappings 'families', 'seniority' and 'locations'")
    spread = float(raw.get("spread", 0.15))
    currency = str(raw.get("currency", "EUR"))
    for r in roles:
        if r["family"] not in families:
            raise CatalogError(f"{file}: role family '{r['family']}' (from roles.yml) has no base salary")
        if r["location"] not in locations:
            raise CatalogError(f"{file}: location '{r['location']}' of role '{r['title']}' has no location factor")
    for level in seniority:
        _choice(file, f"seniority '{level}'", "level", level, LEVELS)
    excluded: set[tuple[str, str, str | None]] = set()
    for i, ex in enumerate(raw.get("exclude") or []):
        _require(file, f"exclude #{i + 1}", ex, ("family", "location"))
        if ex["family"] not in families or ex["location"] not in locations:
            raise CatalogError(f"{file}: exclude #{i + 1} names an unknown family or location")
        excluded.add((ex["family"], ex["location"], ex.get("seniority")))
    rows: list[dict[str, Any]] = []
    for family, base in families.items():
        for level, level_factor in seniority.items():
            for city, city_factor in locations.items():
                if (family, city, None) in excluded or (family, city, level) in excluded:
                    continue
                mid = float(base) * float(level_factor) * float(city_factor)
                rows.append(
                    {
                        "family": family,
                        "seniority": level,
                        "location": city,
                        "currency": currency,
                        "low": _round500(mid * (1 - spread)),
                        "mid": _round500(mid),
                        "high": _round500(mid * (1 + spread)),
                    }
                )
    return rows


def _round500(value: float) -> int:
    """Pay bands are quoted in steps of 500, as compensation teams publish them."""
    return int(round(value / 500.0)) * 500


def read_catalog(catalog_dir: Path | None = None) -> Catalog:
    """Read and cross-check all catalog files, so nothing half-valid reaches the store."""
    folder = Path(catalog_dir) if catalog_dir else CATALOG_DIR
    skills = _skills(read_yaml(folder / "skills.yml", "skills"))
    names = {s["name"] for s in skills}
    roles = _roles(read_yaml(folder / "roles.yml", "roles"), names)
    courses = _courses(read_yaml(folder / "courses.yml", "courses"), names)
    families = {r["family"] for r in roles}
    edges = _career_edges(read_yaml(folder / "career_paths.yml", "career_paths"), families)
    bands = _salary_bands(read_document(folder / "salary_bands.yml", "families"), roles)
    return Catalog(skills=skills, roles=roles, courses=courses, career_edges=edges, salary_bands=bands)


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
