"""the audit chain computed in batches: entries are inserted unlinked, with a sequence number and no lock, and a
chaining step gives each its chain position and MAC once

Revision ID: 0019_audit_batched_chain
Revises: 0020_search_indexes (0019 was reserved before 0020 landed; the order of names does not matter to alembic)
Create Date: 2026-12-05 04:00:00

Before this, every audited transaction took one clinic-wide PostgreSQL advisory lock to append its entries to the
HMAC chain, so every request that read patient data waited its turn (issue 13's 200-user load). Now:

- ``audit_log.seq`` comes from the sequence ``audit_log_seq`` (PostgreSQL; SQLite's rowid), so concurrent
  requests insert their entries without waiting for each other; the entries still commit with what they record.
- ``audit_log.pos`` (new, unique) is the entry's place in the chain, ``prev_hash`` and ``hash`` its link and MAC;
  all three are NULL until `audit.chain_pending` chains the entry (in the order it finds them, under the lock, once
  per batch). Existing entries are chained already: pos = seq.
- The append-only trigger now lets exactly one UPDATE through per entry: NULL pos, prev_hash and hash set to
  values, every other column unchanged. Every other UPDATE, every DELETE (and TRUNCATE) is refused as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019_audit_batched_chain'
down_revision = '0020_search_indexes'
branch_labels = None
depends_on = None

_COLUMNS = ("seq", "at", "user_id", "username", "role", "action", "record_type", "record_id", "patient_id", "ip")

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION painpath_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.pos IS NULL AND OLD.hash IS NULL
       AND NEW.pos IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
       AND ({', '.join('NEW.' + c for c in _COLUMNS)}) IS NOT DISTINCT FROM ({', '.join('OLD.' + c for c in _COLUMNS)})
    THEN
        RETURN NEW;  -- the chaining step links an entry, once
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql
"""

_PG_FUNCTION_BEFORE = """
CREATE OR REPLACE FUNCTION painpath_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql
"""

_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN "
    "OLD.pos IS NOT NULL OR OLD.hash IS NOT NULL OR NEW.pos IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL OR "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _COLUMNS)
    + " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
_SQLITE_NO_DELETE = ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.add_column('audit_log', sa.Column('pos', sa.BigInteger(), nullable=True))
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        op.execute("UPDATE audit_log SET pos = seq")
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        op.alter_column('audit_log', 'prev_hash', existing_type=sa.String(64), nullable=True)
        op.alter_column('audit_log', 'hash', existing_type=sa.String(64), nullable=True)
        op.execute("CREATE SEQUENCE audit_log_seq OWNED BY audit_log.seq")
        op.execute("SELECT setval('audit_log_seq', COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1, false)")
        op.execute("ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq')")
        op.execute(_PG_FUNCTION)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        with op.batch_alter_table('audit_log', recreate='always') as batch:
            batch.add_column(sa.Column('pos', sa.BigInteger(), nullable=True))
            batch.alter_column('prev_hash', existing_type=sa.String(64), nullable=True)
            batch.alter_column('hash', existing_type=sa.String(64), nullable=True)
        op.execute("UPDATE audit_log SET pos = seq")
        op.execute(_SQLITE_NO_UPDATE)
        op.execute(_SQLITE_NO_DELETE)
    op.create_index('uq_audit_log_pos', 'audit_log', ['pos'], unique=True)
    op.create_index('ix_audit_unchained', 'audit_log', ['seq'], postgresql_where=sa.text('pos IS NULL'),
                    sqlite_where=sa.text('pos IS NULL'))


def downgrade() -> None:
    bind = op.get_bind()
    reordered = bind.execute(sa.text("SELECT COUNT(*) FROM audit_log WHERE pos IS NULL OR pos <> seq")).scalar_one()
    if reordered:
        raise RuntimeError(
            f"{reordered} audit entries are unchained or chained out of sequence order, which the previous schema "
            "cannot express: run `painpath audit chain` first; a chain whose order differs from the sequence "
            "numbers cannot be downgraded")
    op.drop_index('ix_audit_unchained', 'audit_log')
    op.drop_index('uq_audit_log_pos', 'audit_log')
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION_BEFORE)
        op.execute("ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT")
        op.execute("DROP SEQUENCE audit_log_seq")
        op.alter_column('audit_log', 'prev_hash', existing_type=sa.String(64), nullable=False)
        op.alter_column('audit_log', 'hash', existing_type=sa.String(64), nullable=False)
        op.drop_column('audit_log', 'pos')
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        with op.batch_alter_table('audit_log', recreate='always') as batch:
            batch.drop_column('pos')
            batch.alter_column('prev_hash', existing_type=sa.String(64), nullable=False)
            batch.alter_column('hash', existing_type=sa.String(64), nullable=False)
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
        op.execute(_SQLITE_NO_DELETE)
