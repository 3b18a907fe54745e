"""A candidate's professional profile for recruiters: never contact details or protected attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from bot.services.applications import ApplicationView, applications_of
from store.models import Candidate, CandidateSkill, Skill
from retrieval import CandidateSummary

TOP_SKILLS = 8
EVIDENCE_CHARS = 160
MAX_JOBS = 4
_GENERAL = frozenset({"soft", "language"})  # shown after the professional skills


@dataclass(frozen=True)
class SkillLine:
    """A skill and the resume sentence that shows it."""

    skill: str
    evidence: str


@dataclass(frozen=True)
class Job:
    """One entry of the work history."""

    title: str
    company: str
    start: str
    end: str | None


@dataclass(frozen=True)
class Degree:
    """One entry of the education."""

    degree: str
    field: str
    school: str
    year: int | None


@dataclass(frozen=True)
class Profile(CandidateSummary):
    """What a recruiter sees about one candidate (professional fields only)."""

    skills: list[SkillLine] = field(default_factory=list)
    skill_count: int = 0
    jobs: list[Job] = field(default_factory=list)
    education: list[Degree] = field(default_factory=list)
    applications: list[ApplicationView] = field(default_factory=list)


def _short(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """One line, cut at `limit` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _text(entry: dict[str, Any], key: str) -> str:
    """A string field of a JSON entry, tolerating missing or odd values."""
    value = entry.get(key)
    return str(value).strip() if value not in (None, "") else ""


def _jobs(history: list[Any]) -> list[Job]:
    """Work history as stored (newest first), trimmed to the latest few."""
    jobs = [Job(_text(e, "title"), _text(e, "company"), _text(e, "start"), _text(e, "end") or None)
            for e in history if isinstance(e, dict)]
    return jobs[:MAX_JOBS]


def _degrees(education: list[Any]) -> list[Degree]:
    """Education as stored (highest first)."""
    out = []
    for e in education:
        if isinstance(e, dict):
            year = e.get("year")
            out.append(Degree(_text(e, "degree"), _text(e, "field"), _text(e, "school"),
                              int(year) if isinstance(year, (int, float)) else None))
    return out


def skills_of(session: Session, candidate_id: int) -> list[SkillLine]:
    """All skills of a candidate: professional ones before soft skills and languages, evidenced first."""
    rows = session.exec(
        select(CandidateSkill, Skill.category)
        .join(Skill, Skill.name == CandidateSkill.skill, isouter=True)
        .where(CandidateSkill.candidate_id == candidate_id)
    ).all()
    ranked = sorted(rows, key=lambda row: (row[1] in _GENERAL, not row[0].evidence, row[0].skill.casefold()))
    return [SkillLine(r.skill, _short(r.evidence)) for r, _ in ranked]


def profile_of(session: Session, candidate: Candidate) -> Profile:
    """The profile of one candidate: headline, skills with evidence, jobs, education, applications."""
    assert candidate.id is not None
    skills = skills_of(session, candidate.id)
    return Profile.of(
        candidate, skills=skills[:TOP_SKILLS], skill_count=len(skills),
        jobs=_jobs(list(candidate.work_history or [])), education=_degrees(list(candidate.education or [])),
        applications=applications_of(session, candidate).applications,
    )
