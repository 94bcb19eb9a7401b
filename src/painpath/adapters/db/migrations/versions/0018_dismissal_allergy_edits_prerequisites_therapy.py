"""dismissed proposals, allergy corrections and removals, psychological evaluations, therapy notes and flare
reports (issue 12)

A clinician dismisses a proposal with a reason (status 'dismissed': it leaves the pending list and stays in the
history); an allergy keeps the reason for its last correction and, when removed, who removed it, when and why (the
row stays). A psychological evaluation before neuromodulation is a record (outcome, date, clinician); a therapist's
therapy note or flare report is one too.

Revision ID: 0018_dismissal_prerequisites
Revises: 0011_blocked_time_and_site
Create Date: 2026-12-04 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018_dismissal_prerequisites'
down_revision = '0011_blocked_time_and_site'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dismissed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('dismissal_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_assessments_dismissed_by', 'users', ['dismissed_by'], ['id'])
    with op.batch_alter_table('allergies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correction_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removal_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_allergies_removed_by', 'users', ['removed_by'], ['id'])
    op.create_table(
        'psych_evaluations',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False),
        sa.Column('evaluated_on', sa.Date(), nullable=False),
        sa.Column('outcome', sa.String(20), nullable=False),
        sa.Column('clinician', sa.String(200), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_psych_evaluations_patient_id', 'psych_evaluations', ['patient_id'])
    op.create_table(
        'therapy_reports',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False),
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('exercise', sa.String(120), nullable=False),
        sa.Column('flared', sa.String(200), nullable=False),
        sa.Column('severity', sa.String(10), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_therapy_reports_patient_id', 'therapy_reports', ['patient_id'])


def downgrade() -> None:
    op.drop_index('ix_therapy_reports_patient_id', table_name='therapy_reports')
    op.drop_table('therapy_reports')
    op.drop_index('ix_psych_evaluations_patient_id', table_name='psych_evaluations')
    op.drop_table('psych_evaluations')
    with op.batch_alter_table('allergies', schema=None) as batch_op:
        batch_op.drop_constraint('fk_allergies_removed_by', type_='foreignkey')
        for column in ('removal_reason', 'removed_by', 'removed_at', 'correction_reason'):
            batch_op.drop_column(column)
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_assessments_dismissed_by', type_='foreignkey')
        for column in ('dismissal_reason', 'dismissed_at', 'dismissed_by'):
            batch_op.drop_column(column)
