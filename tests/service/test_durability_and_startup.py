"""No lost work: every acknowledged write survives SIGKILL; an unmigrated database is refused at start-up."""

from __future__ import annotations

import os
import signal
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from painpath.adapters.db.database import DatabaseNotReady, make_engine, session_factory
from painpath.adapters.db.tables import OutcomeMeasurement
from painpath.cli import app as cli
from painpath.config import Settings
from painpath.web.app import create_app
from tests.service.conftest import PASSWORD, seed
from tests.service.servers import free_port, serve, wait_until_up
from tests.service.write_stream import WriteStream


def test_every_acknowledged_write_survives_sigkill(migrated_url: str) -> None:
    ids = seed(migrated_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(migrated_url, port)
    stream: WriteStream | None = None
    try:
        wait_until_up(base, server)
        token = httpx.post(f"{base}/api/auth/token", json={"username": "clin", "password": PASSWORD}).json()
        stream = WriteStream(base, {"Authorization": f"Bearer {token['access_token']}"}, ids["a"], reconnect=False)
        stream.start()
        stream.wait_for(60, 30)
        os.kill(server.pid, signal.SIGKILL)  # mid-stream: requests are in flight
        server.wait(timeout=10)
        stream.stop(10)
    finally:
        if stream is not None:
            stream.stop(10)
        if server.poll() is None:
            server.kill()
            server.wait()
    assert stream is not None
    acknowledged = stream.acknowledged
    assert server.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 60
    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        stored = dict(session.execute(select(OutcomeMeasurement.id, OutcomeMeasurement.score)).all())
    engine.dispose()
    missing = {k: v for k, v in acknowledged.items() if stored.get(k) != v}
    assert missing == {}


def test_the_service_refuses_an_unmigrated_database_and_says_what_to_run(database_url: str) -> None:
    with pytest.raises(DatabaseNotReady, match=r"run `painpath db upgrade`"):
        create_app(Settings(database_url=database_url))
    result = CliRunner().invoke(cli, ["serve"], env={"PAINPATH_DATABASE_URL": database_url})
    assert result.exit_code == 1
    assert "has no PainPath tables: run `painpath db upgrade`" in result.output


def test_db_upgrade_then_serve_checks_pass(database_url: str, assessor: Any) -> None:
    runner = CliRunner()
    from painpath.adapters.db.database import head_revision, make_engine

    head = head_revision(make_engine(database_url))  # the newest migration, whichever branch added it
    first = runner.invoke(cli, ["db", "upgrade"], env={"PAINPATH_DATABASE_URL": database_url})
    assert first.exit_code == 0 and f"schema empty -> {head}" in first.output
    again = runner.invoke(cli, ["db", "upgrade"], env={"PAINPATH_DATABASE_URL": database_url})
    assert f"already at schema {head}" in again.output
    assert create_app(Settings(database_url=database_url), assessor=assessor).title == "PainPath clinic service"


def test_upgrading_from_0001_keeps_existing_outcomes_and_lets_a_refused_score_be_empty(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text as sql

    from painpath.adapters.db.database import _alembic_config

    engine = make_engine(database_url)
    command.upgrade(_alembic_config(engine), "0001")
    # a patient and a clinician as 0001 stored them (today's stores write today's schema, e.g. the audit log's)
    moment = "2026-01-01 10:00:00+00:00"
    with engine.begin() as connection:
        connection.execute(sql(
            "INSERT INTO patients (id, mrn, family_name, given_name, family_lower, given_lower, birth_date, "
            "created_at, updated_at, version) VALUES (1, 'A-0001', 'Alvarez', 'Ana', 'alvarez', 'ana', '1980-05-17', "
            ":t, :t, 1)"), {"t": moment})
        connection.execute(sql(
            "INSERT INTO users (id, username, display_name, role, password_hash, active, failed_logins, created_at, "
            "version) VALUES (1, 'clin', 'clin', 'clinician', 'x', :yes, 0, :t, 1)"), {"t": moment, "yes": True})
        connection.execute(sql(
            "INSERT INTO outcome_measurements (patient_id, instrument, score, items, taken_at, recorded_by, created_at)"
            " VALUES (1, 'nrs_pain', 6, '{}', :t, 1, :t)"), {"t": moment})
    command.upgrade(_alembic_config(engine), "head")
    with engine.begin() as connection:
        rows = connection.execute(sql("SELECT instrument, score, band, scoring FROM outcome_measurements")).all()
        assert [tuple(r) for r in rows] == [("nrs_pain", 6.0, None, None)]
        connection.execute(sql("UPDATE outcome_measurements SET score = NULL"))
    engine.dispose()
