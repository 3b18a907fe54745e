"""How one candidate record lands on a person: a new candidate, or its fields, skills and applications merged.

Merging fills and updates the fields the record carries (empty values never erase), adds skills
and applications, keeps `extra`, and bumps `updated_at` only when something changed, so
re-running an import writes nothing. Audit details carry ids, counts and field names, never a
name, an email, a phone number or resume text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ingest.dedupe import Deduper, normalise_email, normalise_name
from ingest.records import CandidateRecord
from ingest.report import Outcome
from ingest.tabular import is_skills_line, with_skills_line
from store import audit
from store.models import Application, Candidate, CandidateSkill, Role, Stage, StageEvent, utcnow

ACTION = "import_candidate"
LISTED_PREFIX = "listed in "  # evidence of a skill that only an export's skills column names
LIMITS = {"headline": 300, "location": 120}


def upsert_record(session: Session, record: CandidateRecord, deduper: Deduper, *, actor: str, channel: str,
                  source: str) -> Outcome:
    """The writes of one record (inside the caller's transaction) and its audit entry."""
    _validate(record)
    match = deduper.match(session, record)
    if match is not None and match.candidate_id < 0:  # dry run: the same person earlier in this import
        return Outcome("updated", record.source, rule=match.rule)
    candidate = session.get(Candidate, match.candidate_id) if match is not None else None
    if candidate is None:
        candidate = _new_candidate(record)
        session.add(candidate)
        session.flush()
        fields: list[str] = []
        status = "added"
    else:
        fields = _merge_fields(candidate, record)
        status = "updated"
    assert candidate.id is not None
    skills_added, skills_changed, listed = _merge_skills(session, candidate.id, record)
    if status == "updated":
        merged = _merged_resume(candidate.resume_text, record.resume_text, listed)
        if merged != candidate.resume_text:
            candidate.resume_text = merged
            fields.append("resume_text")
    apps, notes = _applications(session, candidate.id, record, actor=actor)
    if status == "updated":
        if skills_changed:
            fields.append("skill_evidence")
        if not (fields or skills_added or apps):
            return Outcome("unchanged", record.source, candidate.id, rule=match.rule if match else "", notes=notes)
        candidate.updated_at = utcnow()
        session.add(candidate)
    audit.record(
        session, actor=actor, action=ACTION, entity_type="candidate", entity_id=candidate.id, channel=channel,
        details={"outcome": status, "source": source, "match": match.rule if match else None,
                 "fields": sorted(fields), "skills_added": skills_added,
                 "applications_added": len(apps), "application_ids": apps},
    )
    return Outcome(status, record.source, candidate.id, rule=match.rule if match else "", fields=sorted(fields),
                   skills_added=skills_added, applications_added=len(apps), notes=notes)


def _validate(record: CandidateRecord) -> None:
    """Refuse what the store would reject or garble, with a reason that quotes no contact data."""
    if not record.full_name or not record.full_name.strip():
        raise ValueError("no name")
    if len(record.full_name) > 200:
        raise ValueError("name longer than 200 characters")
    if record.email and (len(record.email) > 254 or "@" not in record.email):
        raise ValueError("the email address is not valid")


def _clip(name: str, value: str) -> str:
    value = " ".join((value or "").split())
    return value[: LIMITS[name]] if name in LIMITS else value


def _new_candidate(record: CandidateRecord) -> Candidate:
    extra = dict(record.extra)
    if record.phone:
        extra["phone"] = record.phone
    return Candidate(
        full_name=" ".join(record.full_name.split()),
        email=record.email.strip() if record.email else None,
        headline=_clip("headline", record.headline),
        location=_clip("location", record.location),
        years_experience=float(record.years_experience or 0.0),
        seniority=record.seniority or "mid",
        resume_text=record.resume_text,
        work_history=[asdict(j) for j in record.work_history],
        education=[asdict(e) for e in record.education],
        extra=extra,
    )


def _merge_fields(candidate: Candidate, record: CandidateRecord) -> list[str]:
    """Set the fields the record carries and the store has differently; empty values never erase."""
    changed: list[str] = []

    def put(name: str, value: Any) -> None:
        if value in (None, "", []) or getattr(candidate, name) == value:
            return
        setattr(candidate, name, value)
        changed.append(name)

    if normalise_name(record.full_name) != normalise_name(candidate.full_name):
        put("full_name", " ".join(record.full_name.split()))
    if record.email and normalise_email(record.email) != normalise_email(candidate.email):
        put("email", record.email.strip())
    put("headline", _clip("headline", record.headline))
    put("location", _clip("location", record.location))
    if record.years_experience is not None:
        put("years_experience", float(record.years_experience))
    put("seniority", record.seniority)
    put("work_history", [asdict(j) for j in record.work_history])
    put("education", [asdict(e) for e in record.education])
    extra = {**(candidate.extra or {}), **record.extra}
    if record.phone:
        extra["phone"] = record.phone
    if extra != (candidate.extra or {}):
        candidate.extra = extra
        changed.append("extra")
    return changed


def _merged_resume(old: str, new: str, listed: Sequence[str]) -> str:
    """A real resume replaces the text; an export's bare skills line never does (its skills are appended).

    Skills that only an export listed stay searchable: a 'Skills: ...' line names those the text
    does not mention. The result depends only on the texts and the stored skills, so a re-run
    produces the same text and the record stays unchanged.
    """
    if not new.strip():
        return old
    base = old if is_skills_line(new) and old.strip() and not is_skills_line(old) else new
    return with_skills_line(base, listed)


def _merge_skills(session: Session, candidate_id: int, record: CandidateRecord) -> tuple[int, bool, list[str]]:
    """Add skills the person lacks; a sentence of evidence replaces a bare 'listed in <file>'.

    Returns (skills added, whether any evidence changed, skills still known only from a listing).
    """
    have = {s.skill: s for s in session.exec(select(CandidateSkill).where(CandidateSkill.candidate_id == candidate_id))}
    added, upgraded = 0, False
    for ev in record.skills:
        row = have.get(ev.skill)
        if row is None:
            row = CandidateSkill(candidate_id=candidate_id, skill=ev.skill, evidence=ev.evidence)
            session.add(row)
            have[ev.skill] = row
            added += 1
        elif row.evidence.startswith(LISTED_PREFIX) and not ev.evidence.startswith(LISTED_PREFIX) and ev.evidence:
            row.evidence = ev.evidence
            session.add(row)
            upgraded = True
    listed = [name for name, row in have.items() if row.evidence.startswith(LISTED_PREFIX)]
    return added, upgraded, listed


def _applications(session: Session, candidate_id: int, record: CandidateRecord, *,
                  actor: str) -> tuple[list[int], list[str]]:
    """Applications (stage applied, with its stage event) to the roles the record names and the store has."""
    ids: list[int] = []
    notes: list[str] = []
    for title in dict.fromkeys(t.strip() for t in record.applied_to if t.strip()):
        role = session.exec(select(Role).where(func.lower(Role.title) == title.casefold())).first()
        if role is None:
            notes.append(f"unknown role '{title[:80]}': no application created")
            continue
        exists = session.exec(select(Application.id).where(Application.candidate_id == candidate_id,
                                                           Application.role_id == role.id)).first()
        if exists is not None:
            continue
        now = utcnow()
        app = Application(candidate_id=candidate_id, role_id=role.id, stage=Stage.applied, applied_at=now, updated_at=now)  # type: ignore[arg-type]
        session.add(app)
        session.flush()
        assert app.id is not None
        session.add(StageEvent(application_id=app.id, from_stage=None, to_stage=Stage.applied, at=now, actor=actor))
        ids.append(app.id)
    return ids, notes
