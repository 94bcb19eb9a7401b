"""background jobs: idempotency key, tries, outcome and dead letters (issue 13)

Revision ID: 0009_jobs
Revises: 0008_search_trgm
Create Date: 2026-12-03 18:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0009_jobs'
down_revision = '0008_search_trgm'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'jobs',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('name', sa.String(80), nullable=False),
        sa.Column('key', sa.String(200), nullable=False, unique=True),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('result', JSON, nullable=True),
        sa.Column('queued_by', sa.String(80), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_jobs_status_updated', 'jobs', ['status', 'updated_at'])


def downgrade() -> None:
    op.drop_index('ix_jobs_status_updated', table_name='jobs')
    op.drop_table('jobs')
