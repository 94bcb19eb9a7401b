"""clinicians and sites as data, insurance plans and coverage, patient preferences (issue 15)

Revision ID: 0005_providers
Revises: 0004_scheduling
Create Date: 2026-12-03 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0005_providers'
down_revision = '0004_scheduling'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'sites',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('code', sa.String(40), nullable=False, unique=True),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('address', sa.String(400), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('opens', sa.String(5), nullable=False),
        sa.Column('closes', sa.String(5), nullable=False),
        sa.Column('days', JSON, nullable=False),
        sa.Column('procedure_rooms', sa.Integer(), nullable=False),
        sa.Column('plans', JSON, nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_table(
        'clinician_profiles',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), primary_key=True),
        sa.Column('focus', JSON, nullable=False),
        sa.Column('procedures', JSON, nullable=False),
        sa.Column('languages', JSON, nullable=False),
        sa.Column('sessions', JSON, nullable=False),
        sa.Column('accepting_new', sa.Boolean(), nullable=False),
        sa.Column('plans', JSON, nullable=False),
        sa.Column('calendar_token', sa.String(64), nullable=True, unique=True),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_table(
        'insurance_plans',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('code', sa.String(40), nullable=False, unique=True),
        sa.Column('payer', sa.String(200), nullable=False),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('rules', sa.String(40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_table(
        'coverages',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False, index=True),
        sa.Column('plan_id', sa.Integer(), sa.ForeignKey('insurance_plans.id'), nullable=False),
        sa.Column('member_id', sa.String(60), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('referral_required', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_table(
        'patient_preferences',
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), primary_key=True),
        sa.Column('language', sa.String(10), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=True),
        sa.Column('longitude', sa.Float(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('remind_by', sa.String(10), nullable=False, server_default='email'),
        sa.Column('calendar_token', sa.String(64), nullable=True, unique=True),
        sa.Column('version', sa.Integer(), nullable=False),
    )


    op.create_table(
        'waitlist_entries',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False, index=True),
        sa.Column('appointment_id', BIGID, sa.ForeignKey('appointments.id'), nullable=True),
        sa.Column('triage_level', sa.String(20), nullable=False),
        sa.Column('clinician_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
    )
    op.create_table(
        'slot_offers',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('entry_id', BIGID, sa.ForeignKey('waitlist_entries.id'), nullable=False),
        sa.Column('clinician_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    # a slot is offered to one patient at a time, and a patient holds one open offer at a time
    op.create_index('ux_slot_offers_open_slot', 'slot_offers', ['clinician_id', 'starts_at'], unique=True,
                    sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
    op.create_index('ux_slot_offers_open_entry', 'slot_offers', ['entry_id'], unique=True,
                    sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
    op.create_table(
        'reminders_sent',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('subject', sa.String(120), nullable=False),
        sa.Column('channel', sa.String(10), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('kind', 'subject', 'channel', name='ux_reminders_once'),
    )


def downgrade() -> None:
    for table in ('reminders_sent', 'slot_offers', 'waitlist_entries', 'patient_preferences', 'coverages', 'insurance_plans', 'clinician_profiles', 'sites'):
        op.drop_table(table)
