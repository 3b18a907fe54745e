"""Candidate skill phrases in free text: runs of content words, and their short windows.

Runs are cut at stop words, punctuation and spans already covered (taxonomy synonyms, a
resume's name and contact lines); a phrase is worth embedding only when it could name a skill:
never a lone word, a job title, a number, a date or resume boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.taxonomy import sentences

MAX_PHRASE_WORDS = 5  # longer runs of content words are only seen through their windows
WINDOW_WORDS = 3  # sub-phrases of a run: every window of 2..3 words
# A lone word is too ambiguous to embed ("metrics" is not Metrics Design, "writing" not Scientific
# Writing, "Swedish" not German): on the dev split one-word phrases were right about half the time.
MIN_PHRASE_WORDS = 2

# Function words that end a candidate phrase ("built dashboards in Looker for the sales team"
# -> "built dashboards", "Looker", "sales team"); kept small on purpose.
STOP_WORDS = frozenset(
    """
    a an the and or but nor so yet of in on at to for from by with without into onto over under about
    as per via than then that this these those which who whom whose what when where while why how
    i me my we our us you your he him his she her it its they them their is are was were be been being
    am do does did done have has had having will would shall should can could may might must
    not no also too very more most much many some any all each every both either neither other such
    own same just only even still again ever both few lot lots etc e.g i.e
    up down out off across through during before after since until within around between among
    including include includes included using used use uses
    """.split()
)
# Words that never carry a skill on their own: dates, resume boilerplate, vague quantities.
NOISE_WORDS = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december present now current today year years month months
    team teams company companies work worked working job role roles project projects day days time
    responsible responsibilities duties various several new good great strong solid excellent
    experience experienced summary profile skills skill education references available request
    """.split()
)
# Job titles name people, not skills ("Data Scientist" is not Data Governance): a phrase ending in
# one of these is not embedded.
ROLE_NOUNS = frozenset(
    """
    engineer engineers scientist scientists analyst analysts developer developers manager managers consultant
    consultants specialist specialists lead recruiter recruiters designer designers architect architects intern
    interns assistant officer coordinator coordinators administrator director head controller generalist sourcer
    researcher researchers student students dev devs
    """.split()
)

_WORD = re.compile(r"[^\W_](?:[\w+#]|[.\-/'](?=[\w+#]))*[+#]*", re.UNICODE)
_BREAK = re.compile(r"[,;:()\[\]{}|!?\"“”•·–—]|\s[-/&]\s|\.(?=\s|$)")


@dataclass(frozen=True)
class Phrase:
    """A candidate skill mention: its text, where it is, and the sentence around it."""

    text: str
    start: int
    end: int
    sentence: tuple[int, int]



def candidate_phrases(text: str, spans: Sequence[tuple[int, int]] | None = None,
                      covered: Iterable[tuple[int, int]] = ()) -> list[Phrase]:
    """Runs of content words per sentence (outside `covered` spans), plus their short windows."""
    spans = sentences(text) if spans is None else spans
    blocked = sorted(covered)
    out: list[Phrase] = []
    seen: set[tuple[int, int]] = set()
    for s, e in spans:
        for run in _runs(text, s, e, blocked):
            candidates = []
            if MIN_PHRASE_WORDS <= len(run) <= MAX_PHRASE_WORDS:
                candidates.append((0, len(run)))
            for n in range(2, min(WINDOW_WORDS, len(run) - 1) + 1):
                candidates.extend((i, i + n) for i in range(len(run) - n + 1))
            for i, j in candidates:
                words = run[i:j]
                start, end = words[0][1], words[-1][2]
                if (start, end) in seen or not _worth_embedding([w for w, _, _ in words]):
                    continue
                seen.add((start, end))
                out.append(Phrase(text[start:end], start, end, (s, e)))
    return out


def _runs(text: str, s: int, e: int, blocked: Sequence[tuple[int, int]]) -> list[list[tuple[str, int, int]]]:
    """Maximal runs of content words in text[s:e], cut at stop words, punctuation and covered spans."""
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    last_end = s
    for m in _WORD.finditer(text, s, e):
        word, ws, we = m.group(), m.start(), m.end()
        gap = text[last_end:ws]
        last_end = we
        if current and _BREAK.search(gap):
            runs.append(current)
            current = []
        lowered = word.casefold()
        if lowered in STOP_WORDS or any(bs < we and ws < be for bs, be in blocked):
            if current:
                runs.append(current)
            current = []
            continue
        current.append((word, ws, we))
    if current:
        runs.append(current)
    return runs


def _worth_embedding(words: Sequence[str]) -> bool:
    """Skip phrases that cannot name a skill: lone words, job titles, numbers, dates, boilerplate."""
    content = [w for w in words if w.casefold() not in NOISE_WORDS and not any(c.isdigit() for c in w)]
    if len(words) < MIN_PHRASE_WORDS or not content or words[-1].casefold() in ROLE_NOUNS:
        return False
    return not any("@" in w for w in words)
