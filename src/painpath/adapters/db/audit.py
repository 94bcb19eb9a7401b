"""The audit trail: append-only entries, each chained to the previous one by a SHA-256 hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from painpath.adapters.db.tables import AuditEntry, AuditHead
from painpath.services.access import Actor

GENESIS = "0" * 64
# Any 64-bit constant: serialises appends on PostgreSQL so the chain never forks.
_PG_LOCK_KEY = 0x5041494E50415448 & 0x7FFFFFFFFFFFFFFF


def utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything PainPath stores is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """The SHA-256 over the previous hash and every field of the entry, in a fixed canonical form."""
    body = {
        "seq": entry.seq,
        "at": utc(entry.at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "user_id": entry.user_id,
        "username": entry.username,
        "role": entry.role,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "patient_id": entry.patient_id,
        "ip": entry.ip,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def append(
    session: Session,
    actor: Actor,
    *,
    action: str,
    record_type: str,
    record_id: object,
    patient_id: int | None,
    role: str | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction, so the entry and the change it records commit together."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    head = session.get(AuditHead, 1)
    prev_seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
    entry = AuditEntry(
        seq=prev_seq + 1,
        # microsecond precision is what both SQLite and PostgreSQL keep, so the hash survives the round trip
        at=datetime.now(UTC),
        user_id=actor.user_id,
        username=actor.username,
        role=role or actor.role.value,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        patient_id=patient_id,
        ip=actor.ip or "unknown",
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(prev_hash, entry)
    session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=entry.seq, hash=entry.hash))
        session.flush()  # so the next append in this transaction finds the head
    else:
        head.seq, head.hash = entry.seq, entry.hash
    return entry


def verify(session: Session, batch: int = 5000) -> Iterator[str]:
    """Every problem in the chain: an edited entry, a missing one, or a truncated tail."""
    expected_seq, prev_hash = 1, GENESIS
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch))
    for entry in rows.scalars():
        if entry.seq != expected_seq:
            missing = (
                f"{expected_seq}" if entry.seq == expected_seq + 1 else f"{expected_seq} to {entry.seq - 1}"
            )
            yield f"entry {missing} missing: deleted from the log"
        elif entry.prev_hash != prev_hash:
            yield f"entry {entry.seq}: does not link to the entry before it (an entry was replaced)"
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            yield f"entry {entry.seq}: contents do not match its hash (edited after it was written)"
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = session.get(AuditHead, 1)
    last_seq = expected_seq - 1
    if head is None and last_seq:
        yield "the chain head record is missing"
    elif head is not None and (head.seq != last_seq or head.hash != prev_hash):
        yield (
            f"the log ends at entry {last_seq} but the chain head says {head.seq}: "
            "the newest entries were deleted or replaced"
        )


def count(session: Session) -> int:
    head = session.get(AuditHead, 1)
    return head.seq if head else 0
