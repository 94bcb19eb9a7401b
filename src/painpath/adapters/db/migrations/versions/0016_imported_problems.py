"""Problem-list entries imported from another system's FHIR Conditions (issue 14)

Revision ID: 0016_imported_problems
Revises: 0018_dismissal_prerequisites
Create Date: 2026-12-04 19:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016_imported_problems'
down_revision = '0018_dismissal_prerequisites'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'problems',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False),
        sa.Column('text', sa.String(200), nullable=False),
        sa.Column('code_system', sa.String(200), nullable=True),
        sa.Column('code', sa.String(40), nullable=True),
        sa.Column('clinical_status', sa.String(20), nullable=False),
        sa.Column('onset_on', sa.Date(), nullable=True),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_index('ix_problems_patient_id', 'problems', ['patient_id'])


def downgrade() -> None:
    op.drop_index('ix_problems_patient_id', table_name='problems')
    op.drop_table('problems')
