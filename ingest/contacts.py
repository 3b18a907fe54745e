"""Contact details in resume text: email addresses and phone numbers, and lines with them removed.

Nothing here logs what it finds.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d[\d ()\-./]{5,}\d(?![\w/])")
# A job board's contact note on an exported resume ("Pune, Maharashtra - Email me on Indeed: indeed.com/r/...").
BOARD_NOTE = re.compile(r"\s*[-–|·]?\s*(?:email|contact|message)\s+me\s+on\s+\w+\s*:.*$", re.IGNORECASE)
PHONE_LABEL = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|mob|ph)\b\.?\s*[:.]?", re.IGNORECASE)


def find_phone(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The likeliest phone number and its span: a labelled one, else an international one, else a long one."""
    best: tuple[int, str, tuple[int, int]] | None = None
    for m in PHONE.finditer(text):
        raw = m.group().strip()
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or _looks_like_dates(raw):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        rank = 0 if PHONE_LABEL.search(before) else (1 if raw.startswith(("+", "00", "(")) else 2)
        if rank == 2 and len(digits) < 9:
            continue
        if best is None or rank < best[0]:
            best = (rank, raw, m.span())
    if best is None:
        return None, None
    return best[1], best[2]


def _looks_like_dates(raw: str) -> bool:
    groups = re.findall(r"\d+", raw)
    years = [g for g in groups if len(g) == 4 and g[:2] in ("19", "20")]
    return bool(years) and all(len(g) in (1, 2, 4) for g in groups) and len(years) >= len(groups) / 2


def strip_contacts(line: str, name: str) -> str:
    """A header line without the name, email addresses, links and phone numbers."""
    if name:
        line = line.replace(name, " ")
    line = BOARD_NOTE.sub(" ", line)
    line = EMAIL.sub(" ", line)
    line = re.sub(r"\S*(?:linkedin|github|https?://|www\.)\S*", " ", line, flags=re.IGNORECASE)
    line = PHONE.sub(" ", line)
    line = PHONE_LABEL.sub(" ", line)
    return re.sub(r"\b(?:e-?mail|mail)\s*:", " ", line, flags=re.IGNORECASE)
