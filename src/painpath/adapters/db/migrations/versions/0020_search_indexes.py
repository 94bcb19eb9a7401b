"""Patient search at scale (issue 13): accent-free name keys, and covering prefix indexes on PostgreSQL

- family_lower / given_lower become the names' search keys (painpath.domain.names.search_key: accents dropped,
  case folded), so "Jose" finds "José"; existing rows are recomputed.
- On PostgreSQL the two prefix indexes (text_pattern_ops, 0001) carry what a search orders and unites by (the
  other name and the id, INCLUDE), so a name search picks and orders its page by index-only scans and reads only
  the page's rows from the table.

Revision ID: 0020_search_indexes
Revises: 0016_imported_problems
Create Date: 2026-12-05 04:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from painpath.domain.names import search_key

revision = '0020_search_indexes'
down_revision = '0016_imported_problems'
branch_labels = None
depends_on = None

_BATCH = 5000


def _rekey(fold: object) -> None:
    bind = op.get_bind()
    patients = sa.table("patients", sa.column("id"), sa.column("family_name"), sa.column("given_name"),
                        sa.column("family_lower"), sa.column("given_lower"))
    last = 0
    while True:
        rows = bind.execute(sa.select(patients).where(patients.c.id > last).order_by(patients.c.id)
                            .limit(_BATCH)).all()
        if not rows:
            return
        last = rows[-1].id
        changed = [{"key": r.id, "family": fold(r.family_name), "given": fold(r.given_name)}  # type: ignore[operator]
                   for r in rows]
        changed = [c for c, r in zip(changed, rows, strict=True)
                   if (c["family"], c["given"]) != (r.family_lower, r.given_lower)]
        if changed:
            bind.execute(patients.update().where(patients.c.id == sa.bindparam("key"))
                         .values(family_lower=sa.bindparam("family"), given_lower=sa.bindparam("given")), changed)


def upgrade() -> None:
    _rekey(search_key)
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_patients_family")
    op.execute("CREATE INDEX ix_patients_family ON patients (family_lower text_pattern_ops, given_lower "
               "text_pattern_ops) INCLUDE (id)")
    op.execute("DROP INDEX ix_patients_given")
    op.execute("CREATE INDEX ix_patients_given ON patients (given_lower text_pattern_ops) INCLUDE (family_lower, id)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_patients_given")
        op.execute("CREATE INDEX ix_patients_given ON patients (given_lower text_pattern_ops)")
        op.execute("DROP INDEX ix_patients_family")
        op.execute("CREATE INDEX ix_patients_family ON patients (family_lower text_pattern_ops, given_lower "
                   "text_pattern_ops)")
    _rekey(str.lower)
