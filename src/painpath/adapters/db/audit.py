"""The audit trail: append-only entries, each chained to the previous one by an HMAC-SHA-256.

The key lives outside the database (PAINPATH_AUDIT_KEY, or the file PAINPATH_AUDIT_KEY_FILE, by default
``audit.key`` in the user data folder, created on first use), so someone who can write to the database cannot
recompute the chain after rewriting an entry. After every commit that added entries, the new head (sequence number
and MAC) is appended to a checkpoint file outside the database (PAINPATH_AUDIT_CHECKPOINT; for SQLite by default
``<database file>.audit-checkpoint``), so deleting the newest entries and moving the head back is detected too.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from painpath.adapters.db.tables import AuditEntry, AuditHead
from painpath.services.access import Actor

GENESIS = "0" * 64
# Any 64-bit constant: serialises appends on PostgreSQL so the chain never forks.
_PG_LOCK_KEY = 0x5041494E50415448 & 0x7FFFFFFFFFFFFFFF
_LOCKED = "audit_chain_locked_in"


def utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything PainPath stores is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class AuditSeal:
    """The chain's key and where its head is checkpointed (None: no checkpoint file)."""

    key: bytes
    checkpoint: Path | None


def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    key = path.read_text().strip()
    if len(key) < 32:
        raise ValueError(f"the audit key in {path} is shorter than 32 characters: use e.g. `openssl rand -hex 32`")
    return key.encode()


def build_seal(database_url: str, environ: Mapping[str, str] | None = None) -> AuditSeal:
    """The key and checkpoint file for this database, from PAINPATH_AUDIT_KEY / _KEY_FILE / _CHECKPOINT."""
    env = os.environ if environ is None else environ
    if env.get("PAINPATH_AUDIT_KEY"):
        key = env["PAINPATH_AUDIT_KEY"].strip().encode()
        if len(key) < 32:
            raise ValueError("PAINPATH_AUDIT_KEY must be at least 32 characters (e.g. `openssl rand -hex 32`)")
    else:
        key_file = env.get("PAINPATH_AUDIT_KEY_FILE")
        if not key_file:
            from platformdirs import user_data_path

            key_file = str(user_data_path("painpath", appauthor=False) / "audit.key")
        key = _key_from_file(Path(key_file))
    checkpoint: Path | None = Path(env["PAINPATH_AUDIT_CHECKPOINT"]) if env.get("PAINPATH_AUDIT_CHECKPOINT") else None
    url = make_url(database_url)
    if checkpoint is None and url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        checkpoint = Path(f"{url.database}.audit-checkpoint")
    return AuditSeal(key=key, checkpoint=checkpoint)


@functools.lru_cache(maxsize=64)
def _default_seal(database_url: str) -> AuditSeal:
    return build_seal(database_url)


def seal_for(session: Session) -> AuditSeal:
    """The seal the session was made with (web/app.py, CLI), else the one the environment gives its database."""
    seal = session.info.get("audit_seal")
    if isinstance(seal, AuditSeal):
        return seal
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    return _default_seal(engine.url.render_as_string(hide_password=False))


def _canonical(entry: Any) -> str:
    """Every field of an entry (an AuditEntry or a row with the same columns) in a fixed canonical form."""
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
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(prev_hash: str, entry: Any, key: bytes) -> str:
    """The HMAC-SHA-256 (keyed: see the module's docstring) over the previous MAC and the entry."""
    return hmac.new(key, f"{prev_hash}\n{_canonical(entry)}".encode(), hashlib.sha256).hexdigest()


