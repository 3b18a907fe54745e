"""SQLModel tables: the one schema shared by SQLite (embedded) and PostgreSQL (deployments)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, Optional

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from store.vocabulary import FUNNEL as FUNNEL, Seniority, Stage  # FUNNEL: re-exported with Stage


def utcnow() -> datetime:
    """Timezone-aware now, so SQLite and PostgreSQL store the same instant."""
    return datetime.now(timezone.utc)


def _json(default: Any = None) -> Any:
    """A JSON column that works on both backends (lists and dicts stay structured)."""
    factory = list if default is None else dict
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


class SeniorityText(TypeDecorator[Seniority]):
    """Seniority in a VARCHAR(20) column (the schema never had an enum type); read back as Seniority."""

    impl = String(20)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return Seniority.of(value) or value  # a value written by hand stays readable as it is


class UserRole(str, Enum):
    """What a sender may do: recruiters see candidates, employees only their own coaching, HR partners analytics."""

    recruiter = "recruiter"
    employee = "employee"
    hr_partner = "hr_partner"  # people analytics: attrition risk for everyone, workforce forecasts


class Meta(SQLModel, table=True):
    """Key/value facts about the store (schema and data version, seed parameters)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


class Skill(SQLModel, table=True):
    """A canonical skill of the taxonomy with the synonyms that normalise free text to it."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    category: str = Field(default="other", max_length=80, index=True)
    synonyms: list[str] = _json()
    source: str = Field(default="curated", max_length=20)  # curated | esco
    esco_id: Optional[str] = Field(default=None, max_length=200)


class Candidate(SQLModel, table=True):
    """A person in the talent pool; protected attributes deliberately live elsewhere."""

    id: Optional[int] = Field(default=None, primary_key=True)
    full_name: str = Field(index=True, max_length=200)
    email: Optional[str] = Field(default=None, index=True, max_length=254)
    headline: str = Field(default="", max_length=300)
    location: str = Field(default="", index=True, max_length=120)
    years_experience: float = 0.0
    seniority: Seniority = Field(default=Seniority.mid, index=True, sa_type=SeniorityText)
    resume_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    work_history: list[dict[str, Any]] = _json()
    education: list[dict[str, Any]] = _json()
    extra: dict[str, Any] = _json({})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)  # the index sync reads changes by it


class CandidateSkill(SQLModel, table=True):
    """A candidate's skill (canonical name) with the sentence that evidences it."""

    __table_args__ = (UniqueConstraint("candidate_id", "skill"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    skill: str = Field(index=True, max_length=200)
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False))


class ProtectedAttributes(SQLModel, table=True):
    """Gender, ethnicity and age band: read only by the fairness audit, never by matching."""

    __tablename__ = "protected_attributes"
    candidate_id: int = Field(foreign_key="candidate.id", primary_key=True, ondelete="CASCADE")
    gender: Optional[str] = Field(default=None, max_length=40)
    ethnicity: Optional[str] = Field(default=None, max_length=60)
    age_band: Optional[str] = Field(default=None, max_length=20)


class Role(SQLModel, table=True):
    """An opening (or a catalog role when closed): what it needs and where it sits."""

    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(index=True, unique=True, max_length=200)
    family: str = Field(index=True, max_length=200)
    team: str = Field(default="", max_length=120)
    location: str = Field(default="", max_length=120)
    remote_policy: str = Field(default="hybrid", max_length=20)  # onsite | hybrid | remote
    seniority: Seniority = Field(default=Seniority.mid, sa_type=SeniorityText)
    min_years: float = 0.0
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    required_skills: list[str] = _json()
    nice_to_have_skills: list[str] = _json()
    responsibilities: list[str] = _json()
    is_open: bool = True
    # each requirement read from a posting's free text with the sentence that states it:
    # [{"kind": "required" | "nice" | "years", "value": skill or years, "evidence": sentence}] (ingest/postings.py)
    requirement_evidence: list[dict[str, str]] = _json()


