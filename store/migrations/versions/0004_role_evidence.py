"""Roles keep the sentence of a job posting that states each requirement (imported from free text).

Revision ID: 0004_role_evidence
Revises: 0003_policies
Created: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_role_evidence"
down_revision: str | None = "0003_policies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add role.requirement_evidence, an empty JSON list for every existing role."""
    with op.batch_alter_table("role") as batch:
        batch.add_column(sa.Column("requirement_evidence", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    """Drop the column (the roles themselves stay)."""
    with op.batch_alter_table("role") as batch:
        batch.drop_column("requirement_evidence")
