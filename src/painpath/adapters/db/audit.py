"""The audit trail: append-only entries, each chained to the previous one by an HMAC-SHA-256.

A request inserts its entries in its own transaction, with a sequence number from the database and no lock, so
an acknowledged write's entry commits with it and concurrent requests never wait for one another on the audit
log. The chain is computed afterwards, in batches (`chain_pending`: one lock per batch, PostgreSQL's advisory
lock; on SQLite just before each commit, so the embedded default never leaves an entry unchained): each
unchained entry gets the next chain position, the previous entry's MAC and its own. `verify` checks the chained
entries and reports the others as pending, never as tampered. The database lets exactly that one update through
(schema 0019's trigger) and refuses every other UPDATE and every DELETE.

The key lives outside the database (PAINPATH_AUDIT_KEY, or the file PAINPATH_AUDIT_KEY_FILE, by default
``audit.key`` in the user data folder, created on first use), so someone who can write to the database cannot
recompute the chain after rewriting an entry. After every chaining step, the new head (chain position and MAC)
is appended to a checkpoint file outside the database (PAINPATH_AUDIT_CHECKPOINT; for SQLite by default
``<database file>.audit-checkpoint``), so deleting the newest entries and moving the head back is detected too.

What the batching gives up: an entry is only tamper-evident once chained, so for the second or so before the
chaining step runs, someone with write access to the database who also drops the triggers could alter or remove
it unnoticed (see README, "Security").
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from painpath.adapters.db.tables import AuditEntry, AuditHead
from painpath.services.access import Actor

GENESIS = "0" * 64
# Any 64-bit constant: serialises the chaining steps on PostgreSQL so the chain never forks.
_PG_LOCK_KEY = 0x5041494E50415448 & 0x7FFFFFFFFFFFFFFF
CHAIN_AT_COMMIT = "audit_chain_at_commit"  # session.info key (SQLite): entries were inserted, link them at commit
log = logging.getLogger("painpath.audit")
_LOG = cast(Table, AuditEntry.__table__)


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


def _lock_chain(session: Session, *, wait: bool = True) -> bool:
    """PostgreSQL: the chaining step's lock, held until its transaction ends, so two chaining steps never fork
    the chain (requests never take it: they only insert). ``wait=False``: False at once when another holds it."""
    if session.get_bind().dialect.name != "postgresql":
        return True  # SQLite: one writer at a time already
    if wait:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        return True
    return bool(session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}).scalar())


def audit_row(actor: Actor, action: str, record_type: str, record_id: object, patient_id: int | None,
         role: str | None, at: datetime) -> dict[str, Any]:
    return {
        "at": at,
        "user_id": actor.user_id,
        "username": actor.username,
        "role": role or actor.role.value,
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id),
        "patient_id": patient_id,
        "ip": actor.ip or "unknown",
    }


def append_many(session: Session, entries: list[tuple[Actor, str, str, object, int | None]]) -> None:
    """Insert entries (actor, action, record_type, record_id, patient_id) in the caller's transaction, unchained,
    in one statement and without any lock: each gets its sequence number from the database (PostgreSQL's
    sequence audit_log_seq, SQLite's rowid), so concurrent requests never wait for each other here. The entries
    commit with what they record; `chain_pending` links them later (on SQLite at this transaction's commit)."""
    if not entries:
        return
    session.flush()  # the records first, then the entries recording them (as one flush would order them)
    # microsecond precision is what both SQLite and PostgreSQL keep, so the MAC survives the round trip
    at = datetime.now(UTC)
    session.execute(insert(_LOG),
                    [audit_row(actor, action, record_type, record_id, patient_id, None, at)
                     for actor, action, record_type, record_id, patient_id in entries])
    if session.get_bind().dialect.name != "postgresql":
        session.info[CHAIN_AT_COMMIT] = True


def append(
    session: Session,
    actor: Actor,
    *,
    action: str,
    record_type: str,
    record_id: object,
    patient_id: int | None,
    role: str | None = None,
) -> None:
    """Add one entry in the caller's transaction, so the entry and the change it records commit together (see
    `append_many`)."""
    session.execute(insert(_LOG),
                    [audit_row(actor, action, record_type, record_id, patient_id, role, datetime.now(UTC))])
    if session.get_bind().dialect.name != "postgresql":
        session.info[CHAIN_AT_COMMIT] = True


def chain_pending(session: Session, *, limit: int = 5000, wait: bool = True) -> int:
    """Link up to ``limit`` unchained entries (oldest sequence number first) onto the chain, under the chain's
    lock, in the caller's transaction: each gets the next chain position, the previous MAC and its own MAC, and
    the head moves to the last one. Returns how many were chained (0 also when ``wait`` is False and another
    chaining step holds the lock). The new head goes to the checkpoint file once the transaction commits.

    Entries of transactions still running are invisible here and are chained by a later run, after entries with
    higher sequence numbers: the chain's order (pos) is total and is the order of chaining, not of ``seq``."""
    if not _lock_chain(session, wait=wait):
        return 0
    session.flush()
    rows = session.execute(select(_LOG).where(_LOG.c.pos.is_(None)).order_by(_LOG.c.seq).limit(limit)).all()
    if not rows:
        return 0
    seal = seal_for(session)
    head = session.get(AuditHead, 1)
    pos, prev = (head.seq, head.hash) if head else (0, GENESIS)
    links = []
    for row in rows:
        pos += 1
        mac = entry_hash(prev, row, seal.key)
        links.append({"s": row.seq, "p": pos, "ph": prev, "h": mac})
        prev = mac
    session.execute(
        update(_LOG).where(_LOG.c.seq == bindparam("s"), _LOG.c.pos.is_(None))
        .values(pos=bindparam("p"), prev_hash=bindparam("ph"), hash=bindparam("h"))
        .execution_options(synchronize_session=False),
        links,
    )
    if head is None:
        session.add(AuditHead(id=1, seq=pos, hash=prev))
    else:
        head.seq, head.hash = pos, prev
    session.flush()
    if seal.checkpoint is not None:
        session.info["audit_pending_head"] = (seal.checkpoint, pos, prev)
    return len(rows)


def chain_at_commit(session: Session) -> None:
    """SQLite: link this transaction's entries just before it commits (its writes take turns anyway, so the
    embedded default never leaves entries unchained)."""
    if session.info.pop(CHAIN_AT_COMMIT, False):
        while chain_pending(session) == 5000:
            pass


def chain_all(sessions: Any, *, batch: int = 5000) -> int:
    """Chain every entry committed so far, one transaction per batch (`painpath audit chain`, tests)."""
    total = 0
    while True:
        with sessions() as session:
            done = chain_pending(session, limit=batch)
            session.commit()
        total += done
        if done < batch:
            return total


class Chainer(threading.Thread):
    """Background chaining (PostgreSQL, in each app process and in `painpath worker`): every ``interval``
    seconds, chain what was committed since, in batches; a process that finds another one chaining skips that
    turn. Whichever process chains, the chain is one: the lock is taken once per batch, never by a request."""

    def __init__(self, sessions: Any, *, interval: float = 1.0, batch: int = 5000) -> None:
        super().__init__(name="audit-chainer", daemon=True)
        self.sessions, self.interval, self.batch = sessions, interval, batch
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.interval):
            try:
                while True:
                    with self.sessions() as session:
                        done = chain_pending(session, limit=self.batch, wait=False)
                        session.commit()
                    if done < self.batch:
                        break
            except Exception:  # the database restarting, a pool timeout: the entries wait for the next turn
                log.exception("audit chaining failed; the unchained entries stay pending and are retried")

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=10)


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
    session.info.pop(CHAIN_AT_COMMIT, None)


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
    and by the checkpoint file outside the database). Entries not chained yet are not problems: `pending` counts
    them (the chaining step links them within seconds; only an entry chained since can be checked)."""
    seal = seal_for(session)
    expected_pos, prev_hash = 1, GENESIS
    checkpoint = read_checkpoint(seal.checkpoint) if seal.checkpoint is not None else None
    checkpoint_seen = False
    rows = session.execute(select(AuditEntry).where(AuditEntry.pos.is_not(None)).order_by(AuditEntry.pos)
                           .execution_options(yield_per=batch))
    for entry in rows.scalars():
        assert entry.pos is not None
        if entry.pos != expected_pos:
            missing = f"{expected_pos}" if entry.pos == expected_pos + 1 else f"{expected_pos} to {entry.pos - 1}"
            yield f"entry {missing} missing: deleted from the log"
        elif entry.prev_hash != prev_hash:
            yield f"entry {_name(entry)}: does not link to the entry before it (an entry was replaced)"
        if entry_hash(entry.prev_hash or "", entry, seal.key) != entry.hash:
            yield (f"entry {_name(entry)}: contents do not match its MAC "
                   "(edited after it was written, or a wrong key)")
        if checkpoint is not None and entry.pos == checkpoint[0]:
            checkpoint_seen = True
            if entry.hash != checkpoint[1]:
                yield f"entry {_name(entry)}: differs from the checkpoint kept outside the database (rewritten)"
        expected_pos, prev_hash = entry.pos + 1, entry.hash or ""
    head = session.get(AuditHead, 1)
    last_pos = expected_pos - 1
    if head is None and last_pos:
        yield "the chain head record is missing"
    elif head is not None and (head.seq != last_pos or head.hash != prev_hash):
        yield (
            f"the log ends at entry {last_pos} but the chain head says {head.seq}: "
            "the newest entries were deleted or replaced"
        )
    if checkpoint is not None and not checkpoint_seen and checkpoint[0] > last_pos:
        yield (
            f"the log ends at entry {last_pos} but the checkpoint outside the database ({seal.checkpoint}) "
            f"records entry {checkpoint[0]}: the newest entries were deleted"
        )


def _name(entry: AuditEntry) -> str:
    """An entry by its chain position, and its sequence number where the two differ (entries committed while an
    earlier one's transaction was still running are chained in commit order)."""
    return f"{entry.pos}" if entry.pos == entry.seq else f"{entry.pos} (sequence number {entry.seq})"


def pending(session: Session) -> int:
    """How many committed entries are not chained yet (a partial index keeps this cheap)."""
    return int(session.execute(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.pos.is_(None))).scalar_one())


def checkpoint_note(session: Session) -> str:
    """Where the head is checkpointed, for `painpath audit verify` to print."""
    seal = seal_for(session)
    if seal.checkpoint is None:
        return "no checkpoint file configured (PAINPATH_AUDIT_CHECKPOINT): a removed tail is found only by the head"
    return f"checkpoint file {seal.checkpoint}"


def count(session: Session) -> int:
    """How many entries are chained (the head's chain position)."""
    head = session.get(AuditHead, 1)
    return head.seq if head else 0
