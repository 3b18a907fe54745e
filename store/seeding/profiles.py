"""Professional profiles: archetype, seniority, family, experience and skills, independent of identity."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from store.seeding.archetypes import (
    ARCHETYPES,
    SENIORITY_RANK,
    YEARS,
    Archetype,
    SkillPools,
    fitting_families,
    skill_pools,
)
from store.vocabulary import LEVELS, Seniority

SENIORITY_WEIGHTS = {Seniority.junior: 0.2, Seniority.mid: 0.35, Seniority.senior: 0.28, Seniority.lead: 0.12,
                     Seniority.principal: 0.05}
CORE_RATE = 0.85
MIN_CORE = 3
CAREER_CHANGER_RATE = 0.08
LANGUAGE_RATE = 0.35


@dataclass(frozen=True)
class Profile:
    """What someone does professionally; the generator's hidden ground truth for relevance."""

    archetype: Archetype
    seniority: str
    family: str
    years: float
    skills: list[str]


class ProfileDrawer:
    """Draws profiles from the catalog's roles and skills, caching the per-level skill pools."""

    def __init__(self, roles: Sequence[dict[str, Any]], skill_categories: dict[str, str]) -> None:
        self.roles = list(roles)
        self.known = set(skill_categories)
        self.archetypes = [a for a in ARCHETYPES if any(r["family"] in a.families for r in self.roles)]
        self.cum_weights = list(accumulate(a.weight for a in self.archetypes))
        self.soft = sorted(s for s, c in skill_categories.items() if c == "soft")
        self.languages = sorted(s for s, c in skill_categories.items() if c == "language")
        self._pools: dict[tuple[str, str, str], SkillPools] = {}
        self._levels: dict[str, tuple[list[str], list[float]]] = {}
        self._families: dict[tuple[str, str], list[str]] = {}

    def unknown_skills(self) -> list[str]:
        """Archetype skills missing from the taxonomy (a catalog edit broke the generator's data)."""
        return sorted({s for a in ARCHETYPES for s in a.extra_skills if s not in self.known})

    def _levels_for(self, archetype: Archetype) -> tuple[list[str], list[float]]:
        """Seniorities this archetype reaches, with cumulative weights."""
        if archetype.key not in self._levels:
            top = SENIORITY_RANK[archetype.top_seniority]
            levels = [s for s in LEVELS if SENIORITY_RANK[s] <= top]
            self._levels[archetype.key] = (levels, list(accumulate(SENIORITY_WEIGHTS[s] for s in levels)))
        return self._levels[archetype.key]

    def pools(self, archetype: Archetype, family: str, seniority: str) -> SkillPools:
        """Core and optional skills for this family at this level."""
        key = (archetype.key, family, seniority)
        if key not in self._pools:
            self._pools[key] = skill_pools(archetype, family, seniority, self.roles, self.known)
        return self._pools[key]

    def draw(self, rng: random.Random) -> Profile:
        """One profile: archetype by weight, level, a fitting family, years in that level's range, skills."""
        archetype = rng.choices(self.archetypes, cum_weights=self.cum_weights)[0]
        levels, cum = self._levels_for(archetype)
        seniority = rng.choices(levels, cum_weights=cum)[0]
        key = (archetype.key, seniority)
        if key not in self._families:
            self._families[key] = fitting_families(archetype, seniority, self.roles)
        family = rng.choice(self._families[key])
        low, high = YEARS[seniority]
        years = round(rng.uniform(low, high), 1)
        return Profile(archetype, seniority, family, years, self.skills(rng, archetype, family, seniority))

    def skills(self, rng: random.Random, archetype: Archetype, family: str, seniority: str) -> list[str]:
        """Most core skills, a few optional ones, soft skills, maybe a language or a career change."""
        pools = self.pools(archetype, family, seniority)
        chosen = [s for s in pools.core if rng.random() < CORE_RATE]
        for s in pools.core:
            if len(chosen) >= min(MIN_CORE, len(pools.core)):
                break
            if s not in chosen:
                chosen.append(s)
        optional = [s for s in pools.optional if s not in chosen]
        chosen += rng.sample(optional, min(len(optional), rng.randint(1, 4)))
        soft = [s for s in self.soft if s not in chosen]
        chosen += rng.sample(soft, min(len(soft), rng.randint(1, 2)))
        if self.languages and rng.random() < LANGUAGE_RATE:
            language = rng.choice(self.languages)
            if language not in chosen:
                chosen.append(language)
        if rng.random() < CAREER_CHANGER_RATE:
            other = rng.choice(self.archetypes)
            other_family = other.families[0]
            extra = [s for s in self.pools(other, other_family, "mid").core if s not in chosen]
            chosen += rng.sample(extra, min(len(extra), rng.randint(1, 2)))
        return chosen