def plain_entry_hash(prev_hash: str, entry: Any) -> str:
    """The unkeyed SHA-256 chain of schemas 0001-0005 (the upgrade to 0006 checks it, then keys the chain)."""
    return hashlib.sha256(f"{prev_hash}\n{_canonical(entry)}".encode()).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appends on PostgreSQL until the transaction ends, taking the lock once per transaction (a search
    listing fifty patients appends fifty-one entries; a round trip each for a lock already held cost ~1 ms each).
    Inside a savepoint it is taken every time, since rolling the savepoint back may release it."""
    transaction = session.get_transaction()
    if session.in_nested_transaction() or transaction is None or session.info.get(_LOCKED) is not transaction:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        # the transaction object itself (kept alive here, so a later one is never mistaken for it)
        session.info[_LOCKED] = None if session.in_nested_transaction() else session.get_transaction()


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
    """Add one entry in the caller's transaction, so the entry and the change it records commit together; the
    new head goes to the checkpoint file once the transaction has committed."""
    if session.get_bind().dialect.name == "postgresql":
        _lock_chain(session)
    seal = seal_for(session)
    head = session.get(AuditHead, 1)
    prev_seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
    entry = AuditEntry(
        seq=prev_seq + 1,
        # microsecond precision is what both SQLite and PostgreSQL keep, so the MAC survives the round trip
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
    entry.hash = entry_hash(prev_hash, entry, seal.key)
    session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=entry.seq, hash=entry.hash))
        session.flush()  # so the next append in this transaction finds the head
    else:
        head.seq, head.hash = entry.seq, entry.hash
    if seal.checkpoint is not None:
        session.info["audit_pending_head"] = (seal.checkpoint, entry.seq, entry.hash)
    return entry


def append_many(session: Session, entries: list[tuple[Actor, str, str, object, int | None]]) -> None:
    """Append several entries (actor, action, record type, record id, patient id) in order, as ``append`` would
    one by one, but with one read of the head and one multi-row INSERT: a search listing 20 patients appends 21
    entries, and building an ORM object for each cost about half the search's CPU in the app."""
    if not entries:
        return
    session.flush()  # the records first, then the entries recording them (as one flush would order them)
    if session.get_bind().dialect.name == "postgresql":
        _lock_chain(session)
    seal = seal_for(session)
    head = session.get(AuditHead, 1)
    seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
    rows: list[dict[str, Any]] = []
    for actor, action, record_type, record_id, patient_id in entries:
        seq += 1
        row: dict[str, Any] = {
            "seq": seq, "at": datetime.now(UTC), "user_id": actor.user_id, "username": actor.username,
            "role": actor.role.value, "action": action, "record_type": record_type, "record_id": str(record_id),
            "patient_id": patient_id, "ip": actor.ip or "unknown", "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = entry_hash(prev_hash, _Fields(row), seal.key)
        rows.append(row)
    # one statement, and no ORM object for each entry
    session.connection().execute(insert(AuditEntry.__table__), rows)  # type: ignore[arg-type]
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=prev_hash))
        session.flush()
    else:
        head.seq, head.hash = seq, prev_hash
    if seal.checkpoint is not None:
        session.info["audit_pending_head"] = (seal.checkpoint, seq, prev_hash)


class _Fields:
    """A row's dict read as attributes (what _canonical reads)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


def write_checkpoint(path: Path, seq: int, mac: str) -> None:
    """One line appended (O_APPEND: never rewritten) per committed head: ``<seq> <mac>``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, f"{seq} {mac}\n".encode())
    finally:
        os.close(descriptor)


@event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session: Session) -> None:
    pending = session.info.pop("audit_pending_head", None)
    if pending is not None:
        write_checkpoint(*pending)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop("audit_pending_head", None)


def read_checkpoint(path: Path) -> tuple[int, str] | None:
    """The newest checkpointed head (the highest sequence number; commits may land slightly out of order)."""
    if not path.exists():
        return None
    best: tuple[int, str] | None = None
    for line in path.read_text().splitlines():
        seq, _, mac = line.strip().partition(" ")
        if seq.isdigit() and len(mac) == 64 and (best is None or int(seq) > best[0]):
            best = (int(seq), mac)
    return best


def verify(session: Session, batch: int = 5000) -> Iterator[str]:
    """Every problem in the chain: an edited entry, a missing one, or a truncated tail (found by the head record
    and by the checkpoint file outside the database)."""
    seal = seal_for(session)
    expected_seq, prev_hash = 1, GENESIS
    checkpoint = read_checkpoint(seal.checkpoint) if seal.checkpoint is not None else None
    checkpoint_seen = False
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch))
    for entry in rows.scalars():
        if entry.seq != expected_seq:
            missing = (
                f"{expected_seq}" if entry.seq == expected_seq + 1 else f"{expected_seq} to {entry.seq - 1}"
            )
            yield f"entry {missing} missing: deleted from the log"
        elif entry.prev_hash != prev_hash:
            yield f"entry {entry.seq}: does not link to the entry before it (an entry was replaced)"
        if entry_hash(entry.prev_hash, entry, seal.key) != entry.hash:
            yield f"entry {entry.seq}: contents do not match its MAC (edited after it was written, or a wrong key)"
        if checkpoint is not None and entry.seq == checkpoint[0]:
            checkpoint_seen = True
            if entry.hash != checkpoint[1]:
                yield f"entry {entry.seq}: differs from the checkpoint kept outside the database (rewritten)"
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
    if checkpoint is not None and not checkpoint_seen and checkpoint[0] > last_seq:
        yield (
            f"the log ends at entry {last_seq} but the checkpoint outside the database ({seal.checkpoint}) "
            f"records entry {checkpoint[0]}: the newest entries were deleted"
        )


def checkpoint_note(session: Session) -> str:
    """Where the head is checkpointed, for `painpath audit verify` to print."""
    seal = seal_for(session)
    if seal.checkpoint is None:
        return "no checkpoint file configured (PAINPATH_AUDIT_CHECKPOINT): a removed tail is found only by the head"
    return f"checkpoint file {seal.checkpoint}"


def count(session: Session) -> int:
    head = session.get(AuditHead, 1)
    return head.seq if head else 0
