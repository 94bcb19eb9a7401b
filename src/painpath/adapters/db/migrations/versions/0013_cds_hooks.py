"""CDS Hooks: registered clients, used JWT ids, issued cards and their feedback (issue 14)

Revision ID: 0013_cds_hooks
Revises: 0010_assessment_signoff
Create Date: 2026-12-04 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0013_cds_hooks'
down_revision = '0010_assessment_signoff'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'cds_clients',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(80), nullable=False, unique=True),
        sa.Column('issuer', sa.String(300), nullable=False, unique=True),
        sa.Column('jwks', JSON, nullable=True),
        sa.Column('jwks_url', sa.String(500), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        'cds_token_uses',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('client_id', sa.Integer(), sa.ForeignKey('cds_clients.id'), nullable=False),
        sa.Column('jti', sa.String(200), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ux_cds_token_uses_client_jti', 'cds_token_uses', ['client_id', 'jti'], unique=True)
    op.create_table(
        'cds_cards',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False, unique=True),
        sa.Column('client_id', sa.Integer(), sa.ForeignKey('cds_clients.id'), nullable=False),
        sa.Column('service', sa.String(80), nullable=False),
        sa.Column('hook_instance', sa.String(100), nullable=False),
        sa.Column('patient_id', BIGID, sa.ForeignKey('patients.id'), nullable=True),
        sa.Column('indicator', sa.String(10), nullable=False),
        sa.Column('summary', sa.String(140), nullable=False),
        sa.Column('rule', sa.String(80), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        'cds_feedback',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('card_id', BIGID, sa.ForeignKey('cds_cards.id'), nullable=False),
        sa.Column('outcome', sa.String(12), nullable=False),
        sa.Column('accepted_suggestions', JSON, nullable=False),
        sa.Column('override_reason', sa.String(200), nullable=False),
        sa.Column('user_comment', sa.Text(), nullable=False),
        sa.Column('outcome_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_cds_feedback_card_id', 'cds_feedback', ['card_id'])


def downgrade() -> None:
    op.drop_index('ix_cds_feedback_card_id', table_name='cds_feedback')
    op.drop_table('cds_feedback')
    op.drop_table('cds_cards')
    op.drop_index('ux_cds_token_uses_client_jti', table_name='cds_token_uses')
    op.drop_table('cds_token_uses')
    op.drop_table('cds_clients')
