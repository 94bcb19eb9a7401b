"""sign-in failures in the database: the throttle's counts shared by every app process (issue 13)

Revision ID: 0021_sign_in_failures
Revises: 0019_audit_batched_chain
Create Date: 2026-12-05 21:30:00

Before this the sign-in throttle (services/throttle.py) kept its failure counts in each process's memory:
behind `painpath serve --workers N` a guesser had N times the attempts, an administrator's unlock cleared one
worker's counts, and a restart forgot every lock-out. Now each failed sign-in is a row per throttle key (account
from one address, account, address), read and written by every process; rows older than the window are removed
as new failures are recorded. Nothing to carry over: the old counts were in memory.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021_sign_in_failures'
down_revision = '0019_audit_batched_chain'
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'sign_in_failures',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('scope', sa.String(16), nullable=False),
        sa.Column('username', sa.String(80), nullable=False),
        sa.Column('address', sa.String(64), nullable=False),
        sa.Column('at', sa.Float(precision=53), nullable=False),
    )
    op.create_index('ix_sign_in_failures_key_at', 'sign_in_failures', ['scope', 'username', 'address', 'at'])
    op.create_index('ix_sign_in_failures_at', 'sign_in_failures', ['at'])


def downgrade() -> None:
    op.drop_index('ix_sign_in_failures_at', table_name='sign_in_failures')
    op.drop_index('ix_sign_in_failures_key_at', table_name='sign_in_failures')
    op.drop_table('sign_in_failures')
