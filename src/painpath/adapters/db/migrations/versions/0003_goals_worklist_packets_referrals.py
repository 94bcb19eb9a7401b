"""measurable goals with check-ins, the clinicians' worklist, history packets and referrals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clinical_alerts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('patient_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.String(length=80), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_by', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('action_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clinical_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_open', ['acknowledged_at', 'level'], unique=False)
        batch_op.create_index('ix_alerts_source', ['source', 'source_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_clinical_alerts_patient_id'), ['patient_id'], unique=False)

    op.create_table('goal_checkins',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('goal_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('patient_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['functional_goals.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('goal_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_checkins_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_checkins_patient_id'), ['patient_id'], unique=False)

    op.create_table('history_packets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('patient_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('content', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assessment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('history_packets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_packets_patient_id'), ['patient_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('patient_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('referrer', sa.String(length=200), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('letter', sa.Text(), nullable=False),
    sa.Column('assessment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('triage_level', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('appointment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_referrals_status_level', ['status', 'triage_level'], unique=False)

    with op.batch_alter_table('functional_goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('baseline_value', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('target_value', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('set_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('functional_goals', schema=None) as batch_op:
        batch_op.drop_column('set_on')
        batch_op.drop_column('target_value')
        batch_op.drop_column('baseline_value')
        batch_op.drop_column('measure')

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_status_level')
        batch_op.drop_index(batch_op.f('ix_referrals_patient_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('history_packets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_packets_patient_id'))

    op.drop_table('history_packets')
    with op.batch_alter_table('goal_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_checkins_patient_id'))
        batch_op.drop_index(batch_op.f('ix_goal_checkins_goal_id'))

    op.drop_table('goal_checkins')
    with op.batch_alter_table('clinical_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinical_alerts_patient_id'))
        batch_op.drop_index('ix_alerts_source')
        batch_op.drop_index('ix_alerts_open')

    op.drop_table('clinical_alerts')
