"""a patient's allergies and intolerances with their reaction and severity (issue 12)

Revision ID: 0007_allergies
Revises: 0006_audit_keyed
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_allergies'
down_revision = '0006_audit_keyed'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'allergies',
        sa.Column('id', BIGID, nullable=False),
        sa.Column('patient_id', BIGID, nullable=False),
        sa.Column('substance', sa.String(80), nullable=False),
        sa.Column('reaction', sa.Text(), nullable=False),
        sa.Column('severity', sa.String(20), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id']),
        sa.ForeignKeyConstraint(['recorded_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('allergies', schema=None) as batch_op:
        batch_op.create_index('ix_allergies_patient_id', ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('allergies', schema=None) as batch_op:
        batch_op.drop_index('ix_allergies_patient_id')
    op.drop_table('allergies')
