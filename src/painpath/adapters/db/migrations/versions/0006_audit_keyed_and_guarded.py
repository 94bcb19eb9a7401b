"""the audit chain keyed with HMAC; TRUNCATE and DELETE refused on the audit tables; one-time activation links;
TOTP second factor with recovery codes

Revision ID: 0006_audit_keyed
Revises: 0005_providers
Create Date: 2026-12-03 18:20:00

The chain written by 0001-0005 was plain SHA-256. It is checked first (a broken chain stops the upgrade: run
`painpath audit verify` on the old version to see where), then every entry gets its HMAC with the key the service
uses (PAINPATH_AUDIT_KEY / PAINPATH_AUDIT_KEY_FILE: run the upgrade with the same environment as the service),
and the new head is written to the checkpoint file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_audit_keyed'
down_revision = '0005_providers'
branch_labels = None
depends_on = None

_PG_GUARD = """
CREATE OR REPLACE FUNCTION painpath_audit_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    bind = op.get_bind()
    _key_the_chain(bind)
    if bind.dialect.name == "postgresql":
        op.execute(_PG_GUARD)
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION painpath_audit_guard()")
        op.execute("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
                   "FOR EACH ROW EXECUTE FUNCTION painpath_audit_guard()")
        op.execute("CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
                   "FOR EACH STATEMENT EXECUTE FUNCTION painpath_audit_guard()")
    else:  # SQLite has no TRUNCATE: DELETE without WHERE runs the row trigger like any DELETE
        op.execute("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
                   "BEGIN SELECT RAISE(ABORT, 'audit_head is append-only'); END")
    op.create_table(
        'account_activations',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('token_hash', sa.String(64), nullable=False, unique=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_account_activations_user_id', 'account_activations', ['user_id'])
    op.create_table(
        'totp_factors',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), primary_key=True),
        sa.Column('secret', sa.String(64), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('last_step', sa.BigInteger(), nullable=True),
    )
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('code_hash', sa.String(64), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_recovery_codes_user_id', 'recovery_codes', ['user_id'])


def _key_the_chain(bind: sa.engine.Connection) -> None:
    from painpath.adapters.db import audit
    from painpath.adapters.db.tables import BigId, UtcDateTime

    # the log as 0001 made it (0019 added a column); UtcDateTime reads SQLite's datetimes back as UTC
    log = sa.Table(
        "audit_log", sa.MetaData(),
        sa.Column("seq", BigId, primary_key=True), sa.Column("at", UtcDateTime), sa.Column("user_id", sa.Integer),
        sa.Column("username", sa.String(80)), sa.Column("role", sa.String(20)), sa.Column("action", sa.String(20)),
        sa.Column("record_type", sa.String(40)), sa.Column("record_id", sa.String(80)),
        sa.Column("patient_id", sa.BigInteger), sa.Column("ip", sa.String(64)), sa.Column("prev_hash", sa.String(64)),
        sa.Column("hash", sa.String(64)),
    )
    rows = bind.execute(sa.select(log).order_by(log.c.seq)).all()
    if not rows:
        return
    seal = audit.build_seal(bind.engine.url.render_as_string(hide_password=False))
    prev, updates = audit.GENESIS, []
    for expected, row in enumerate(rows, start=1):
        # entries written by this version before the upgrade (e.g. on a restored backup) are keyed already
        intact = row.hash in (audit.plain_entry_hash(prev, row), audit.entry_hash(prev, row, seal.key))
        if row.seq != expected or row.prev_hash != prev or not intact:
            raise RuntimeError(
                f"the audit chain is broken at entry {row.seq}: not keying a tampered chain "
                "(run `painpath audit verify` with the previous version to see what changed)"
            )
        prev = row.hash
    keyed_prev = audit.GENESIS
    for row in rows:
        mac = audit.entry_hash(keyed_prev, row, seal.key)
        updates.append({"s": row.seq, "p": keyed_prev, "h": mac})
        keyed_prev = mac
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
    bind.execute(sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"), updates)
    bind.execute(sa.text("UPDATE audit_head SET hash = :h WHERE id = 1"), {"h": keyed_prev})
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    else:
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    if seal.checkpoint is not None:
        audit.write_checkpoint(seal.checkpoint, rows[-1].seq, keyed_prev)


def downgrade() -> None:
    op.drop_index('ix_recovery_codes_user_id', 'recovery_codes')
    op.drop_table('recovery_codes')
    op.drop_table('totp_factors')
    op.drop_index('ix_account_activations_user_id', 'account_activations')
    op.drop_table('account_activations')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_head")
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head")
        op.execute("DROP FUNCTION IF EXISTS painpath_audit_guard()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
    # the chain stays keyed: the previous version's `audit verify` would report every entry (re-key by hand)
