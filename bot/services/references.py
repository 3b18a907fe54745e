"""Who a follow-up means: "the second one", "her", "compare the first two", or a typed name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from bot.services.names import NameMatches, find_candidates_by_name, name_tokens
from bot.services.parsing import MAX_TEXT, first_n, ordinals_in, points_at_list, points_at_one
from store.models import Candidate
from store.vocabulary import fold

MAX_PEOPLE = 5
_LOOSE = str.maketrans({"ı": "i", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})
# Words that are never part of a person's name in profile / compare requests.
_FILLER = frozenset(
    fold(w) for w in (
        "tell more details detail background skills skill experience cv resume summary open give summarise "
        "summarize compare comparison vs versus against side by next each other put differences difference "
        "between better best fit stronger strongest weaker which rank ranking stack up years many much does did "
        "do has have had study studied work works working right now where who whom whose this that these those "
        "one ones two three both all everyone everybody list could would can you pls please thanks thank "
        "see view look looks like info information more know want need show display bring pull up full "
        "summary overview history education degree school company employer currently latest recent versus "
        "ok okay hey hi hello yes no also again same other another them they her him his she he their "
        "hers details guy girl good great mean meant sorry I i we us our my mine pick choose "
        "first second third fourth fifth sixth seventh eighth ninth tenth last top number option result "
        "match matches role opening position job fit for against"
    ).split()
)


@dataclass
class PersonRef:
    """One resolved person (or why not): the candidate, the name lookup behind it, and how it was found."""

    candidate: Candidate | None
    lookup: NameMatches = field(default_factory=lambda: NameMatches(query=""))
    source: str = "none"  # entity | ordinal | pronoun | none
    ordinal: int | None = None  # the position asked for, when source is "ordinal"
    list_size: int = 0  # how many people the last list had


@dataclass
class PeopleRef:
    """Several people for a comparison: those resolved, and the names that need a "did you mean"."""

    candidates: list[Candidate] = field(default_factory=list)
    unresolved: list[NameMatches] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def slot_ids(slots: dict[str, Any], name: str = "last_candidates") -> list[int]:
    """A list slot of candidate ids as ints, ignoring anything malformed."""
    raw = slots.get(name)
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raw = [raw]
    out: list[int] = []
    for item in raw:
        try:
            out.append(int(str(item).strip()))
        except ValueError:
            continue
    return out


def slot_id(slots: dict[str, Any], name: str = "person_id") -> int | None:
    """A single candidate id slot as int, or None."""
    ids = slot_ids(slots, name)
    return ids[0] if ids else None


def pick(ids: list[int], position: int) -> int | None:
    """The id at a 1-based position (-1 = last), or None when out of range."""
    if not ids:
        return None
    if position == -1:
        return ids[-1]
    return ids[position - 1] if 1 <= position <= len(ids) else None


def name_query(text: str) -> str:
    """The words of a message that could be a name, filler, ordinals and possessive "'s" removed."""
    words = (re.sub(r"['’]s$", "", w) for w in name_tokens(text[:MAX_TEXT].replace("’", "'")))
    return " ".join(w for w in words if fold(w) not in _FILLER)


def _by_name(session: Session, name: str, preferred: list[int]) -> PersonRef:
    """A typed name: one match wins; several are narrowed to the last list when that leaves one."""
    lookup = find_candidates_by_name(session, name)
    if not lookup.matches:  # names.py's SQL prefilter misses accented names ("Hằng Đỗ"); its fuzzy pass finds them
        lookup.matches = [c for c in lookup.suggestions if _loose(c.full_name) == _loose(" ".join(name.split()))]
        lookup.suggestions = [] if lookup.matches else lookup.suggestions
    matches = lookup.matches
    if len(matches) > 1 and preferred:
        shown = [c for c in matches if c.id in preferred]
        if len(shown) == 1:
            matches = shown
    return PersonRef(matches[0] if len(matches) == 1 else None, lookup, "entity")


def _widened(session: Session, text: str, name: str, preferred: list[int]) -> PersonRef | None:
    """The NLU tagged part of a name ("James" of "James Hall"): retry with the words that follow it."""
    at = fold(text).find(fold(name))
    if at < 0:
        return None
    following = name_tokens(text[at + len(name):])[:2]
    for n in (2, 1):
        if len(following) >= n:
            ref = _by_name(session, " ".join([name, *following[:n]]), preferred)
            if ref.candidate is not None:
                return ref
    return None


def _loose(text: str) -> str:
    """fold() plus the letters it keeps ("ı", "đ"), so "Yildiz" equals "Yıldız"."""
    return fold(text).translate(_LOOSE)


def _get(session: Session, candidate_id: int | None) -> Candidate | None:
    """A candidate by id, tolerating stale ids in slots."""
    return session.get(Candidate, candidate_id) if candidate_id is not None else None


def resolve_person(session: Session, text: str, entity_names: list[str], slots: dict[str, Any]) -> PersonRef:
    """One person from a name entity, an ordinal into the last list, a pronoun, or name words in the text."""
    text = (text or "")[:MAX_TEXT]
    last = slot_ids(slots)
    names = [n for n in (e.strip() for e in entity_names or [] if isinstance(e, str)) if n]
    if names:
        ref = _by_name(session, names[0], last)
        return ref if ref.candidate is not None else _widened(session, text, names[0], last) or ref
    positions = ordinals_in(text)
    if positions:
        wanted = pick(last, positions[0])
        return PersonRef(_get(session, wanted), source="ordinal", ordinal=positions[0], list_size=len(last))
    query = name_query(text)
    if query and not points_at_one(text):
        ref = _by_name(session, query, last)
        if ref.candidate or ref.lookup.matches or ref.lookup.suggestions or slot_id(slots) is None:
            return ref
    current = _get(session, slot_id(slots))
    if current is not None:
        return PersonRef(current, source="pronoun")
    return PersonRef(None, NameMatches(query=query), "none")


def resolve_people(session: Session, text: str, entity_names: list[str], slots: dict[str, Any]) -> PeopleRef:
    """Several people for a comparison: names, ordinals, "the first two", "them", "her", or split text."""
    text = (text or "")[:MAX_TEXT]
    last = slot_ids(slots)
    out = PeopleRef()
    seen: set[int] = set()

    def add(candidate: Candidate | None, source: str) -> None:
        if candidate is not None and candidate.id not in seen and len(out.candidates) < MAX_PEOPLE:
            seen.add(int(candidate.id or 0))
            out.candidates.append(candidate)
            out.sources.append(source)

    names = [n for n in (e.strip() for e in entity_names or [] if isinstance(e, str)) if n]
    if not names and not ordinals_in(text) and not first_n(text):
        names = _split_names(text)
    if points_at_one(text) and not points_at_list(text):
        add(_get(session, slot_id(slots)), "pronoun")
    for name in dict.fromkeys(names):
        ref = _by_name(session, name, last)
        if ref.candidate is not None:
            add(ref.candidate, "entity")
        else:
            out.unresolved.append(ref.lookup)
    n = first_n(text)
    if n:
        for cid in last[:n]:
            add(_get(session, cid), "ordinal")
    for position in ordinals_in(text):
        add(_get(session, pick(last, position)), "ordinal")
    if not out.candidates and not out.unresolved and points_at_list(text):
        for cid in last[:MAX_PEOPLE]:
            add(_get(session, cid), "pronoun")
    return out


_SPLIT = re.compile(r",|;|&|\+|/|\b(?:and|vs\.?|versus|or|against|with|to)\b", re.I)


def _split_names(text: str) -> list[str]:
    """Name-like chunks of "compare Ana Silva and Jonas Becker" when the NLU found no entities."""
    chunks = [name_query(part) for part in _SPLIT.split(text)]
    return [c for c in chunks if c]
