"""Recruiter writes in words: stage names, "next round", and what is left of a request to name a person."""

from __future__ import annotations

import re

from bot.services.names import fold
from store.models import FUNNEL, Stage
from store.vocabulary import stage_words

SHORTLIST = "shortlist"
MOVE_STAGE = "move_stage"
TERMINAL: frozenset[Stage] = frozenset({Stage.hired, Stage.rejected})
_RANK = {stage: i for i, stage in enumerate(FUNNEL)}
# The stage parser's words (data/catalog/vocabulary.yml), longest first so "phone screen" beats "phone".
_STAGE_WORDS: list[tuple[str, Stage]] = sorted(stage_words("bot").items(), key=lambda pair: -len(pair[0]))
_NEXT_WORDS = re.compile(
    r"\b(next (round|stage|step)|advance|advancing|move (them |him |her )?(forward|on|ahead|up)|"
    r"moving forward|progress|push (them |him |her )?(forward|through)|one step further)\b"
)


def parse_stage(text: str | None) -> Stage | None:
    """A canonical stage for a stage word or phrase ("phone screen", "tech interview", "reject")."""
    key = " ".join(fold(text or "").replace("-", " ").split())[:60]
    if not key:
        return None
    try:
        return Stage(key.replace(" ", "_"))
    except ValueError:
        pass
    return next((stage for word, stage in _STAGE_WORDS if word.replace("-", " ") == key), None)


def stage_in_text(text: str) -> Stage | None:
    """The stage a message names ("move her from screening to the onsite" -> onsite)."""
    words = re.findall(r"[a-z_]+", fold(text[:2000]).replace("-", " "))
    cut = max((i for i, w in enumerate(words) if w in ("to", "into")), default=-1)
    for part in (words[cut + 1:], words) if cut >= 0 else (words,):
        found = _first_stage(part)
        if found is not None:
            return found
    return None


def _first_stage(words: list[str]) -> Stage | None:
    """The earliest stage phrase among `words` (the longest phrase where several start there)."""
    for start in range(len(words)):
        for phrase, stage in _STAGE_WORDS:
            parts = phrase.replace("-", " ").split()
            if words[start:start + len(parts)] == parts:
                return stage
    return None


def wants_next_stage(text: str) -> bool:
    """True for "next round", "advance", "move forward" and the like."""
    return bool(_NEXT_WORDS.search(fold(text[:2000])))


def next_stage(stage: Stage) -> Stage | None:
    """The following funnel stage; None after hired and for rejected."""
    if stage not in _RANK or stage is Stage.hired:
        return None
    return FUNNEL[_RANK[stage] + 1]


def funnel_step(current: Stage, to: Stage) -> tuple[bool, list[str]]:
    """Whether moving `current` -> `to` goes back down the funnel, and the stages it skips going up."""
    backwards = to in _RANK and _RANK[to] < _RANK[current]
    skipped = [s.value for s in FUNNEL[_RANK[current] + 1:_RANK[to]]] if to in _RANK and not backwards else []
    return backwards, skipped


def target_stage(stage_values: list[str], text: str) -> tuple[Stage | None, bool]:
    """The stage a move asks for (a stage entity, else stage words in the text) and whether "next" was meant."""
    for value in stage_values:
        stage = parse_stage(str(value))
        if stage is not None:
            return stage, False
    stage = stage_in_text(text)
    if stage is not None:
        return stage, False
    return None, wants_next_stage(text)


_ACTION_WORDS = frozenset(
    "shortlist short-list shortlisted shortlisting add save put move moving moved advance advancing progress push "
    "forward ahead back stage round step next to into from for please pls can could you would candidate now "
    "up on through further".split()
)


def person_text(text: str, drop: list[str]) -> str:
    """The message without role titles, stage words and write verbs: what is left may name a person."""
    cleaned = (text or "")[:500]
    for phrase in sorted((d for d in drop if d), key=len, reverse=True):
        cleaned = re.sub(rf"(?i)\b{re.escape(phrase)}\b", " ", cleaned)
    stage_words = {w for phrase, _ in _STAGE_WORDS for w in phrase.replace("-", " ").split()}
    kept = [w for w in re.split(r"\s+", cleaned) if fold(w).strip("?!.,;:") not in _ACTION_WORDS | stage_words]
    return " ".join(kept).strip()
