"""scored outcomes: band and scoring details; score may be absent when too many items are missing

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('outcome_measurements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('band', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('scoring', _JSON, nullable=True))
        batch_op.alter_column('score', existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    # rows without a score (refused by the missing-item rule) cannot go back to a NOT NULL column
    op.execute("DELETE FROM outcome_measurements WHERE score IS NULL")
    with op.batch_alter_table('outcome_measurements', schema=None) as batch_op:
        batch_op.alter_column('score', existing_type=sa.Float(), nullable=False)
        batch_op.drop_column('scoring')
        batch_op.drop_column('band')
