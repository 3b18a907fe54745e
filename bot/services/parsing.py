"""What a message says besides its entities: levels, places, list positions, pronouns, a role, a stage.

The heuristics the services fall back on when the NLU tagged nothing, in one place; each reads only the
text (and the values it may name), never the store. Level words come from data/catalog/vocabulary.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from store.models import Stage
from store.vocabulary import Seniority, fold, level_words, stage_words

MAX_TEXT = 500
_LEVEL_WORDS = level_words("question")
PLACE_ALIASES = {"nyc": "new york", "ny": "new york", "muenchen": "munich", "munchen": "munich",
                 "zuerich": "zurich", "wien": "vienna", "lisboa": "lisbon", "warszawa": "warsaw"}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "last": -1,
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10}
_NOUN = r"one|ones|candidate|person|result|option|match|entry|guy|girl|profile|name"
_WORD_ORDINAL = re.compile(rf"\b(?P<the>the\s+)?(?P<ord>{'|'.join(ORDINAL_WORDS)})\b(?:\s+(?P<noun>{_NOUN})\b)?", re.I)
_NUMERIC_ORDINAL = re.compile(
    r"(?:\b(?:number|no\.?|option|candidate|result|nr\.?)\s*#?\s*(?P<a>\d{1,3})\b)|(?:#\s*(?P<b>\d{1,3})\b)"
    r"|(?:\b(?P<c>\d{1,3})(?:st|nd|rd|th)\b)",
    re.I,
)
_FIRST_N = re.compile(rf"\b(?:the\s+)?(?:top|first)\s+(?P<n>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\b", re.I)
_FOLLOWERS = ("of ", "in ", "on ", "from ", "and ", "vs", "with ", "for ", "or ", "against ", "please", "pls")
_LIST_PRONOUN = re.compile(r"\b(them|they|these|those|all of them|both|everyone|the list)\b", re.I)
_SINGLE_PRONOUN = re.compile(
    r"\b(her|hers|him|his|she|he|they|them|their|this|that)\b(?:\s+(?:candidate|person|one|guy|girl))?", re.I
)
_CURRENT_ROLE = re.compile(r"\b(this|that|same|the)\s+(role|position|job|opening)\b|\bfor it\b|\bits\b")
_TOWARDS = re.compile(
    r"\b(?:become|becoming|be|move\s+(?:in)?to|switch\s+to|transition\s+to|path\s+to|get\s+to|for)\s+"
    r"(?:an?\s+|the\s+)?([\w][\w ,&/+-]{1,80}?)\s*(?:[?.!]|$|\s+(?:role|position|job|in|by|within)\b)",
    re.IGNORECASE,
)


def normalise_level(text: str | None) -> Seniority | None:
    """The seniority level "Senior", "sr", "mid-level", "staff" ... names; None if none matches."""
    key = " ".join(fold(text or "").replace("_", " ").split()).rstrip(".")
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    return _LEVEL_WORDS.get(key.removesuffix(" level").removesuffix("-level"))


def level_in_text(text: str) -> Seniority | None:
    """The first seniority word written in a message."""
    for word in re.findall(r"[a-z]+(?:-[a-z]+)?", fold(text[:2000])):
        level = normalise_level(word)
        if level:
            return level
    return None


_LEVEL_NOUN = re.compile(r"^\s*(?:-?\s*level\s+)?(?:roles?|positions?|jobs?|openings?|titles?|levels?|track)\b")


def level_as_target(text: str) -> Seniority | None:
    """The level a message asks about as its own target ("a lead role", "senior positions"), not as a follow-up."""
    folded = fold(text[:2000])
    for match in re.finditer(r"[a-z]+(?:-[a-z]+)?", folded):
        level = normalise_level(match.group())
        if level and _LEVEL_NOUN.match(folded[match.end():]):
            return level
    return None


def place_key(text: str | None) -> str:
    """A typed place as compared with known ones: accent-insensitive, common aliases resolved ("NYC")."""
    wanted = fold(" ".join((text or "").split())[:120])
    return PLACE_ALIASES.get(wanted, wanted)


def place_in_text(text: str, places: Iterable[str]) -> str | None:
    """The first of `places` written out in a message (aliases such as "NYC" count)."""
    folded = f" {' '.join(re.findall(r'[a-z]+', fold(text[:2000])))} "
    for alias, name in PLACE_ALIASES.items():
        folded = folded.replace(f" {alias} ", f" {name} ")
    return next((place for place in places if f" {fold(place)} " in folded), None)


def ordinals_in(text: str) -> list[int]:
    """Positions named in the text, 1-based; -1 means "the last one"."""
    text = text[:MAX_TEXT]
    found: list[tuple[int, int]] = []
    for m in _WORD_ORDINAL.finditer(text):
        rest = text[m.end():].lstrip()
        standalone = not rest or rest[0] in ".,?!;:'’)" or rest.lower().startswith(_FOLLOWERS)
        whole = fold(text).strip(" ?!.") == fold(m.group(0))
        if m.group("noun") or whole or (m.group("the") and standalone):
            found.append((m.start(), ORDINAL_WORDS[m.group("ord").lower()]))
    for m in _NUMERIC_ORDINAL.finditer(text):
        value = int(m.group("a") or m.group("b") or m.group("c"))
        if value > 0:
            found.append((m.start(), value))
    return [value for _, value in sorted(found)]


def first_n(text: str) -> int | None:
    """"the first two" / "top 3": how many from the head of the last list."""
    m = _FIRST_N.search(text[:MAX_TEXT])
    if not m:
        return None
    raw = m.group("n").lower()
    n = NUMBER_WORDS.get(raw) or int(raw)
    return n if n >= 2 else None  # "the first one" is an ordinal, not a count


def points_at_one(text: str) -> bool:
    """True when the message points at one person already talked about ("her", "this candidate")."""
    return bool(_SINGLE_PRONOUN.search(text))


def points_at_list(text: str) -> bool:
    """True when the message points at the whole last list ("them", "both", "everyone")."""
    return bool(_LIST_PRONOUN.search(text))


def mentions_current_role(text: str) -> bool:
    """True when the message points back at the role talked about ("this role", "for it")."""
    return bool(_CURRENT_ROLE.search(fold(text[:500])))


def target_phrases(text: str) -> list[str]:
    """What follows "become", "move to", "path to", "for" ...: where a coaching question names its target."""
    return [m.group(1) for m in _TOWARDS.finditer(text)]


# Stage words for moves (data/catalog/vocabulary.yml), longest first so "phone screen" beats "phone".
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
    stage_parts = {w for phrase, _ in _STAGE_WORDS for w in phrase.replace("-", " ").split()}
    kept = [w for w in re.split(r"\s+", cleaned) if fold(w).strip("?!.,;:") not in _ACTION_WORDS | stage_parts]
    return " ".join(kept).strip()
