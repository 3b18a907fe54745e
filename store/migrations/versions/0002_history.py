"""Employment history for people analytics (hires, leaves, dated events, protected attributes apart)
and the hr_partner user role.

Revision ID: 0002_history
Revises: 0001
Created: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_history"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three history tables; PostgreSQL's userrole enum learns hr_partner."""
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TYPE userrole ADD VALUE IF NOT EXISTS 'hr_partner'")
    else:  # SQLite keeps the enum as VARCHAR sized to its longest value
        with op.batch_alter_table("user") as batch:
            batch.alter_column("role", type_=sa.Enum("recruiter", "employee", "hr_partner", name="userrole"),
                               existing_nullable=False)
    op.create_table(
        "employment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id", ondelete="SET NULL"), nullable=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("team", sa.String(120), nullable=False),
        sa.Column("role_family", sa.String(200), nullable=False),
        sa.Column("seniority", sa.String(20), nullable=False),
        sa.Column("location", sa.String(120), nullable=False),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("employment.id", ondelete="SET NULL"), nullable=True),
        sa.Column("hired_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("leave_reason", sa.String(20), nullable=True),
    )
    op.create_index(op.f("ix_employment_external_id"), "employment", ["external_id"], unique=True)
    op.create_index(op.f("ix_employment_employee_id"), "employment", ["employee_id"])
    op.create_index(op.f("ix_employment_team"), "employment", ["team"])
    op.create_index(op.f("ix_employment_left_on"), "employment", ["left_on"])
    op.create_table(
        "employment_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("employment_id", sa.Integer(), sa.ForeignKey("employment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("detail", sa.String(200), nullable=False),
    )
    for column in ("employment_id", "at", "kind"):
        op.create_index(op.f(f"ix_employment_event_{column}"), "employment_event", [column])
    op.create_table(
        "employment_protected",
        sa.Column("employment_id", sa.Integer(), sa.ForeignKey("employment.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("gender", sa.String(40), nullable=True),
        sa.Column("age_band", sa.String(20), nullable=True),
    )


def downgrade() -> None:
    """Drop the history tables (PostgreSQL cannot drop an enum value; hr_partner stays unused)."""
    op.drop_table("employment_protected")
    op.drop_table("employment_event")
    op.drop_table("employment")
    if op.get_context().dialect.name != "postgresql":
        with op.batch_alter_table("user") as batch:
            batch.alter_column("role", type_=sa.Enum("recruiter", "employee", name="userrole"),
                               existing_nullable=False)
