"""The audit chain computed in batches (schema 0019): requests insert their entries without waiting for one another,
a chaining step links them later, once, in one total order; verification checks what is chained and reports the
rest as pending, never as tampered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from painpath.adapters.db import audit
from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.tables import AuditEntry, AuditHead
from painpath.cli import app as cli
from painpath.services.access import SYSTEM, Actor, Role


def _postgres_only(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("the batched chain runs on PostgreSQL (SQLite chains each transaction's entries at its commit)")


def _verify(url: str) -> Any:
    return CliRunner().invoke(cli, ["audit", "verify"], env={"PAINPATH_DATABASE_URL": url})


def _links(sessions: Any) -> list[tuple[int, int | None]]:
    with sessions() as session:
        return [(row.seq, row.pos) for row in session.execute(select(AuditEntry.seq, AuditEntry.pos))]


def test_many_concurrent_writers_then_chaining_give_one_complete_total_order(migrated_url: str) -> None:
    """24 threads each commit 15 transactions of 1-3 audited rows while a chaining step runs beside them; after a
    last chaining run every entry has exactly one place in the chain, the places are 1..N without a gap, the
    head points at N, and the chain verifies."""
    _postgres_only(migrated_url)
    engine = make_engine(migrated_url, pool_size=30, max_overflow=0)
    sessions = session_factory(engine)
    errors: list[BaseException] = []
    start = threading.Barrier(25)
    done = threading.Event()

    def writer(number: int) -> None:
        actor = Actor(user_id=None, username=f"writer{number}", role=Role.CLINICIAN, ip="10.0.0.1")
        try:
            start.wait()
            for i in range(15):
                with sessions() as session:
                    audit.append_many(session, [(actor, "read", "patient", f"{number}-{i}-{k}", None)
                                                for k in range(1 + i % 3)])
                    session.commit()
        except BaseException as err:
            errors.append(err)

    def chainer() -> None:
        start.wait()
        while not done.is_set():
            audit.chain_all(sessions, batch=40)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(24)]
    linking = threading.Thread(target=chainer)
    for thread in [*threads, linking]:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    linking.join()
    assert not errors, errors
    audit.chain_all(sessions)
    expected = 24 * sum(1 + i % 3 for i in range(15))
    links = _links(sessions)
    assert len(links) == expected
    positions = sorted(pos for _, pos in links if pos is not None)
    assert positions == list(range(1, expected + 1))  # every entry chained once, one total order, no gap
    with sessions() as session:
        assert audit.pending(session) == 0
        assert list(audit.verify(session)) == []
        head = session.get(AuditHead, 1)
        assert head is not None and head.seq == expected
    result = _verify(migrated_url)
    assert result.exit_code == 0 and f"audit chain intact: {expected} entries" in result.output, result.output
    engine.dispose()


def test_an_entry_committed_after_a_newer_one_was_chained_is_chained_after_it(migrated_url: str) -> None:
    """Sequence numbers are taken when a transaction inserts, chain places when its entries are seen committed:
    an entry whose transaction commits late is linked by a later chaining run, after entries with higher
    sequence numbers, and the chain still verifies."""
    _postgres_only(migrated_url)
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)
    slow, quick = sessions(), sessions()
    audit.append(slow, SYSTEM, action="read", record_type="patient", record_id="slow", patient_id=None)
    audit.append(quick, SYSTEM, action="read", record_type="patient", record_id="quick", patient_id=None)
    quick.commit()
    assert audit.chain_all(sessions) == 1  # the slow transaction's entry is not visible yet
    slow.commit()
    with sessions() as session:
        assert audit.pending(session) == 1
        assert list(audit.verify(session)) == []  # pending is not a problem
    assert audit.chain_all(sessions) == 1
    with sessions() as session:
        order = {row.record_id: (row.seq, row.pos) for row in session.scalars(select(AuditEntry))}
        assert list(audit.verify(session)) == []
    assert order["slow"][0] < order["quick"][0] and order["slow"][1] == order["quick"][1] + 1  # type: ignore[operator]
    slow.close()
    quick.close()
    engine.dispose()


_CRASHING_CHAINER = """
import sys, time
from painpath.adapters.db import audit
from painpath.adapters.db.database import make_engine, session_factory
session = session_factory(make_engine(sys.argv[1]))()
print(audit.chain_pending(session), flush=True)  # linked in its transaction, holding the chain's lock
time.sleep(120)  # killed here, before the commit
"""


def test_a_chaining_step_killed_before_its_commit_leaves_the_entries_pending_for_the_next_run(
        migrated_url: str, tmp_path: Any) -> None:
    """Entries commit with the request; the chaining process is killed (SIGKILL) after linking them but before
    committing: nothing is lost or half-linked, verification passes and reports them pending, and the next
    chaining run links them."""
    _postgres_only(migrated_url)
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)
    with sessions() as session:
        audit.append_many(session, [(SYSTEM, "update", "patient", str(n), None) for n in range(7)])
        session.commit()
    script = tmp_path / "chainer.py"
    script.write_text(_CRASHING_CHAINER)
    chainer = subprocess.Popen([sys.executable, str(script), migrated_url], stdout=subprocess.PIPE, text=True,
                               env={**os.environ})
    assert chainer.stdout is not None
    assert chainer.stdout.readline().strip() == "7"  # it linked all seven, uncommitted
    os.kill(chainer.pid, signal.SIGKILL)
    chainer.wait(timeout=30)
    time.sleep(0.5)  # PostgreSQL ends the dead connection's transaction (and its lock)
    result = _verify(migrated_url)
    assert result.exit_code == 0, result.output
    assert "7 newer entries pending" in result.output
    with sessions() as session:
        assert audit.pending(session) == 7 and audit.count(session) == 0
    assert audit.chain_all(sessions) == 7
    result = _verify(migrated_url)
    assert result.exit_code == 0 and "audit chain intact: 7 entries" in result.output, result.output
    assert "pending" not in result.output
    engine.dispose()


def test_the_database_lets_an_entry_be_linked_once_and_refuses_every_other_change(migrated_url: str) -> None:
    """The append-only trigger (both backends) lets the chaining step set an unchained entry's place, link and
    MAC, and nothing else: not a second link, not an edit of a pending entry's contents."""
    engine = make_engine(migrated_url)
    with engine.begin() as connection:  # a bare connection: no session, so nothing chains it at its commit
        connection.execute(text(
            "INSERT INTO audit_log (at, username, role, action, record_type, record_id, ip) "
            "VALUES (CURRENT_TIMESTAMP, 'clin', 'clinician', 'read', 'patient', '1', '10.0.0.1')"))
    for refused in ("UPDATE audit_log SET username = 'someone_else'",
                    "UPDATE audit_log SET pos = 1, prev_hash = 'a', hash = 'b', ip = 'elsewhere'",
                    "UPDATE audit_log SET pos = 1",  # a place without a MAC
                    "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(refused))
    with session_factory(engine)() as session:
        assert audit.chain_pending(session) == 1
        session.commit()
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET pos = 2, prev_hash = 'a', hash = 'b'"))
    with session_factory(engine)() as session:
        assert list(audit.verify(session)) == [] and audit.count(session) == 1
    engine.dispose()


def test_an_entry_edited_after_chaining_fails_verification_beside_pending_ones(migrated_url: str) -> None:
    """An entry edited after it was chained fails verification, even with pending entries beside it."""
    _postgres_only(migrated_url)
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)
    with sessions() as session:
        audit.append_many(session, [(SYSTEM, "read", "patient", str(n), None) for n in range(3)])
        session.commit()
    audit.chain_all(sessions)
    with sessions() as session:
        audit.append(session, SYSTEM, action="read", record_type="patient", record_id="later", patient_id=None)
        session.commit()
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        connection.execute(text("UPDATE audit_log SET record_id = '99' WHERE pos = 2"))
        connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
    result = _verify(migrated_url)
    assert result.exit_code == 1, result.output
    assert "contents do not match its MAC" in result.output and "BROKEN: 1 problem(s) in 3 entries" in result.output
    engine.dispose()
