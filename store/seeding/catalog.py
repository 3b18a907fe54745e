"""The curated HR catalog (data/catalog/*.yml) as validated rows, cross-checked file against file.

`read_catalog` is what the store loads (`catalog_load.py`) and what the people generator and the
taxonomy read; each file is read by `catalog_files.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.seeding.catalog_files import CATALOG_DIR, CatalogError, read_document, read_yaml
from store.vocabulary import LEVELS

REMOTE_POLICIES = ("onsite", "hybrid", "remote")
COURSE_FORMATS = ("online", "workshop", "bootcamp", "certification", "book", "mentoring")
COURSE_LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Catalog:
    """The validated catalog as plain rows, ready for upsert or for the people generator."""

    skills: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    career_edges: list[dict[str, Any]]
    salary_bands: list[dict[str, Any]]


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


def _entries(file: str, key: str, raw: Any, fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """The entries of a catalog list, each checked for its mandatory fields as it comes."""
    if not isinstance(raw, list):
        raise CatalogError(f"{file}: '{key}' must be a list")
    for i, row in enumerate(raw):
        _require(file, f"#{i + 1}", row, fields)
        yield row


def _known_skills(file: str, what: str, names: Iterable[str], skills: set[str]) -> None:
    """Every skill a role or course names must be a curated one."""
    for name in names:
        if name not in skills:
            raise CatalogError(f"{file}: {what} unknown skill '{name}' (not in skills.yml)")


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
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for s in _entries(file, "skills", raw, ("name", "category")):
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
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in _entries(file, "roles", raw, ("title", "family", "location", "seniority", "required_skills")):
        entry = f"'{r['title']}'"
        if r["title"] in seen:
            raise CatalogError(f"{file}: role title {entry} is used twice")
        seen.add(r["title"])
        _choice(file, entry, "seniority", r["seniority"], LEVELS)
        _choice(file, entry, "remote_policy", r.get("remote_policy", "hybrid"), REMOTE_POLICIES)
        required = _str_list(file, entry, "required_skills", r.get("required_skills"))
        nice = _str_list(file, entry, "nice_to_have_skills", r.get("nice_to_have_skills"))
        _known_skills(file, f"role {entry} names", required + nice, skills)
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
    rows: list[dict[str, Any]] = []
    for c in _entries(file, "courses", raw, ("code", "title", "level", "format", "skills")):
        entry = f"'{c['code']}'"
        _choice(file, entry, "level", c["level"], COURSE_LEVELS)
        _choice(file, entry, "format", c["format"], COURSE_FORMATS)
        taught = _str_list(file, entry, "skills", c.get("skills"))
        _known_skills(file, f"course {entry} teaches", taught, skills)
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
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for e in _entries(file, "career_paths", raw, ("from", "to")):
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
