"""Several worker processes (`painpath serve --workers 2`) and readiness that checks the database.

Each worker answers on the one socket with its own process; a worker killed with SIGKILL mid-stream loses no
acknowledged write, the other keeps serving, and the process manager starts a replacement.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select

from painpath.adapters.db.database import _alembic_config, make_engine, session_factory
from painpath.adapters.db.tables import OutcomeMeasurement
from painpath.config import Settings
from painpath.web.app import create_app
from tests.service.conftest import PASSWORD, seed
from tests.service.servers import free_port, serve_workers, stop, worker_pids
from tests.service.write_stream import WriteStream


def test_readiness_answers_200_at_the_schema_head_and_503_with_the_reason_otherwise(migrated_url: str) -> None:
    app = create_app(Settings(database_url=migrated_url), assessor=object())
    with TestClient(app) as client:
        ok = client.get("/api/health/ready")
        assert ok.status_code == 200 and ok.json()["status"] == "ok" and ok.json()["database"] == "ok"
        assert ok.json()["process"] == os.getpid() and ok.headers["cache-control"] == "no-store"
        head = ok.json()["schema"]
        engine = make_engine(migrated_url)
        command.stamp(_alembic_config(engine), "0001")  # as if a deploy ran before its migration
        stale = client.get("/api/health/ready")
        assert stale.status_code == 503 and stale.json()["status"] == "unavailable"
        assert f"needs {head}: run `painpath db upgrade`" in stale.json()["database"]
        assert client.get("/api/health").status_code == 200  # liveness does no database work
        command.stamp(_alembic_config(engine), "head")
        engine.dispose()
        assert client.get("/api/health/ready").status_code == 200


def test_readiness_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://nobody@127.0.0.1:{port}/none?connect_timeout=2"
    app = create_app(Settings(database_url=url), assessor=object(), check_schema=False)
    with TestClient(app) as client:
        down = client.get("/api/health/ready")
    assert down.status_code == 503 and down.json() == {
        "status": "unavailable", "database": "not answering", "process": os.getpid()}


def test_two_workers_serve_and_a_killed_worker_loses_no_acknowledged_write(migrated_url: str) -> None:
    ids = seed(migrated_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve_workers(migrated_url, port, 2)
    stream: WriteStream | None = None
    try:
        first = worker_pids(base, 2)
        assert len(first) == 2, f"expected two worker processes, saw {first}"
        assert server.pid not in first  # the manager does not serve requests itself
        token = httpx.post(f"{base}/api/auth/token", json={"username": "clin", "password": PASSWORD},
                           timeout=30).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}  # a token works on every worker
        stream = WriteStream(base, headers, ids["a"], reconnect=True)
        stream.start()
        stream.wait_for(30, 60)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        before_kill = len(stream.acknowledged)
        stream.wait_for(before_kill + 30, 60)
        stream.stop()
        assert len(stream.acknowledged) >= before_kill + 30, "the surviving worker stopped serving writes"
        after = worker_pids(base, 2)
        assert victim not in after and len(after) == 2  # the manager replaced the killed worker
    finally:
        if stream is not None:
            stream.stop()
        stop(server)
    assert stream is not None and stream.failures == []
    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        stored = dict(session.execute(select(OutcomeMeasurement.id, OutcomeMeasurement.score)).all())
    engine.dispose()
    assert {k: v for k, v in stream.acknowledged.items() if stored.get(k) != v} == {}
