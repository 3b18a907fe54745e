"""Candidate archetypes: who is in the synthetic talent pool, derived from the catalog's role families."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.seeding.catalog_files import CATALOG_DIR, read_yaml
from store.vocabulary import LADDER, Seniority

SENIORITY_RANK: dict[str, int] = {level.value: level.rank for level in LADDER}
YEARS = {Seniority.junior: (0.0, 2.0), Seniority.mid: (2.0, 5.0), Seniority.senior: (5.0, 9.0),
         Seniority.lead: (8.0, 14.0), Seniority.principal: (12.0, 20.0)}


@dataclass(frozen=True)
class Archetype:
    """A kind of professional: the role families they fit and what their resumes talk about."""

    key: str
    families: tuple[str, ...]
    weight: float
    extra_skills: tuple[str, ...]
    fields: tuple[str, ...]
    contexts: tuple[str, ...]
    outcomes: tuple[str, ...]
    top_seniority: Seniority = Seniority.principal
    phd_rate: float = 0.1


def read_archetypes(path: Path = CATALOG_DIR / "archetypes.yml") -> tuple[Archetype, ...]:
    """The archetypes of data/catalog/archetypes.yml, in file order, lists read as tuples."""
    rows = read_yaml(path, "archetypes")
    return tuple(Archetype(**{k: _field(k, v) for k, v in row.items()}) for row in rows)


def _field(key: str, value: Any) -> Any:
    """YAML lists as tuples, the top seniority as the vocabulary's Enum."""
    if key == "top_seniority":
        return Seniority(value)
    return tuple(value) if isinstance(value, list) else value


ARCHETYPES: tuple[Archetype, ...] = read_archetypes()


@dataclass
class SkillPools:
    """What someone of a family and seniority typically knows: must-haves and extras."""

    core: list[str]
    optional: list[str]


def skill_pools(
    archetype: Archetype, family: str, seniority: str, roles: Sequence[dict[str, Any]], known: set[str]
) -> SkillPools:
    """Core = skills the family's roles at or below this seniority require; the archetype's rest is optional."""
    rank = SENIORITY_RANK[seniority]
    own = sorted((r for r in roles if r["family"] == family), key=lambda r: SENIORITY_RANK[r["seniority"]])
    fitting = [r for r in own if SENIORITY_RANK[r["seniority"]] <= rank] or own[:1]
    core: list[str] = []
    for role in fitting:
        core.extend(s for s in role["required_skills"] if s not in core)
    optional: list[str] = []
    related = [r for r in roles if r["family"] in archetype.families]
    for role in related:
        for skill in [*role["nice_to_have_skills"], *role["required_skills"]]:
            if skill not in core and skill not in optional:
                optional.append(skill)
    optional.extend(s for s in archetype.extra_skills if s not in core and s not in optional)
    return SkillPools(core=[s for s in core if s in known], optional=[s for s in optional if s in known])


def fitting_families(archetype: Archetype, seniority: str, roles: Sequence[dict[str, Any]]) -> list[str]:
    """The archetype's families whose openings sit closest to this seniority (ties all fit)."""
    distance: dict[str, int] = {}
    for family in archetype.families:
        levels = [SENIORITY_RANK[r["seniority"]] for r in roles if r["family"] == family]
        if levels:
            distance[family] = min(abs(level - SENIORITY_RANK[seniority]) for level in levels)
    if not distance:
        return [archetype.families[0]]
    best = min(distance.values())
    return [f for f in archetype.families if distance.get(f) == best]


def job_title(family: str, seniority: str) -> str:
    """'Senior Data Scientist'; a family that already says 'Lead' is its own title."""
    if "Lead" in family.split():
        return family
    word = Seniority(seniority).title_word
    return f"{word} {family}" if word else family
