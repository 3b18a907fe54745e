"""Resume text -> CandidateRecord: who, how to reach them, where they worked and when, what they know.

Rule-based on purpose (resumes are short and their structure is conventional): headings split
the text into sections, date ranges find the jobs, regexes find contact details. Skills come
from `SkillExtractor` (taxonomy synonyms plus MiniLM phrase matching), each with the sentence
that evidences it. Nothing here logs resume text or contact details.

This module reads the name and the headline and puts the record together; the other parts live in
layout.py (lines, sections), contacts.py, places.py (location), dates.py (periods, years),
history.py (jobs), education.py, seniority.py and vocabulary.py (shared word lists).
"""

from __future__ import annotations

import re
from datetime import date

from ingest.contacts import BOARD_NOTE, EMAIL, find_phone
from ingest.dates import years_from_jobs, years_stated
from ingest.education import find_education
from ingest.errors import IngestError
from ingest.history import find_jobs
from ingest.layout import SEPARATORS, Line, clean, heading_kind, section_kinds, split_lines
from ingest.places import find_location, known_city
from ingest.records import CandidateRecord, Job
from ingest.seniority import seniority_for
from ingest.skill_sections import outside, stated_spans, work_evidence
from ingest.vocabulary import NOT_NAMES, TITLE_WORDS, is_title
from retrieval.extraction import SkillEvidence, SkillExtractor


