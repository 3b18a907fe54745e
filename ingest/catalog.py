"""Openings and training courses as rows of CSV, JSON or YAML, read and checked into Role / Course fields.

Fields are those of data/catalog/roles.yml and courses.yml (data/samples/README.md lists them).
In CSV, list fields hold several values separated by ';' (or ',' for skill lists); skills are
normalised to the taxonomy ('k8s' -> Kubernetes) and a skill the taxonomy does not know fails
the row with a clear reason, because matching and screening compare canonical names only.
`catalog_import.py` writes the rows to the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import SQLModel

from ingest.errors import IngestError
from ingest.readers import MAX_BYTES, ReadError, check_size, decode_bytes
from ingest.tabular import header_key, read_rows, split_list
from retrieval.taxonomy import Taxonomy
from store.models import Course, Role
from store.vocabulary import LEVELS, Seniority, level_words

REMOTE_POLICIES = ("onsite", "hybrid", "remote")
COURSE_FORMATS = ("online", "workshop", "bootcamp", "certification", "book", "mentoring")
COURSE_LEVELS = ("beginner", "intermediate", "advanced")
TITLE_SENIORITY = level_words("title_start")  # 'Senior X' -> senior (data/catalog/vocabulary.yml)
SENTENCE_LIST = re.compile(r"\s*[;|\n]\s*")  # responsibilities contain commas


@dataclass(frozen=True)
class Kind:
    """What differs between importing roles and importing courses."""

    name: str  # roles | courses
    model: type[SQLModel]
    key: str  # the natural key: title | code
    action: str
    entity: str
    skill_fields: tuple[str, ...]


ROLES = Kind("roles", Role, "title", "import_role", "role", ("required_skills", "nice_to_have_skills"))
COURSES = Kind("courses", Course, "code", "import_course", "course", ("skills",))


class CatalogRowError(IngestError, ValueError):
    """A role or course row that cannot be imported; the message names the field."""


def read_catalog_rows(path: Path, kind: Kind, *, max_bytes: int = MAX_BYTES) -> list[tuple[str, dict[str, Any]]]:
    """(where, raw row) from a CSV, JSON (array or {roles: [...]}) or YAML file (a list or {roles: [...]})."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        check_size(path, max_bytes)
        try:
            doc = yaml.safe_load(decode_bytes(path.read_bytes()))
        except yaml.YAMLError as exc:
            raise ReadError(f"not valid YAML ({type(exc).__name__})") from None
        if isinstance(doc, dict) and isinstance(doc.get(kind.name), list):
            doc = doc[kind.name]
        if not isinstance(doc, list):
            raise ReadError(f"expected a list of {kind.name} (or a mapping with a '{kind.name}' list)")
        return _normalised_keys([(f"item {n}", r if isinstance(r, dict) else {}) for n, r in enumerate(doc, start=1)])
    if suffix not in (".csv", ".json", ".jsonl"):
        raise ReadError(f"unsupported file type '{suffix or path.name}' (expected csv, json, yml)")
    return _normalised_keys(read_rows(path, max_bytes=max_bytes))


def _normalised_keys(rows: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(where, {header_key(str(k)): v for k, v in row.items()}) for where, row in rows]


def _text(row: dict[str, Any], name: str, default: str = "") -> str:
    value = row.get(name)
    return default if value is None else " ".join(str(value).split())


def _choice(row: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = _text(row, name).casefold() or default
    if value not in allowed:
        raise CatalogRowError(f"{name} '{value[:40]}' is not one of {', '.join(allowed)}")
    return value


def _number(row: dict[str, Any], name: str) -> float:
    value = row.get(name)
    if value in (None, ""):
        return 0.0
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise CatalogRowError(f"{name} '{str(value)[:20]}' is not a number") from None
    if number < 0:
        raise CatalogRowError(f"{name} must not be negative")
    return number


def _skills(row: dict[str, Any], name: str, taxonomy: Taxonomy) -> list[str]:
    out: list[str] = []
    for term in split_list(row.get(name)):
        hit = taxonomy.normalise(term)
        if hit is None:
            raise CatalogRowError(f"{name}: unknown skill '{term[:60]}' (not in the skill taxonomy)")
        if hit.skill not in out:
            out.append(hit.skill)
    return out


def _sentences(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else SENTENCE_LIST.split(str(value))
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def _bool(value: Any, default: bool = True) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in ("1", "true", "yes", "y", "open"):
        return True
    if word in ("0", "false", "no", "n", "closed", "filled"):
        return False
    raise CatalogRowError(f"is_open '{str(value)[:20]}' is not yes/no")


def role_fields(row: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """A raw row as Role fields; family and seniority default from the title ('Senior X' -> X, senior)."""
    title = _text(row, "title")
    if not title:
        raise CatalogRowError("no title")
    words = title.split()
    guess = TITLE_SENIORITY.get(words[0].casefold(), Seniority.mid).value if words else Seniority.mid.value
    family = _text(row, "family") or (" ".join(words[1:]) if words[0].casefold() in TITLE_SENIORITY and len(words) > 1 else title)
    required = _skills(row, "required_skills", taxonomy)
    if not required:
        raise CatalogRowError("no required_skills (the must-haves matching and screening use)")
    nice = [s for s in _skills(row, "nice_to_have_skills", taxonomy) if s not in required]
    return {
        "title": title[:200],
        "family": family[:200],
        "team": _text(row, "team")[:120],
        "location": _text(row, "location")[:120],
        "remote_policy": _choice(row, "remote_policy", REMOTE_POLICIES, "hybrid"),
        "seniority": _choice(row, "seniority", LEVELS, guess),
        "min_years": _number(row, "min_years"),
        "summary": _text(row, "summary"),
        "required_skills": required,
        "nice_to_have_skills": nice,
        "responsibilities": _sentences(row.get("responsibilities")),
        "is_open": _bool(row.get("is_open")),
    }


def course_fields(row: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """A raw row as Course fields; prerequisites are course codes."""
    code, title = _text(row, "code"), _text(row, "title")
    if not code:
        raise CatalogRowError("no code")
    if not title:
        raise CatalogRowError("no title")
    skills = _skills(row, "skills", taxonomy)
    if not skills:
        raise CatalogRowError("no skills (what the course teaches)")
    return {
        "code": code[:40],
        "title": title[:300],
        "provider": _text(row, "provider")[:120],
        "format": _choice(row, "format", COURSE_FORMATS, "online"),
        "level": _choice(row, "level", COURSE_LEVELS, "intermediate"),
        "hours": _number(row, "hours"),
        "skills": skills,
        "prerequisites": [c for c in split_list(row.get("prerequisites"))],
        "description": _text(row, "description"),
    }