class Application(SQLModel, table=True):
    """A candidate applying to a role, and the stage they are at now."""

    __table_args__ = (UniqueConstraint("candidate_id", "role_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")
    stage: Stage = Field(default=Stage.applied, index=True)
    applied_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class StageEvent(SQLModel, table=True):
    """One stage change of an application: the history behind time-in-stage and conversion."""

    __tablename__ = "stage_event"
    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    from_stage: Optional[Stage] = None
    to_stage: Stage
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(default="system", max_length=120)


class Shortlist(SQLModel, table=True):
    """A recruiter saving a candidate for a role."""

    __table_args__ = (UniqueConstraint("candidate_id", "role_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")
    added_by: str = Field(default="", max_length=120)
    note: str = Field(default="", max_length=500)
    added_at: datetime = Field(default_factory=utcnow)


class SalaryBand(SQLModel, table=True):
    """Yearly pay band for a role family at a seniority in a location."""

    __tablename__ = "salary_band"
    __table_args__ = (UniqueConstraint("family", "seniority", "location"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    family: str = Field(index=True, max_length=200)
    seniority: Seniority = Field(sa_type=SeniorityText)
    location: str = Field(max_length=120)
    currency: str = Field(default="EUR", max_length=3)
    low: int
    mid: int
    high: int


class Employee(SQLModel, table=True):
    """A colleague who gets coaching: current role, goals, and (via EmployeeSkill) skills."""

    id: Optional[int] = Field(default=None, primary_key=True)
    full_name: str = Field(index=True, max_length=200)
    email: Optional[str] = Field(default=None, index=True, max_length=254)
    current_role: str = Field(max_length=200)  # a role family
    seniority: Seniority = Field(default=Seniority.mid, sa_type=SeniorityText)
    team: str = Field(default="", max_length=120)
    location: str = Field(default="", max_length=120)
    years_in_role: float = 0.0
    goals: list[str] = _json()


class EmployeeSkill(SQLModel, table=True):
    """An employee's skill with proficiency 1 (aware) .. 5 (expert)."""

    __tablename__ = "employee_skill"
    __table_args__ = (UniqueConstraint("employee_id", "skill"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True, ondelete="CASCADE")
    skill: str = Field(index=True, max_length=200)
    proficiency: int = Field(default=3, ge=1, le=5)


class Course(SQLModel, table=True):
    """A training offer: which skills it teaches, at what level, how long, from whom."""

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=40)
    title: str = Field(max_length=300)
    provider: str = Field(default="", max_length=120)
    format: str = Field(default="online", max_length=40)  # online | workshop | bootcamp | certification | book
    level: str = Field(default="intermediate", max_length=20)  # beginner | intermediate | advanced
    hours: float = 0.0
    skills: list[str] = _json()
    prerequisites: list[str] = _json()  # course codes
    description: str = Field(default="", sa_column=Column(Text, nullable=False))


class CourseCompletion(SQLModel, table=True):
    """A course an employee has finished."""

    __tablename__ = "course_completion"
    __table_args__ = (UniqueConstraint("employee_id", "course_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True, ondelete="CASCADE")
    course_id: int = Field(foreign_key="course.id", index=True, ondelete="CASCADE")
    completed_at: datetime = Field(default_factory=utcnow)


class CareerEdge(SQLModel, table=True):
    """The career graph: from one role family to a next one, and the usual time it takes."""

    __tablename__ = "career_edge"
    __table_args__ = (UniqueConstraint("from_role", "to_role"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    from_role: str = Field(index=True, max_length=200)
    to_role: str = Field(max_length=200)
    typical_years: float = 2.0


class User(SQLModel, table=True):
    """A sender identity (Slack id, web or terminal handle) mapped to what they may do."""

    id: Optional[int] = Field(default=None, primary_key=True)
    handle: str = Field(index=True, unique=True, max_length=120)
    display_name: str = Field(default="", max_length=200)
    role: UserRole = Field(default=UserRole.employee)
    employee_id: Optional[int] = Field(default=None, foreign_key="employee.id")


class Feedback(SQLModel, table=True):
    """A rating of something the assistant recommended; later rankings learn from it."""

    id: Optional[int] = Field(default=None, primary_key=True)
    user_handle: str = Field(index=True, max_length=120)
    item_type: str = Field(max_length=40)  # course | candidate | career_path ...
    item_id: str = Field(index=True, max_length=120)
    rating: int  # -1 not useful, +1 helpful
    context: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Append-only record of every write: who, when, what, from which channel."""

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=120)
    channel: str = Field(default="cli", max_length=40)
    action: str = Field(max_length=80)
    entity_type: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=120)
    details: dict[str, Any] = _json({})


class Employment(SQLModel, table=True):
    """One person's employment: hire, team, manager, and the leave (date, voluntary or not) if they left."""

    id: Optional[int] = Field(default=None, primary_key=True)
    external_id: str = Field(index=True, unique=True, max_length=64)  # the HR system's employee id
    employee_id: Optional[int] = Field(default=None, foreign_key="employee.id", index=True, ondelete="SET NULL")
    full_name: str = Field(max_length=200)
    email: Optional[str] = Field(default=None, max_length=254)
    team: str = Field(index=True, max_length=120)
    role_family: str = Field(default="", max_length=200)
    seniority: Seniority = Field(default=Seniority.mid, sa_type=SeniorityText)
    location: str = Field(default="", max_length=120)
    manager_id: Optional[int] = Field(default=None, foreign_key="employment.id", ondelete="SET NULL")
    hired_on: date
    left_on: Optional[date] = Field(default=None, index=True)
    leave_reason: Optional[str] = Field(default=None, max_length=20)  # voluntary | involuntary


class EmploymentEvent(SQLModel, table=True):
    """A dated fact of someone's employment history (pay review, survey, promotion, training, changes)."""

    __tablename__ = "employment_event"
    id: Optional[int] = Field(default=None, primary_key=True)
    employment_id: int = Field(foreign_key="employment.id", index=True, ondelete="CASCADE")
    at: date = Field(index=True)
    kind: str = Field(index=True, max_length=20)  # store.history.EVENT_KINDS
    value: Optional[float] = None  # pay position in band 0..1, engagement 1..5, training hours
    detail: str = Field(default="", max_length=200)


class EmploymentProtected(SQLModel, table=True):
    """Gender and age band of an employee: read only by the fairness audit, never by the risk model."""

    __tablename__ = "employment_protected"
    employment_id: int = Field(foreign_key="employment.id", primary_key=True, ondelete="CASCADE")
    gender: Optional[str] = Field(default=None, max_length=40)
    age_band: Optional[str] = Field(default=None, max_length=20)
POLICY_AUDIENCES = ("everyone", "recruiters", "hr")
"""Who may read a policy document: everyone, also recruiters, or HR only."""


class PolicyDocument(SQLModel, table=True):
    """An imported HR policy document: where it came from, its title and who may read it."""

    __tablename__ = "policy_document"
    id: Optional[int] = Field(default=None, primary_key=True)
    source: str = Field(index=True, unique=True, max_length=500)  # file path or link: re-import updates in place
    title: str = Field(max_length=300)
    audience: str = Field(default="everyone", max_length=20)  # everyone | recruiters | hr
    content_hash: str = Field(default="", max_length=32)
    imported_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PolicyPassage(SQLModel, table=True):
    """One section of a policy document (split at its headings), the unit answers quote and cite."""

    __tablename__ = "policy_passage"
    __table_args__ = (UniqueConstraint("document_id", "position"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="policy_document.id", index=True, ondelete="CASCADE")
    position: int = 0
    section: str = Field(default="", max_length=500)  # heading path, "Leave › Parental leave"
    text: str = Field(default="", sa_column=Column(Text, nullable=False))


class PolicyQuestion(SQLModel, table=True):
    """A policy question the handbook did not answer, with personal details removed (for `policies gaps`)."""

    __tablename__ = "policy_question"
    id: Optional[int] = Field(default=None, primary_key=True)
    question: str = Field(max_length=500)
    best_score: float = 0.0
    asked_at: datetime = Field(default_factory=utcnow, index=True)


class LeaveBalance(SQLModel, table=True):
    """An employee's yearly allowance of one leave type; taken and pending days come from their requests."""

    __tablename__ = "leave_balance"
    __table_args__ = (UniqueConstraint("employee_id", "leave_type", "year"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True, ondelete="CASCADE")
    leave_type: str = Field(max_length=40)  # annual | sick | parental | learning ...
    year: int
    entitlement_days: float = 0.0
    carried_over_days: float = 0.0
    accrual: str = Field(default="monthly", max_length=20)  # monthly | upfront


class LeaveRequest(SQLModel, table=True):
    """Time off an employee booked: dates, working days it costs, and where it stands."""

    __tablename__ = "leave_request"
    id: Optional[int] = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True, ondelete="CASCADE")
    leave_type: str = Field(default="annual", max_length=40)
    start_date: date
    end_date: date
    days: float = 0.0
    status: str = Field(default="pending", max_length=20)  # pending | approved | cancelled
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
