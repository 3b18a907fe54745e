"""Seniority: one rule, shared by resumes and ATS rows, from a level cell, a title's level words or years."""

from __future__ import annotations

import re

from store.vocabulary import Seniority, level_words

# Level words in a title or an ATS "level" cell -> the store's seniority (data/catalog/vocabulary.yml, `title`).
SENIORITY_WORDS: dict[str, Seniority] = level_words("title")
# Years alone give junior (< 2), mid (< 5) or senior. Lead and principal are roles a title states, not
# tenure: in the seeded store every lead/principal carries the word in their title (seeding/archetypes.py
# job_title) and the years overlap (senior 5-9, lead 8-14), so ten years as "Frontend Engineer" is senior.
SENIORITY_YEARS = ((2.0, Seniority.junior), (5.0, Seniority.mid))


def seniority_for(value: str | None, years: float | None, headline: str = "") -> Seniority | None:
    """One seniority rule for resumes and ATS rows: a level cell, else the title's level words, else years."""
    for phrase in (value, headline):
        levels = [SENIORITY_WORDS[w] for w in re.findall(r"[a-z]+", (phrase or "").casefold()) if w in SENIORITY_WORDS]
        if levels:
            return max(levels, key=lambda level: level.rank)  # "Senior Staff Engineer" is staff, i.e. lead
    if years is None:
        return None
    return next((level for limit, level in SENIORITY_YEARS if years < limit), Seniority.senior)
