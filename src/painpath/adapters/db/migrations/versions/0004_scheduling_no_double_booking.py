"""appointments.ends_at and a database-enforced ban on double booking a clinician (issue 11, point 3)

PostgreSQL: an exclusion constraint (btree_gist) over (clinician_id, tstzrange(starts_at, ends_at)) for active
appointments. SQLite: BEFORE INSERT / UPDATE triggers that abort when the new span overlaps an active appointment
of the same clinician (SQLite runs one writer at a time, so the check and the write cannot interleave).

Revision ID: 0004_scheduling
Revises: 0003
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_scheduling'
down_revision = '0003'
branch_labels = None
depends_on = None

INACTIVE = "('cancelled', 'no_show')"  # domain.scheduling.INACTIVE_STATUSES: these free their time
OVERLAP_MESSAGE = "appointment_overlap: the clinician already has an appointment at this time"

SQLITE_TRIGGER = """
CREATE TRIGGER appointments_no_overlap_{verb} BEFORE {event} ON appointments
WHEN NEW.clinician_id IS NOT NULL AND NEW.status NOT IN {inactive}
BEGIN
  SELECT RAISE(ABORT, '{message}')
  WHERE EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.clinician_id = NEW.clinician_id AND a.id IS NOT NEW.id AND a.status NOT IN {inactive}
      AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at
  );
END
"""


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True))
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE appointments SET ends_at = starts_at + make_interval(mins => minutes)")
    else:
        # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): keep that exact form so the
        # triggers' text comparisons order correctly
        op.execute("UPDATE appointments SET ends_at = strftime('%Y-%m-%d %H:%M:%f000', starts_at, "
                   "'+' || minutes || ' minutes')")
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.alter_column('ends_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index('ix_appointments_clinician_span', ['clinician_id', 'starts_at', 'ends_at'])
    if bind.dialect.name == "postgresql":
        # One installation per database; in the public schema when there is one, so that a schema dropped later
        # (tests make one per run) never takes the operator classes other schemas' constraints use with it.
        op.execute("SELECT pg_advisory_xact_lock(hashtext('painpath_btree_gist'))")
        has_public = bind.execute(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")).first()
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist" + (" SCHEMA public" if has_public else ""))
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap EXCLUDE USING gist "
            "(clinician_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            f"WHERE (clinician_id IS NOT NULL AND status NOT IN {INACTIVE})"
        )
        op.execute("ALTER TABLE appointments ADD CONSTRAINT appointments_positive_span CHECK (ends_at > starts_at)")
    else:
        for verb, event in (("insert", "INSERT"), ("update", "UPDATE")):
            op.execute(SQLITE_TRIGGER.format(verb=verb, event=event, inactive=INACTIVE, message=OVERLAP_MESSAGE))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE appointments DROP CONSTRAINT IF EXISTS appointments_positive_span")
        op.execute("ALTER TABLE appointments DROP CONSTRAINT IF EXISTS appointments_no_overlap")
    else:
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_update")
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_clinician_span')
        batch_op.drop_column('ends_at')
