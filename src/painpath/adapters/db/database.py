"""Engines, sessions and the schema version: SQLite (WAL, synchronous=FULL) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
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
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow, **kwargs)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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
