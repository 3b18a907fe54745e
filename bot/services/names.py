"""Finding people by a typed name: exact, partial and fuzzy ("did you mean ...?")."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_
from sqlmodel import Session, select

from store.models import Candidate
from store.vocabulary import fold

__all__ = ["NameMatches", "find_candidates_by_name", "fold", "name_tokens", "names_in_text"]

_MAX_NAME_CHARS = 120
_STOPWORDS = frozenset(
    "a an the of for to in is are was what whats what's where wheres where's how hows how's status "
    "application applications process pipeline stage about on with and at me show tell please "
    "candidate candidates person profile her his their him them who is's doing update check "
    "currently now current role job opening position interview".split()
)


_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def name_tokens(text: str) -> list[str]:
    """Words of a message that could be part of a name (stopwords and punctuation dropped)."""
    words = _WORD.findall(text[:500])
    return [w for w in words if fold(w) not in _STOPWORDS and len(w) > 1]


@dataclass
class NameMatches:
    """People whose name matches what was typed, best first, and near misses to suggest."""

    query: str
    matches: list[Candidate] = field(default_factory=list)
    suggestions: list[Candidate] = field(default_factory=list)


def find_candidates_by_name(session: Session, query: str, limit: int = 5) -> NameMatches:
    """Whole-name matches first, then all-token matches, else fuzzy suggestions."""
    query = " ".join(query.split())[:_MAX_NAME_CHARS]
    tokens = [fold(t) for t in name_tokens(query)]
    result = NameMatches(query=query)
    if not tokens:
        return result
    folded_query = " ".join(tokens)
    pool = _pool(session, tokens)
    exact = [cid for cid, name in pool if fold(name) == folded_query]
    if exact:
        result.matches = _load(session, exact[:limit])
        return result
    partial = sorted(((name, cid) for cid, name in pool if all(t in fold(name).split() for t in tokens)))
    if partial:
        result.matches = _load(session, [cid for _, cid in partial[:limit]])
        return result
    result.suggestions = _fuzzy(session, folded_query, pool, limit)
    return result


def names_in_text(session: Session, text: str, limit: int = 3) -> list[Candidate]:
    """Candidates whose whole name is written in a message, for a question the NLU could not place."""
    tokens = [fold(t) for t in name_tokens(text)][:12]
    if len(tokens) < 2:
        return []
    words = f" {' '.join(fold(w) for w in _WORD.findall(text[:500]))} "
    found = [cid for cid, name in _pool(session, tokens) if len(fold(name).split()) >= 2 and f" {fold(name)} " in words]
    return _load(session, found[:limit])


def _pool(session: Session, tokens: list[str]) -> list[tuple[int, str]]:
    """(id, name) of candidates sharing a token prefix with the query: names only, as most rows are dropped."""
    clauses = [func.lower(Candidate.full_name).like(f"%{t[:4]}%") for t in tokens if len(t) >= 2]
    if not clauses:
        return []
    return [(cid, name) for cid, name in session.exec(
        select(Candidate.id, Candidate.full_name).where(or_(*clauses)).order_by(Candidate.id).limit(2000)
    )]


def _load(session: Session, ids: list[int]) -> list[Candidate]:
    """The candidates with these ids, in this order."""
    rows = {c.id: c for c in session.exec(select(Candidate).where(Candidate.id.in_(ids)))}  # type: ignore[union-attr]
    return [rows[i] for i in ids if i in rows]


def _fuzzy(session: Session, folded_query: str, pool: list[tuple[int, str]], limit: int) -> list[Candidate]:
    """Closest names by edit similarity; falls back to the whole table for badly typed names."""
    scored = [(difflib.SequenceMatcher(None, folded_query, fold(name)).ratio(), cid) for cid, name in pool]
    good = [cid for score, cid in sorted(scored, key=lambda sc: -sc[0]) if score >= 0.72]
    if good:
        return _load(session, good[:limit])
    names = {fold(n): n for n in session.exec(select(Candidate.full_name).distinct())}
    close = difflib.get_close_matches(folded_query, list(names), n=limit, cutoff=0.75)
    if not close:
        return []
    wanted = [names[c] for c in close]
    found = session.exec(select(Candidate).where(Candidate.full_name.in_(wanted))).all()
    return sorted(found, key=lambda c: wanted.index(c.full_name))[:limit]
