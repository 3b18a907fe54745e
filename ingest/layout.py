"""Resume layout: the text as non-blank lines, stripped of decoration, grouped under section headings.

Every other resume module reads the text through these lines and section kinds, so they live here,
below all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience", "work experience", "professional experience", "employment", "employment history",
        "work history", "career", "career history", "career summary", "positions", "professional background",
        "where i've worked", "where i have worked", "jobs", "relevant experience", "work", "berufserfahrung",
        "experiencia", "experiência", "expérience", "expérience professionnelle", "history",
    ),
    "education": (
        "education", "academic background", "studies", "qualifications", "degrees", "education & training",
        "education and training", "training", "academic", "academics", "ausbildung", "formación", "formation",
        "schooling",
    ),
    "skills": (
        "skills", "technical skills", "toolbox", "tech stack", "core competencies", "competencies", "expertise",
        "tools", "technologies", "stack", "skills & tools", "skills and tools", "key skills", "kenntnisse",
        "what i work with", "tooling",
    ),
    "summary": (
        "summary", "profile", "about", "about me", "objective", "professional summary", "overview", "bio",
        "introduction", "personal statement",
    ),
    "other": (
        "projects", "selected projects", "certifications", "certificates", "languages", "interests", "hobbies",
        "publications", "awards", "volunteering", "volunteer work", "references", "contact", "contact details",
        "personal details", "side projects", "talks", "open source", "achievements", "additional information",
    ),
}
_HEADING_KIND = {h: kind for kind, names in HEADINGS.items() for h in names}

SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|,|;|\t| {3,})\s*")


@dataclass
class Line:
    """One non-blank line and where it sits in the text, so spans found in the text map back to lines."""

    text: str
    start: int
    end: int


def split_lines(text: str) -> list[Line]:
    """The non-blank lines with their offsets: blank lines carry no structure worth keeping."""
    return [Line(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def clean(line: str) -> str:
    """A line without markdown decoration, bullets or trailing colons."""
    line = re.sub(r"^[\s#>*_=\-•·]+|[\s*_=:\-]+$", "", line)
    return re.sub(r"[*_`]+", "", line).strip()


def heading_kind(line: str) -> str | None:
    """The section kind a heading line opens ('experience', 'education', ...), else None: not a heading."""
    cleaned = clean(line).casefold().rstrip(":").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if not cleaned or len(cleaned.split()) > 5:
        return None
    if cleaned in _HEADING_KIND:
        return _HEADING_KIND[cleaned]
    for heading, kind in _HEADING_KIND.items():
        if len(heading) > 4 and (cleaned.startswith(heading + " ") or cleaned.endswith(" " + heading)):
            return kind
    return None


def section_kinds(lines: list[Line]) -> dict[int, str]:
    """Line index -> section kind ('top' before the first heading; headings map to 'heading')."""
    kinds: dict[int, str] = {}
    current = "top"
    for i, line in enumerate(lines):
        kind = heading_kind(line.text)
        if kind:
            current = kind
            kinds[i] = "heading"
        else:
            kinds[i] = current
    return kinds
