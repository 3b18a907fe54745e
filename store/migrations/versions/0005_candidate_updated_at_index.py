"""An index on candidate.updated_at: a server checks the newest stamp twice a second, at 100k too.

Revision ID: 0005_candidate_updated_at_index
Revises: 0004_role_evidence
Created: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005_candidate_updated_at_index"
down_revision: str | None = "0004_role_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index the stamp (max(updated_at) and rows changed since it stop scanning the table)."""
    op.create_index(op.f("ix_candidate_updated_at"), "candidate", ["updated_at"], unique=False)


def downgrade() -> None:
    """Drop the index (the data stays)."""
    op.drop_index(op.f("ix_candidate_updated_at"), table_name="candidate")
