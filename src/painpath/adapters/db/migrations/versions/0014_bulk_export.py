"""FHIR Bulk Data export requests and their NDJSON files; links of imported records to their identifiers (issue 14)

Revision ID: 0014_bulk_export
Revises: 0013_cds_hooks
Create Date: 2026-12-04 16:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0014_bulk_export'
down_revision = '0013_cds_hooks'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIGID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'bulk_exports',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('requested_by', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('requester', sa.String(80), nullable=False),
        sa.Column('role', sa.String(20), nullable=False),
        sa.Column('level', sa.String(10), nullable=False),
        sa.Column('types', JSON, nullable=False),
        sa.Column('since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('request_url', sa.Text(), nullable=False),
        sa.Column('status', sa.String(12), nullable=False),
        sa.Column('progress', sa.String(200), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('counts', JSON, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        'bulk_export_files',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('export_id', BIGID, sa.ForeignKey('bulk_exports.id', ondelete='CASCADE'), nullable=False),
        sa.Column('resource_type', sa.String(40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
    )
    op.create_index('ix_bulk_export_files_export_id', 'bulk_export_files', ['export_id'])
    op.create_table(
        'fhir_links',
        sa.Column('id', BIGID, primary_key=True),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('system', sa.String(200), nullable=False),
        sa.Column('value', sa.String(200), nullable=False),
        sa.Column('record_id', BIGID, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ux_fhir_links_kind_identifier', 'fhir_links', ['kind', 'system', 'value'], unique=True)


def downgrade() -> None:
    op.drop_index('ux_fhir_links_kind_identifier', table_name='fhir_links')
    op.drop_table('fhir_links')
    op.drop_index('ix_bulk_export_files_export_id', table_name='bulk_export_files')
    op.drop_table('bulk_export_files')
    op.drop_table('bulk_exports')
