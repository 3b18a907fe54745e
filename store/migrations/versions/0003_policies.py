"""Employee HR questions: policy documents and passages, unanswered questions, leave balances and requests.

Revision ID: 0003_policies
Revises: 0002_history
Created: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0003_policies"
down_revision: str | None = "0002_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the five tables (new, empty: nothing existing is touched)."""
    op.create_table('policy_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('policy_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_document_source'), ['source'], unique=True)

    op.create_table('policy_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('best_score', sa.Float(), nullable=False),
    sa.Column('asked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('policy_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_question_asked_at'), ['asked_at'], unique=False)

    op.create_table('leave_balance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('leave_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('entitlement_days', sa.Float(), nullable=False),
    sa.Column('carried_over_days', sa.Float(), nullable=False),
    sa.Column('accrual', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('employee_id', 'leave_type', 'year')
    )
    with op.batch_alter_table('leave_balance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_balance_employee_id'), ['employee_id'], unique=False)

    op.create_table('leave_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('leave_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('days', sa.Float(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_request_employee_id'), ['employee_id'], unique=False)

    op.create_table('policy_passage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['policy_document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'position')
    )
    with op.batch_alter_table('policy_passage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_passage_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    """Drop the five tables, children first."""
    with op.batch_alter_table('policy_passage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_passage_document_id'))

    op.drop_table('policy_passage')
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_request_employee_id'))

    op.drop_table('leave_request')
    with op.batch_alter_table('leave_balance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_balance_employee_id'))

    op.drop_table('leave_balance')
    with op.batch_alter_table('policy_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_question_asked_at'))

    op.drop_table('policy_question')
    with op.batch_alter_table('policy_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_document_source'))

    op.drop_table('policy_document')
