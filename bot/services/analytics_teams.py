"""Which teams a question means: a team's name, a word of team names ('platform') or a department ('engineering')."""

from __future__ import annotations

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
    by_word = [t for t in teams if all(any(part.startswith(w) for part in fold(t).split()) for w in words)]
    if by_word:
        return by_word
    for name, members in departments().items():
        if fold(name) == " ".join(words) or all(w in fold(name).split() for w in words):
            return [t for t in teams if t in members]
    return []