class ResumeError(IngestError, ValueError):
    """The text cannot be read as a resume (empty, no name, not a resume); `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


UNNAMED = "Unnamed candidate"  # the placeholder a resume without a readable name is kept under
NEEDS_REVIEW = "needs_review"  # the `extra` key that flags a record for a person to check, with why
MIN_WORDS = 8  # fewer words than this is a note, not a resume
# Skill categories a job sentence names about the person rather than what they made ("led the team":
# leadership is their word for it): only a skills section or list makes them skills.
SELF_DESCRIBED = frozenset({"soft", "language"})

PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "dos", "das", "di", "la", "le",
                       "bin", "binti", "bint", "al", "el", "ibn", "ten", "ter", "du", "y", "zu"})
HONORIFICS = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|ing|dipl)\.?\s+", re.IGNORECASE)


# -- entry point ---------------------------------------------------------------------------------------
def parse_resume(text: str, *, extractor: SkillExtractor, source: str = "", today: date | None = None) -> CandidateRecord:
    """Read one resume; raises ResumeError (with a reason fit for the import report) when it is not one.

    `today` is the date "present" means (the current date by default), for the years of experience.
    """
    if text is None or not text.strip():
        raise ResumeError("empty file: no text to read")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
    if printable < 0.9 * len(text):
        raise ResumeError("not a resume: the text is mostly unprintable characters (a binary file?)")
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_WORDS:
        raise ResumeError(f"not a resume: fewer than {MIN_WORDS} words")
    today = today or date.today()
    lines = split_lines(text)
    sections = section_kinds(lines)

    name, name_span = _name(lines, text, extractor)
    extra: dict[str, str] = {}
    if not name:  # kept, never dropped: a recruiter reads it and types the name
        name = f"{UNNAMED} ({source or 'resume'})"
        extra[NEEDS_REVIEW] = "no name found on the first lines or as 'Name: ...'"
    email_match = EMAIL.search(text)
    email = email_match.group().strip(".").lower() if email_match else None
    phone, phone_span = find_phone(text)

    jobs = find_jobs(lines, sections)
    years = years_from_jobs(jobs, today)
    if years is None:
        years = years_stated(text)
    education = find_education(lines, sections)
    headline = _headline(jobs, lines, name_span)
    skip = [name_span] + [m.span() for m in EMAIL.finditer(text)] + ([phone_span] if phone_span else [])
    skip += [m.span() for m in re.finditer(r"\S*(?:linkedin|github|https?://)\S*", text, re.IGNORECASE)]
    skills = _skills(text, lines, sections, extractor, skip)
    return CandidateRecord(
        full_name=name,
        email=email,
        phone=phone,
        headline=headline,
        location=find_location(text, lines, sections, name_span, extractor),
        years_experience=years,
        seniority=seniority_for(None, years, headline),
        resume_text=text,
        work_history=jobs,
        education=education,
        skills=skills,
        extra=extra,
        source=source,
    )


# -- who -----------------------------------------------------------------------------------------------
def _looks_like_name(candidate: str, *, any_case: bool = False) -> bool:
    """Two to six name-like words; `any_case` (a first line alone) takes 'kimaya sonawane' too."""
    words = HONORIFICS.sub("", candidate).split()
    if any_case:
        if not all(re.fullmatch(r"[^\W\d_][\w'’.\-]*", w) for w in words):
            return False
        words = [w if w.casefold() in PARTICLES else w[:1].upper() + w[1:] for w in words]
    if not 2 <= len(words) <= 6 or any(ch.isdigit() or ch in "@/:()" for ch in candidate):
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,")
        if bare.casefold() in NOT_NAMES or bare.casefold() in TITLE_WORDS:
            return False
        if bare.casefold() in PARTICLES:
            continue
        if not bare[:1].isupper():
            return False
        capitalised += 1
    return capitalised >= 2 or (capitalised == 1 and len(words) >= 2 and words[0][:1].isupper())


def _lone_name(line: str, extractor: SkillExtractor) -> bool:
    """A first line alone that is a name in any case ('kimaya sonawane'), not a skill or a place."""
    return (_looks_like_name(line, any_case=True) and extractor.taxonomy.canonical(line) is None
            and not known_city(line, cased=False))


def _tidy_name(name: str) -> str:
    name = " ".join(HONORIFICS.sub("", name.strip(" .,;*_#")).split())
    if not name.isupper() and any(w[:1].islower() and w.casefold() not in PARTICLES for w in name.split()):
        name = " ".join(w if w.casefold() in PARTICLES or not w[:1].islower() else w[:1].upper() + w[1:]
                        for w in name.split())  # 'kimaya sonawane', 'Tapan kumar Nayak' as they'd write it
    if name.isupper():
        name = " ".join(w if w.casefold() in PARTICLES else w.capitalize() for w in name.split())
        name = re.sub(r"(?<=[-'’])(\w)", lambda m: m.group(1).upper(), name)
        name = re.sub(r"\b(Mc|O')(\w)", lambda m: m.group(1) + m.group(2).upper(), name)
    return name


def _name(lines: list[Line], text: str, extractor: SkillExtractor) -> tuple[str | None, tuple[int, int]]:
    labelled = re.search(r"^[\s*_#>\-]*(?:full\s+)?name\s*[*_]*\s*[:\-–]\s*[*_]*\s*(?P<n>[^\n|]+)",
                         text, re.IGNORECASE | re.MULTILINE)
    if labelled:
        raw = labelled.group("n")
        raw = SEPARATORS.split(raw.strip())[0]
        if _looks_like_name(clean(raw)):
            start = labelled.start("n")
            return _tidy_name(clean(raw)), (start, start + len(raw.rstrip()))
    for line in lines[:6]:
        if heading_kind(line.text):
            continue
        cleaned = clean(line.text)
        first = SEPARATORS.split(cleaned)[0] if cleaned else ""
        first = re.sub(r"\s*\((?:he|she|they)/\w+\)\s*$", "", first, flags=re.IGNORECASE)
        if first and (_looks_like_name(first) or (line is lines[0] and first == cleaned and _lone_name(first, extractor))):
            at = text.find(first, line.start)
            return _tidy_name(first), (at, at + len(first))
    narrative = re.search(
        r"\b(?i:my name is|i am|i'm|i’m|this is)\s+(?P<n>[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|"
        + "|".join(sorted(PARTICLES)) + r"))*\s+[A-Z][\w'’\-]+)", text[:600])
    if narrative and _looks_like_name(narrative.group("n")):
        return _tidy_name(narrative.group("n")), narrative.span("n")
    return None, (0, 0)

# -- what they know -------------------------------------------------------------------------------------
def _skills(text: str, lines: list[Line], sections: dict[int, str], extractor: SkillExtractor,
            skip: list[tuple[int, int]]) -> list[SkillEvidence]:
    """Stated skills plus what its jobs show made with them, else every one named: prose mentions stay in the text."""
    stated = stated_spans(lines, sections)
    if stated.sections or stated.lists:
        found = extractor.extract(text, skip=skip + outside(stated.spans, len(text)))
        if found or stated.sections:  # a skills section naming none of ours still says what they claim
            have = {ev.skill for ev in found}
            made = extractor.extract(text, skip=skip + outside(work_evidence(text, lines, sections), len(text)))
            return found + [ev for ev in made if ev.skill not in have
                            and extractor.taxonomy.category.get(ev.skill) not in SELF_DESCRIBED]
    return extractor.extract(text, skip=skip)


# -- summary fields ------------------------------------------------------------------------------------------
def _headline(jobs: list[Job], lines: list[Line], name_span: tuple[int, int]) -> str:
    """What the person calls themselves under the name; else the current job's title; else the latest job's."""
    stated = _title_under_name(lines, name_span)
    if stated:
        return stated
    current = [j for j in jobs if j.end is None and j.title]
    if current:
        return max(current, key=lambda j: j.start or "").title
    dated = [j for j in jobs if j.title]
    return max(dated, key=lambda j: j.start or "").title if dated else ""


def _title_under_name(lines: list[Line], name_span: tuple[int, int]) -> str:
    """The title on the name line or the two lines under it, before any heading: 'Test Analyst at Oracle, Hyderabad',
    'SAP - FI Support Consultant', 'Associate consultant@SAP labs', 'Data Engineer · Rotterdam'."""
    at = next((i for i, line in enumerate(lines[:6]) if line.start <= name_span[0] < line.end), None)
    if at is None:
        return ""
    for i in range(at, min(at + 3, len(lines))):
        line = lines[i]
        if i > at and (heading_kind(line.text) or BOARD_NOTE.search(line.text)):
            break
        text = line.text[name_span[1] - line.start :] if i == at else line.text
        if re.search(r"\b(?:I|I'm|I’m|my|was|am|I've)\b", text) or len(text.split()) > 16:
            continue  # a sentence about the person, not a title line
        text = re.split(r"\s+(?:at|with|for)\s+|\s*@\s*", clean(text), maxsplit=1)[0]
        for part in (p for p in SEPARATORS.split(text) if p):
            if is_title(part) and len(part.split()) <= 6 and not EMAIL.search(part):
                return part.strip(" .()")
    return ""


__all__ = ["NEEDS_REVIEW", "UNNAMED", "ResumeError", "parse_resume"]
