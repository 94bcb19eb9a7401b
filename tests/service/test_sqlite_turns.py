"""SQLite writers in one process take turns on a lock (adapters/db/database.py _TakingTurns) instead of sleeping in
SQLite's busy handler: many threads writing at once all succeed, a writer waits while another holds the turn,
and a transaction that fails, is rolled back or is abandoned hands the turn on."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from painpath.adapters.db.database import make_engine


def test_concurrent_writers_all_succeed_and_a_failed_or_abandoned_transaction_hands_the_turn_on(
        tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as db:
        db.exec_driver_sql("CREATE TABLE t (n INTEGER NOT NULL)")
    failures: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for j in range(15):
                with engine.begin() as db:
                    db.exec_driver_sql("INSERT INTO t VALUES (?)", (i * 100 + j,))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    with engine.connect() as db:
        assert db.exec_driver_sql("SELECT count(*) FROM t").scalar() == 300

    # a failing transaction, a rolled-back session and a session closed mid-transaction each hand the turn on
    with pytest.raises(ZeroDivisionError), engine.begin() as db:
        db.exec_driver_sql("INSERT INTO t VALUES (-1)")
        _ = 1 / 0
    rolled = Session(engine)
    rolled.execute(text("INSERT INTO t VALUES (-2)"))
    rolled.rollback()
    abandoned = Session(engine)
    abandoned.execute(text("INSERT INTO t VALUES (-3)"))
    abandoned.close()
    done = threading.Event()

    def one_more() -> None:
        with engine.begin() as db:
            db.exec_driver_sql("INSERT INTO t VALUES (5007)")
        done.set()

    started = time.monotonic()
    threading.Thread(target=one_more).start()
    assert done.wait(5) and time.monotonic() - started < 2
    with engine.connect() as db:
        assert db.exec_driver_sql("SELECT count(*) FROM t WHERE n < 0").scalar() == 0

    # while one writer holds the turn, another waits for it (and is not refused), then goes through
    holder = Session(engine)
    holder.execute(text("INSERT INTO t VALUES (5008)"))
    waited = threading.Event()

    def waiter() -> None:
        with engine.begin() as db:
            db.exec_driver_sql("INSERT INTO t VALUES (5009)")
        waited.set()

    threading.Thread(target=waiter).start()
    assert not waited.wait(0.5)
    holder.commit()
    holder.close()
    assert waited.wait(5)
    with engine.connect() as db:
        assert db.exec_driver_sql("SELECT count(*) FROM t WHERE n IN (5008, 5009)").scalar() == 2
    engine.dispose()
