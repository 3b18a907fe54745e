"""Which teams a question means: a team's name, a word of team names ('platform') or a department ('engineering')."""

from __future__ import annotations

import re
from functools import lru_cache

from store.seeding.catalog_files import CATALOG_DIR, read_yaml
from store.vocabulary import fold

IGNORED_WORDS = {"team", "teams", "the", "department", "group", "org", "our", "in", "on", "of"}


@lru_cache(maxsize=1)
def departments() -> dict[str, tuple[str, ...]]:
    """Department -> its teams, from data/catalog/departments.yml (read once)."""
    return {name: tuple(teams) for name, teams in read_yaml(CATALOG_DIR / "departments.yml", "departments").items()}


def match_teams(text: str | None, teams: list[str]) -> list[str]:
    """The teams among `teams` that `text` names: exactly, by the words of their names, or as a department."""
    wanted = fold(text or "").strip()
    if not wanted:
        return []
    for team in teams:
        if fold(team) == wanted or fold(team) == wanted.removesuffix(" team").strip():
            return [team]
    words = [w for w in wanted.replace("&", " ").split() if w not in IGNORED_WORDS]
    if not words:
        return []
    by_word = [t for t in teams if all(any(part == w or (len(w) >= 3 and part.startswith(w)) for part in fold(t).split())
                                       for w in words)]
    if by_word:
        return by_word
    for name, members in departments().items():
        if fold(name) == " ".join(words) or all(w in fold(name).split() for w in words):
            return [t for t in teams if t in members]
    return []


_BEFORE_TEAM = re.compile(r"\b([\w&]+(?:\s+[\w&]+)?)\s+team\b")
_NOT_A_TEAM = {"the", "my", "our", "your", "this", "that", "a", "whole", "entire", "each", "every", "which", "what",
               "in", "on", "of", "for", "at", "to", "from", "does", "do", "will", "is"}


def team_in_text(text: str, teams: list[str]) -> str | None:
    """The team or department a question names: a whole team name, a department, or the words before 'team'."""
    folded = fold(text)
    for team in sorted(teams, key=len, reverse=True):
        if re.search(rf"\b{re.escape(fold(team))}\b", folded):
            return team
    for name in departments():  # "in engineering", "for the people department"; not "how many people"
        if re.search(rf"\b(in|for|of|on|at|from)\s+(the\s+)?{re.escape(fold(name))}\b", folded):
            return name
    for match in _BEFORE_TEAM.finditer(folded):
        words = [w for w in match.group(1).split() if w not in _NOT_A_TEAM]
        if words and match_teams(" ".join(words), teams):
            return " ".join(words)
    return None
