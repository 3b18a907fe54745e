"""Where a resume states its skills, apart from the skills it only mentions in prose.

A candidate states skills in a skills section ("SKILLS", "Technical Skills", "Core Competencies")
and in labelled lists anywhere, the work history included ("Environment: Java, Spring, MySQL",
"Tools used: Jira, Jenkins"): those lists say what was used in a job. The work history also gives
concrete evidence where a sentence says what the person made with a skill ("Built demand forecasting
models with gradient boosted trees"): `work_evidence` finds those sentences. Everything else (a
summary's "excellent communication skills", a job's "worked in Agile methodology") is a mention: it
stays in the resume text, which search indexes whole, but it does not make the skill list when the
resume states one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.layout import Line
from retrieval.taxonomy import sentences

Span = tuple[int, int]

# "Technical Skills:", "Tools/Environments -", "Languages used:", "Operating System:", "Skill set:", with a
# list after it on the same line.
LIST_LABEL = re.compile(
    r"^[^\w]*(?P<label>[\w/&()+\- ]{0,40}?\b(?:skills?|skill\s*set|competenc\w*|expertise|proficien\w*|tools?|"
    r"technolog\w*|environments?|languages?|software|platforms?|databases?|operating\s+systems?|frameworks?|"
    r"packages?|applications?|stack)\b[\w/&()+\- ]{0,25}?)\s*[:\-–]+\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
ITEM_SEPARATORS = re.compile(r"\s*(?:,|;|\||/|•|·|\t|\band\b)\s*")
# Verbs that open a sentence saying what the person made or did with a skill; "worked on", "involved in",
# "responsible for", "familiar with" and "used" say less, and stay mentions.
MADE = re.compile(
    r"^[\W\d]*(?:\w+ly\s+)?(?:co-)?(?:built|designed|developed|wrote|implemented|trained|created|automated|deployed|"
    r"migrated|shipped|architected|optimi[sz]ed|engineered|tuned|launched|delivered|integrated|configured|programmed|"
    r"coded|modell?ed|analy[sz]ed|benchmarked|refactored|scaled|maintained|tested)\b",
    re.IGNORECASE,
)
MAX_LABEL_WORDS = 5  # "Tools and technologies used" is a label; a longer run is a sentence
MAX_WORDS_PER_ITEM = 3.5  # "Java, Spring MVC, REST API calls" is a list; "Power BI deployed on ..." is a sentence


def is_list(text: str) -> bool:
    """Short items between commas, slashes or bullets (or a few words alone): a list, not a sentence."""
    text = text.strip(" .")
    words = len(text.split())
    if words <= 4:
        return True
    items = [item for item in ITEM_SEPARATORS.split(text) if item.strip()]
    return len(items) >= 2 and words / len(items) <= MAX_WORDS_PER_ITEM


@dataclass
class Stated:
    """The lines (as text spans) where a resume states skills: its skills sections, and labelled lists elsewhere."""

    sections: list[Span] = field(default_factory=list)
    lists: list[Span] = field(default_factory=list)

    @property
    def spans(self) -> list[Span]:
        return sorted(self.sections + self.lists)


def stated_spans(lines: list[Line], sections: dict[int, str]) -> Stated:
    """The lines that state skills: under a skills heading, or a labelled list ('Environment: Java, SQL')."""
    stated = Stated()
    for i, line in enumerate(lines):
        kind = sections.get(i)
        if kind == "skills":
            stated.sections.append((line.start, line.end))
        elif kind != "heading" and is_labelled_list(line.text):
            stated.lists.append((line.start, line.end))
    return stated


def is_labelled_list(line: str) -> bool:
    """'Languages used: PHP, MySQL, CSS' yes; 'Description: Power BI deployed on the community site' no."""
    labelled = LIST_LABEL.match(line)
    return bool(labelled) and len(labelled.group("label").split()) <= MAX_LABEL_WORDS and is_list(labelled.group("rest"))


def work_evidence(text: str, lines: list[Line], sections: dict[int, str]) -> list[Span]:
    """Sentences of the work history that say what the person made with something ("Trained ... with LightGBM")."""
    jobs = [(line.start, line.end) for i, line in enumerate(lines) if sections.get(i) == "experience"]
    return [(s, e) for s, e in sentences(text) if any(a <= s < b for a, b in jobs) and MADE.match(text[s:e])]


def outside(spans: list[Span], length: int) -> list[Span]:
    """The complement of sorted, disjoint `spans` within a text of `length` characters."""
    out: list[Span] = []
    at = 0
    for start, end in sorted(spans):
        if start > at:
            out.append((at, start))
        at = max(at, end)
    if at < length:
        out.append((at, length))
    return out


__all__ = ["LIST_LABEL", "Stated", "is_labelled_list", "is_list", "outside", "stated_spans", "work_evidence"]
