"""What an import produces before it touches the store: one plain record per person, role or course."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from retrieval.extraction import SkillEvidence

__all__ = ["CandidateRecord", "Education", "Job", "SkillEvidence"]


@dataclass
class Job:
    """One position in a work history; dates are ISO `YYYY-MM` strings, `end` None means present."""

    title: str = ""
    company: str = ""
    start: str | None = None
    end: str | None = None
    description: str = ""


@dataclass
class Education:
    """One degree or school entry."""

    degree: str = ""
    institution: str = ""
    year: int | None = None


@dataclass
class CandidateRecord:
    """A person as read from a resume or an ATS export row, ready to be matched and upserted."""

    full_name: str
    email: str | None = None
    phone: str | None = None
    headline: str = ""
    location: str = ""
    years_experience: float | None = None
    seniority: str | None = None
    resume_text: str = ""
    work_history: list[Job] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    skills: list[SkillEvidence] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown columns, kept verbatim
    applied_to: list[str] = field(default_factory=list)  # role titles from the export, if any
    source: str = ""  # file name (and row number) it came from, for the report
