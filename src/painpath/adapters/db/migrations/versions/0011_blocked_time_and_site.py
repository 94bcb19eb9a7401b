"""blocked time (a clinician's leave or meetings, procedure rooms held at a site) and the site of an appointment
(issue 15)

Revision ID: 0011_blocked_time_and_site
Revises: 0014_bulk_export
Create Date: 2026-12-04 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_blocked_time_and_site'
down_revision = '0014_bulk_export'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'blocked_times',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('clinician_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('site_id', sa.Integer(), sa.ForeignKey('sites.id'), nullable=True),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.String(200), nullable=False),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('removed_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.CheckConstraint('ends_at > starts_at', name='ck_blocked_times_span'),
        sa.CheckConstraint('(clinician_id IS NULL) <> (site_id IS NULL)', name='ck_blocked_times_whose'),
    )
    op.create_index('ix_blocked_times_span', 'blocked_times', ['starts_at', 'ends_at'])
    # a plain ADD COLUMN (not a batch copy of the table, which would drop SQLite's no-overlap triggers of 0004)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE appointments ADD COLUMN site_id INTEGER REFERENCES sites (id)')
    else:
        op.add_column('appointments', sa.Column('site_id', sa.Integer(),
                                                sa.ForeignKey('sites.id', name='fk_appointments_site'),
                                                nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('fk_appointments_site', 'appointments', type_='foreignkey')
    op.drop_column('appointments', 'site_id')
    op.drop_index('ix_blocked_times_span', table_name='blocked_times')
    op.drop_table('blocked_times')
