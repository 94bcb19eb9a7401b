"""Similar-name search on PostgreSQL: pg_trgm and GIN trigram indexes on the lower-cased names (issue 13)

The prefix indexes (text_pattern_ops) from 0001 serve "starts with"; these serve "looks like" (a misspelled
name). SQLite computes the same trigram similarity in Python (painpath.domain.names) over one clinic's patients.

Revision ID: 0008_search_trgm
Revises: 0005_providers
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_search_trgm'
down_revision = '0005_providers'
branch_labels = None
depends_on = None


def _trgm_schema(bind: sa.engine.Connection) -> str:
    # One installation per database, in the public schema when there is one (as btree_gist in 0004), so that a
    # schema dropped later never takes the operator classes other schemas' indexes use with it.
    op.execute("SELECT pg_advisory_xact_lock(hashtext('painpath_pg_trgm'))")
    has_public = bind.execute(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")).first()
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm" + (" SCHEMA public" if has_public else ""))
    return str(bind.execute(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'")).scalar_one())


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trgm_schema(bind)
    for column in ("family_lower", "given_lower"):
        op.execute(f'CREATE INDEX ix_patients_{column}_trgm ON patients USING gin ({column} "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in ("family_lower", "given_lower"):
        op.execute(f"DROP INDEX IF EXISTS ix_patients_{column}_trgm")
