"""assessments: source, working or proposal, sign-off, the assessment a re-plan re-planned; decisions carried
into a re-plan (issue 12)

A clinician's own assessment is the working assessment at once; one from a referral letter, the patient's history
packet or an automatic re-plan is a proposal until a clinician signs it off. Rows stored before this revision
were each the working assessment when they were made: they stay working (working_since = created_at), with their
source read from the referral or packet that points at them.

Revision ID: 0010_assessment_signoff
Revises: 0009_jobs
Create Date: 2026-12-04 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_assessment_signoff'
down_revision = '0009_jobs'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(20), nullable=False, server_default='note'))
        batch_op.add_column(sa.Column('status', sa.String(10), nullable=False, server_default='working'))
        batch_op.add_column(sa.Column('working_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_off_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('replan_of', BIGID, nullable=True))
        batch_op.create_foreign_key('fk_assessments_signed_off_by', 'users', ['signed_off_by'], ['id'])
        batch_op.create_foreign_key('fk_assessments_replan_of', 'assessments', ['replan_of'], ['id'])
    with op.batch_alter_table('plan_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from', BIGID, nullable=True))
        batch_op.create_foreign_key('fk_plan_decisions_carried_from', 'assessments', ['carried_from'], ['id'])
    op.execute("UPDATE assessments SET working_since = created_at")
    op.execute("UPDATE assessments SET source = 'form' WHERE input_kind = 'intake'")
    op.execute("UPDATE assessments SET source = 'packet' WHERE id IN "
               "(SELECT assessment_id FROM history_packets WHERE assessment_id IS NOT NULL)")
    op.execute("UPDATE assessments SET source = 'referral' WHERE id IN "
               "(SELECT assessment_id FROM referrals WHERE assessment_id IS NOT NULL AND source = 'referral')")


def downgrade() -> None:
    with op.batch_alter_table('plan_decisions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_plan_decisions_carried_from', type_='foreignkey')
        batch_op.drop_column('carried_from')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_assessments_replan_of', type_='foreignkey')
        batch_op.drop_constraint('fk_assessments_signed_off_by', type_='foreignkey')
        for column in ('replan_of', 'signed_off_at', 'signed_off_by', 'working_since', 'status', 'source'):
            batch_op.drop_column(column)
