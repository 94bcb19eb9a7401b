"""Engines, sessions and the schema version: SQLite (WAL, synchronous=FULL) or PostgreSQL."""

from __future__ import annotations

import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


class DatabaseNotReady(RuntimeError):
    """The database is missing, unreachable or not migrated; the message says what to run."""


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10, **kwargs: Any) -> Engine:
    """An engine tuned for durability: every commit is on disk before it returns. On PostgreSQL each process
    keeps ``pool_size`` connections (plus ``max_overflow`` in a burst): size them so that workers x (pool_size +
    max_overflow) stays under the server's max_connections (or put pgbouncer in front)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False,
                                                  "factory": _TakingTurns}, **kwargs)
        _sqlite_pragmas(engine, threading.Lock())
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow, **kwargs)


BUSY_SECONDS = 30


class _TakingTurns(sqlite3.Connection):
    """A SQLite connection that, in this process, waits for its write turn on a Python lock before BEGIN
    IMMEDIATE and hands the turn on as soon as it commits or rolls back. SQLite lets one writer in at a time; a
    thread that finds the database locked sleeps in SQLite's busy handler (1, 2, 5 ... 100 ms between tries)
    and may lose to newcomers again and again: under 20 concurrent CDS hook calls in one process that gave a p95
    of over a second for calls that each hold the lock for about a millisecond. Waiting on the lock instead wakes
    the next writer at once. Other processes on the same file still meet SQLite's own lock and busy timeout."""

    turn: threading.Lock | None = None
    holds_turn = False

    def take_turn(self) -> None:
        if self.turn is None or self.holds_turn:
            return
        if not self.turn.acquire(timeout=BUSY_SECONDS):
            raise sqlite3.OperationalError("database is locked (waited 30 s for the write turn)")
        self.holds_turn = True

    def hand_on(self) -> None:
        if self.holds_turn and self.turn is not None:
            self.holds_turn = False
            self.turn.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.hand_on()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.hand_on()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.hand_on()


def _sqlite_pragmas(engine: Engine, turn: threading.Lock) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, _TakingTurns):
            dbapi_connection.turn = turn
        # Let SQLAlchemy, not the driver, issue BEGIN (pysqlite's own transaction handling defers it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: the audit chain reads its head and appends in one transaction,
        # and a deferred transaction would fail on upgrade instead of waiting its turn.
        raw = connection.connection.dbapi_connection
        if isinstance(raw, _TakingTurns):
            raw.take_turn()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if isinstance(raw, _TakingTurns):
                raw.hand_on()
            raise


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("painpath.adapters.db") / "migrations"))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest schema; returns (before, after) revisions."""
    from alembic import command

    before = current_revision(engine)
    command.upgrade(_alembic_config(engine), "head")
    return before, head_revision(engine)


def check_ready(engine: Engine) -> None:
    """Refuse to serve on an unreachable or unmigrated database, saying what to run."""
    where = engine.url.render_as_string(hide_password=True)
    try:
        current = current_revision(engine)
    except Exception as err:  # the driver's own errors vary; the message must not
        raise DatabaseNotReady(f"cannot open the database at {where}: {str(err).splitlines()[0]}") from err
    head = head_revision(engine)
    if current is None:
        tables = inspect(engine).get_table_names()
        state = "has no PainPath tables" if not tables else "has tables but no migration record"
        raise DatabaseNotReady(
            f"the database at {where} {state}: run `painpath db upgrade` (with the same PAINPATH_DATABASE_URL) first"
        )
    if current != head:
        raise DatabaseNotReady(
            f"the database at {where} is at schema {current}, this version needs {head}: run `painpath db upgrade`"
        )


def ping(engine: Engine) -> str:
    """One round trip to the database; returns its schema revision (raises when the database cannot answer)."""
    revision = current_revision(engine)
    if revision is None:
        raise DatabaseNotReady("the database has no migration record: run `painpath db upgrade`")
    return revision
AUDIT_TABLES = ("audit_log", "audit_head")


def grant_app_role(engine: Engine, role: str) -> list[str]:
    """PostgreSQL: let ``role`` (the service's login, not the owner that runs migrations) read and write the
    clinic's tables, but only INSERT and SELECT audit entries (and link each unchained entry once, and move the head
    forward): it cannot UPDATE,
    DELETE or TRUNCATE the audit log, nor drop or disable its triggers (only the owner can). Run after every
    `painpath db upgrade`. Returns the statements run."""
    if engine.dialect.name != "postgresql":
        raise ValueError("grant-app-role is for PostgreSQL; SQLite has no roles (protect the file instead)")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError(f"role {role!r}: use lower-case letters, digits and underscores")
    with engine.begin() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        tables = [t for t in inspect(connection).get_table_names(schema=schema) if t not in AUDIT_TABLES]
        statements = [f'GRANT USAGE ON SCHEMA "{schema}" TO {role}']
        statements += [f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{schema}"."{t}" TO {role}' for t in sorted(tables)]
        statements += [
            f'REVOKE ALL ON "{schema}".audit_log, "{schema}".audit_head FROM {role}',
            f'GRANT SELECT, INSERT ON "{schema}".audit_log TO {role}',
            # the chaining step links each entry once (the trigger refuses any other update, schema 0019)
            f'GRANT UPDATE (pos, prev_hash, hash) ON "{schema}".audit_log TO {role}',
            f'GRANT SELECT, INSERT, UPDATE ON "{schema}".audit_head TO {role}',  # UPDATE: the head moves forward
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}',
        ]
        for statement in statements:
            connection.exec_driver_sql(statement)
    return statements


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def scratch_database(url: str | None, sqlite_file: Path, *, prefix: str) -> tuple[str, Callable[[], None]]:
    """A fresh database for a benchmark run and how to remove it afterwards: the SQLite file given, or with a
    PostgreSQL ``url`` a new database beside it (named ``prefix`` and a random suffix), dropped by the callable."""
    if not url:
        return f"sqlite:///{sqlite_file}", lambda: None
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as db:
            db.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop
