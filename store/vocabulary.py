"""The store's two vocabularies, Stage and Seniority, and the words people write for them.

The words live in data/catalog/vocabulary.yml, which the NLU (nlu/lookups.py, the other environment)
reads too; this module checks that file against the enums and tells each reader which value a word
means. `fold` is the form every such comparison is made in.
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from store.errors import StoreError

VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "data" / "catalog" / "vocabulary.yml"
STAGE_READERS = frozenset({"nlu", "bot"})
SENIORITY_READERS = frozenset({"nlu", "nlu_title", "question", "title", "title_start", "target", "abbreviation"})


class VocabularyError(StoreError, ValueError):
    """vocabulary.yml disagrees with the enums or with itself; the message says where."""


class Stage(str, Enum):
    """Pipeline stages in funnel order; `rejected` is terminal and may follow any stage."""

    applied = "applied"
    screening = "screening"
    phone_screen = "phone_screen"
    technical_interview = "technical_interview"
    onsite = "onsite"
    offer = "offer"
    hired = "hired"
    rejected = "rejected"

    @property
    def label(self) -> str:
        """How a reply writes the stage ("phone screen", "onsite interview")."""
        return str(_entry("stages", self.value)["label"])


FUNNEL: tuple[Stage, ...] = tuple(s for s in Stage if s is not Stage.rejected)


class Seniority(str, Enum):
    """The seniority ladder, lowest first; stored as its value and written as its value in text."""

    junior = "junior"
    mid = "mid"
    senior = "senior"
    lead = "lead"
    principal = "principal"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def rank(self) -> int:
        """0 for junior up to 4 for principal: how far up the ladder."""
        return LADDER.index(self)

    @property
    def title_word(self) -> str:
        """How a job title states the level ("Senior"); "" for mid, which titles leave unsaid."""
        return str(_entry("seniorities", self.value)["title"])

    @classmethod
    def of(cls, value: object) -> Seniority | None:
        """The level a stored value names exactly ("senior"), or None for anything else."""
        return cls._value2member_map_.get(value) if isinstance(value, str) else None  # type: ignore[return-value]


LADDER: tuple[Seniority, ...] = tuple(Seniority)
LEVELS: tuple[str, ...] = tuple(s.value for s in LADDER)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "zoe" finds "Zoë" and "lukasz" finds "Łukasz"."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def stage_words(reader: str) -> dict[str, Stage]:
    """Word -> stage for one reader ("nlu" or "bot"), in file order."""
    return {word: Stage(value) for word, value in _read("stages", reader, STAGE_READERS).items()}


def level_words(reader: str) -> dict[str, Seniority]:
    """Word -> seniority for one reader ("question", "title", ...), in file order."""
    return {word: Seniority(value) for word, value in _read("seniorities", reader, SENIORITY_READERS).items()}


def _read(section: str, reader: str, readers: frozenset[str]) -> dict[str, str]:
    if reader not in readers:
        raise VocabularyError(f"{section} has no reader {reader!r} (readers: {', '.join(sorted(readers))})")
    return _index()[section][reader]


@cache
def _document() -> dict[str, Any]:
    doc = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise VocabularyError(f"{VOCABULARY_FILE.name}: needs the mappings 'stages' and 'seniorities'")
    return doc


def _entry(section: str, value: str) -> dict[str, Any]:
    _index()  # the file is checked before any part of it is used
    return dict(_document()[section][value])


@cache
def _index() -> dict[str, dict[str, dict[str, str]]]:
    """section -> reader -> word -> value, checked: the enums' values in order, known readers, one meaning."""
    doc = _document()
    stages, levels = doc.get("stages") or {}, doc.get("seniorities") or {}
    return {
        "stages": _by_reader("stages", stages, [s.value for s in Stage], "label", STAGE_READERS),
        "seniorities": _by_reader("seniorities", levels, list(LEVELS), "title", SENIORITY_READERS),
    }


def _by_reader(
    section: str, entries: dict[str, Any], values: list[str], written: str, readers: frozenset[str]
) -> dict[str, dict[str, str]]:
    if list(entries) != values:
        raise VocabularyError(f"{VOCABULARY_FILE.name}: {section} must be {', '.join(values)}, in this order")
    out: dict[str, dict[str, str]] = {reader: {} for reader in readers}
    for value, entry in entries.items():
        words = (entry or {}).get("words")
        if not isinstance(words, dict) or not words or not isinstance((entry or {}).get(written), str):
            raise VocabularyError(f"{VOCABULARY_FILE.name}: {section}.{value} needs a {written} and words with readers")
        for word, tags in words.items():
            unknown = set(tags or []) - readers
            if not tags or unknown:
                raise VocabularyError(f"{VOCABULARY_FILE.name}: {section}.{value}.{word}: readers {tags!r}")
            for tag in tags:
                seen = out[tag].setdefault(str(word), value)
                if seen != value:
                    raise VocabularyError(f"{VOCABULARY_FILE.name}: '{word}' is both {seen} and {value} for {tag}")
    return out


EVENT_KINDS = ("hire", "leave", "pay_review", "survey", "promotion", "training", "role_change", "team_change",
               "manager_change")
"""What an employment history event records (store.models.EmploymentEvent.kind)."""
LEAVE_REASONS = ("voluntary", "involuntary")
"""Why someone left: the attrition model predicts voluntary leaves; involuntary ones end a record censored."""
