"""Baseline: the schema as create-all made it before migrations (commit 167c6a1), audit guards included.

Revision ID: 0001
Revises:
Created: 2026-12-04

Each table (with its indexes) is created only when missing, and the guards and the schema_version
row are idempotent, so a store created by the old create-all code is adopted as it stands: no row
is touched. Later revisions assume this baseline and need no such care.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGES = ("applied", "screening", "phone_screen", "technical_interview", "onsite", "offer", "hired", "rejected")
USER_ROLES = ("recruiter", "employee")
ENUMS = {"stage": STAGES, "userrole": USER_ROLES}

_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
}
_DROP_GUARDS = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "DROP FUNCTION IF EXISTS audit_log_append_only()",
    ],
}


def _enum(name: str) -> sa.types.TypeEngine:
    """A named enum (VARCHAR on SQLite); on PostgreSQL the type is created once, up front."""
    values = ENUMS[name]
    return sa.Enum(*values, name=name).with_variant(
        postgresql.ENUM(*values, name=name, create_type=False), "postgresql"
    )


def _s(length: int) -> sa.String:
    return sa.String(length=length)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(column: str, target: str, *, cascade: bool = True, nullable: bool = False) -> sa.Column:
    return sa.Column(
        column, sa.Integer(), sa.ForeignKey(target, ondelete="CASCADE" if cascade else None), nullable=nullable
    )


def _text(column: str) -> sa.Column:
    return sa.Column(column, sa.Text(), nullable=False)


def _json(column: str) -> sa.Column:
    return sa.Column(column, sa.JSON(), nullable=False)


def _col(column: str, kind: sa.types.TypeEngine, *, nullable: bool = False) -> sa.Column:
    return sa.Column(column, kind, nullable=nullable)


def _tables() -> list[tuple[str, list[sa.SchemaItem], tuple[str, ...], tuple[str, ...]]]:
    """(name, columns and constraints, indexed columns, uniquely indexed columns), parents first."""
    return [
        ("audit_log", [
            _id(), _col("at", _when()), _col("actor", _s(120)), _col("channel", _s(40)),
            _col("action", _s(80)), _col("entity_type", _s(40)), _col("entity_id", _s(120)), _json("details"),
        ], ("at",), ()),
        ("candidate", [
            _id(), _col("full_name", _s(200)), _col("email", _s(254), nullable=True), _col("headline", _s(300)),
            _col("location", _s(120)), _col("years_experience", sa.Float()), _col("seniority", _s(20)),
            _text("resume_text"), _json("work_history"), _json("education"), _json("extra"),
            _col("created_at", _when()), _col("updated_at", _when()),
        ], ("email", "full_name", "location", "seniority"), ()),
        ("career_edge", [
            _id(), _col("from_role", _s(200)), _col("to_role", _s(200)), _col("typical_years", sa.Float()),
            sa.UniqueConstraint("from_role", "to_role"),
        ], ("from_role",), ()),
        ("course", [
            _id(), _col("code", _s(40)), _col("title", _s(300)), _col("provider", _s(120)),
            _col("format", _s(40)), _col("level", _s(20)), _col("hours", sa.Float()),
            _json("skills"), _json("prerequisites"), _text("description"),
        ], (), ("code",)),
        ("employee", [
            _id(), _col("full_name", _s(200)), _col("email", _s(254), nullable=True), _col("current_role", _s(200)),
            _col("seniority", _s(20)), _col("team", _s(120)), _col("location", _s(120)),
            _col("years_in_role", sa.Float()), _json("goals"),
        ], ("email", "full_name"), ()),
        ("feedback", [
            _id(), _col("user_handle", _s(120)), _col("item_type", _s(40)), _col("item_id", _s(120)),
            _col("rating", sa.Integer()), _col("context", _s(500)), _col("created_at", _when()),
        ], ("item_id", "user_handle"), ()),
        ("meta", [sa.Column("key", _s(64), primary_key=True), _text("value")], (), ()),
        ("role", [
            _id(), _col("title", _s(200)), _col("family", _s(200)), _col("team", _s(120)),
            _col("location", _s(120)), _col("remote_policy", _s(20)), _col("seniority", _s(20)),
            _col("min_years", sa.Float()), _text("summary"), _json("required_skills"),
            _json("nice_to_have_skills"), _json("responsibilities"), _col("is_open", sa.Boolean()),
        ], ("family",), ("title",)),
        ("salary_band", [
            _id(), _col("family", _s(200)), _col("seniority", _s(20)), _col("location", _s(120)),
            _col("currency", _s(3)), _col("low", sa.Integer()), _col("mid", sa.Integer()), _col("high", sa.Integer()),
            sa.UniqueConstraint("family", "seniority", "location"),
        ], ("family",), ()),
        ("skill", [
            _id(), _col("name", _s(200)), _col("category", _s(80)), _json("synonyms"),
            _col("source", _s(20)), _col("esco_id", _s(200), nullable=True),
        ], ("category",), ("name",)),
        ("application", [
            _id(), _fk("candidate_id", "candidate.id"), _fk("role_id", "role.id"), _col("stage", _enum("stage")),
            _col("applied_at", _when()), _col("updated_at", _when()),
            sa.UniqueConstraint("candidate_id", "role_id"),
        ], ("candidate_id", "role_id", "stage"), ()),
        ("candidateskill", [
            _id(), _fk("candidate_id", "candidate.id"), _col("skill", _s(200)), _text("evidence"),
            sa.UniqueConstraint("candidate_id", "skill"),
        ], ("candidate_id", "skill"), ()),
        ("course_completion", [
            _id(), _fk("employee_id", "employee.id"), _fk("course_id", "course.id"), _col("completed_at", _when()),
            sa.UniqueConstraint("employee_id", "course_id"),
        ], ("course_id", "employee_id"), ()),
        ("employee_skill", [
            _id(), _fk("employee_id", "employee.id"), _col("skill", _s(200)), _col("proficiency", sa.Integer()),
            sa.UniqueConstraint("employee_id", "skill"),
        ], ("employee_id", "skill"), ()),
        ("protected_attributes", [
            sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("candidate.id", ondelete="CASCADE"),
                      primary_key=True),
            _col("gender", _s(40), nullable=True), _col("ethnicity", _s(60), nullable=True),
            _col("age_band", _s(20), nullable=True),
        ], (), ()),
        ("shortlist", [
            _id(), _fk("candidate_id", "candidate.id"), _fk("role_id", "role.id"), _col("added_by", _s(120)),
            _col("note", _s(500)), _col("added_at", _when()),
            sa.UniqueConstraint("candidate_id", "role_id"),
        ], ("candidate_id", "role_id"), ()),
        ("user", [
            _id(), _col("handle", _s(120)), _col("display_name", _s(200)), _col("role", _enum("userrole")),
            _fk("employee_id", "employee.id", cascade=False, nullable=True),
        ], (), ("handle",)),
        ("stage_event", [
            _id(), _fk("application_id", "application.id"), _col("from_stage", _enum("stage"), nullable=True),
            _col("to_stage", _enum("stage")), _col("at", _when()), _col("actor", _s(120)),
        ], ("application_id",), ()),
    ]


def _existing_tables() -> set[str]:
    """Tables already there (none when only printing the SQL with --sql)."""
    if context.is_offline_mode():
        return set()
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    """Create what is missing of the baseline schema, its audit guards and the schema_version row."""
    dialect = op.get_context().dialect.name
    existing = _existing_tables()
    if dialect == "postgresql":
        for name, values in ENUMS.items():
            labels = ", ".join(f"'{value}'" for value in values)
            op.execute(
                f"DO $$ BEGIN CREATE TYPE {name} AS ENUM ({labels}); "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
    for name, elements, indexed, unique in _tables():
        if name in existing:
            continue
        op.create_table(name, *elements)
        for column in indexed + unique:
            op.create_index(op.f(f"ix_{name}_{column}"), name, [column], unique=column in unique)
    for statement in _APPEND_ONLY.get(dialect, []):
        op.execute(statement)
    op.execute(
        "INSERT INTO meta (key, value) SELECT 'schema_version', '1' "
        "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')"
    )


def downgrade() -> None:
    """Drop the whole baseline schema (and every row in it): only for a store being thrown away."""
    dialect = op.get_context().dialect.name
    for statement in _DROP_GUARDS.get(dialect, []):
        op.execute(statement)
    for name, _elements, _indexed, _unique in reversed(_tables()):
        op.drop_table(name)
    if dialect == "postgresql":
        for name in ENUMS:
            op.execute(f"DROP TYPE IF EXISTS {name}")
