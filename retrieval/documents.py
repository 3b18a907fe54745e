"""What gets embedded and keyword-indexed for each kind of record, and its content hash.

Only professional content goes in: headline and resume for candidates (never names of
protected groups, never the protected table). Changing any builder means bumping
TEXT_VERSION, which is part of the index fingerprint, so old indexes are rebuilt.
"""

from __future__ import annotations

import hashlib
from typing import Any

from store.models import Candidate, Course, Role

TEXT_VERSION = "1"


def candidate_text(c: Candidate | Any) -> str:
    """Headline plus the free-text resume: what a recruiter's query is matched against."""
    return f"{c.headline}\n{c.resume_text}".strip()


def role_text(r: Role | Any) -> str:
    """Title, summary, skills and responsibilities of a role, as one passage."""
    parts = [f"{r.title}.", r.summary or ""]
    if r.required_skills:
        parts.append("Required skills: " + ", ".join(r.required_skills) + ".")
    if r.nice_to_have_skills:
        parts.append("Nice to have: " + ", ".join(r.nice_to_have_skills) + ".")
    if r.responsibilities:
        parts.append(" ".join(s.rstrip(".") + "." for s in r.responsibilities))
    return " ".join(p for p in parts if p).strip()


def course_text(c: Course | Any) -> str:
    """Course title, description and the skills it teaches."""
    parts = [f"{c.title}.", c.description or ""]
    if c.skills:
        parts.append("Skills: " + ", ".join(c.skills) + ".")
    return " ".join(p for p in parts if p).strip()


def policy_text(title: str, section: str, text: str) -> str:
    """Document title, section path and passage: a question about "parental leave" meets all three."""
    head = title if not section or section == title else f"{title} › {section}"
    return f"{head}.\n{text}".strip()


def content_hash(text: str) -> str:
    """A short, stable digest of a document's text (detects changed records)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
