"""Profile one endpoint's fixed per-request cost in process (a dev tool, not a test; issue 13).

The app is driven through its ASGI interface in this one thread (no socket, no server), with FastAPI's
threadpool hop replaced by a direct call so cProfile sees the route, its dependencies and the response encoding
in one stack, timed in CPU time (waits on the database left out). Prints CPU ms per request and the top
functions by cumulative time.

Usage: PAINPATH_PROFILE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME \
       python scripts/profile_requests.py chart|search|assess|health [--n 300] [--top 40]
The database is migrated and given one clinician and one patient with 10 pain scores if it has none.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import cProfile
import json
import os
import pstats
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import fastapi.dependencies.utils
import fastapi.routing
import starlette.concurrency
from sqlalchemy import event
from sqlalchemy.engine import Engine, default

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, session_factory, upgrade
from painpath.adapters.db.tables import OutcomeMeasurement, Patient, User
from painpath.config import Settings
from painpath.services.access import SYSTEM, Role
from painpath.web.app import create_app

PASSWORD = "profile-password-2026"
NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient, barely "
        "sleeping. Exam: positive straight leg raise on the right, weakness in great toe extension.")


COUNTS = {"statements": 0, "pings": 0, "commits": 0}


@event.listens_for(Engine, "before_cursor_execute")
def _count_statement(*_: Any) -> None:
    COUNTS["statements"] += 1


@event.listens_for(Engine, "commit")
def _count_commit(*_: Any) -> None:
    COUNTS["commits"] += 1


_ping = default.DefaultDialect._do_ping_w_event


def _count_ping(self: Any, dbapi_connection: Any) -> bool:
    COUNTS["pings"] += 1  # the pool's pre-ping (a round trip outside the statement events)
    return _ping(self, dbapi_connection)


default.DefaultDialect._do_ping_w_event = _count_ping  # type: ignore[method-assign]


async def _inline(func: Any, *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


for module in (starlette.concurrency, fastapi.routing, fastapi.dependencies.utils):  # (chart_route looks it up here)
    if hasattr(module, "run_in_threadpool"):
        module.run_in_threadpool = _inline  # type: ignore[attr-defined]


def prepare(url: str) -> int:
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as session:
        if session.query(User).filter_by(username="profiler").first() is None:
            Accounts(session, SYSTEM).create_user(username="profiler", display_name="Profiler",
                                                  role=Role.CLINICIAN, password=PASSWORD, patient_id=None)
        patient = session.query(Patient).filter_by(mrn="PROF0001").first()
        if patient is None:
            now = datetime.now(UTC)
            patient = Patient(mrn="PROF0001", family_name="Smith17", given_name="Ana", family_lower="smith17",
                              given_lower="ana", birth_date=datetime(1970, 1, 1).date(), sex="female",
                              created_at=now, updated_at=now, version=1)
            session.add(patient)
            session.flush()
            for i in range(10):
                session.add(OutcomeMeasurement(patient_id=patient.id, instrument="nrs_pain", score=i % 11,
                                               items={"average": i % 11}, taken_at=now - timedelta(days=7 * i),
                                               recorded_by=1, created_at=now))
            session.commit()
        patient_id = patient.id
    engine.dispose()
    return patient_id


async def call(app: Any, method: str, path: str, query: str = "", body: bytes = b"",
               headers: list[tuple[bytes, bytes]] = ()) -> tuple[int, bytes]:  # type: ignore[assignment]
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8000)}
    await app(scope, receive, send)
    return status, b"".join(chunks)


async def run(args: argparse.Namespace) -> None:
    url = os.environ["PAINPATH_PROFILE_DATABASE_URL"]
    patient_id = prepare(url)
    app = create_app(Settings(database_url=url, audit_chain_seconds=0,
                              session_cache_seconds=args.session_cache_seconds))
    if not args.pre_ping:  # to see what the pool's pre-ping costs (not a setting: the app always pre-pings)
        app.state.db_engine.pool._pre_ping = False
    async with app.router.lifespan_context(app):
        status, body = await call(app, "POST", "/api/auth/token",
                                  body=json.dumps({"username": "profiler", "password": PASSWORD}).encode(),
                                  headers=[(b"content-type", b"application/json")])
        assert status == 200, body
        auth = [(b"authorization", f"Bearer {json.loads(body)['access_token']}".encode())]
        requests = {
            "chart": ("GET", f"/api/patients/{patient_id}/chart", "", b""),
            "search": ("GET", "/api/patients", "name=smi&limit=20", b""),
            "assess": ("POST", "/api/assessments", "", json.dumps({"text": NOTE}).encode()),
            "health": ("GET", "/api/health", "", b""),
        }
        for _ in range(args.assessments):  # a chart with assessments on it (each stores the engine's full output)
            note = json.dumps({"text": NOTE, "patient_id": patient_id}).encode()
            status, out = await call(app, "POST", "/api/assessments", body=note,
                                     headers=[*auth, (b"content-type", b"application/json")])
            assert status == 201, out
        if args.canned_engine:  # the route's own cost: the engine's answer for this note, computed once
            from painpath.adapters.db.clinical_store import AssessmentEngine

            answer = app.state.assessment_engine().run(text=NOTE, intake=None, require_pain=True)
            AssessmentEngine.run = lambda self, **_: copy.deepcopy(answer)  # type: ignore[method-assign]
        method, path, query, body = requests[args.what]
        headers = [*auth, (b"content-type", b"application/json")]

        async def once() -> None:
            status, out = await call(app, method, path, query, body, headers)
            assert status in (200, 201), out

        for _ in range(20):
            await once()
        # CPU time, not wall: waiting on PostgreSQL is not this process's cost
        profile = cProfile.Profile(time.process_time)
        COUNTS.update(statements=0, pings=0, commits=0)
        cpu, wall = time.process_time(), time.perf_counter()
        if args.profile:
            profile.enable()
        for _ in range(args.n):
            await once()
        if args.profile:
            profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{args.what}: {1000 * cpu / args.n:.2f} ms CPU, {1000 * wall / args.n:.2f} ms wall per request "
              f"(this process; profiler {'on' if args.profile else 'off'}); per request: "
              + ", ".join(f"{value / args.n:.2f} {key}" for key, value in COUNTS.items()))
        if args.profile:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["chart", "search", "assess", "health"])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--assessments", type=int, default=0, help="first add this many assessments to the chart")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--canned-engine", action="store_true",
                        help="assess: replace the engine by its stored answer, to see what the request costs beside it")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--session-cache-seconds", type=float, default=Settings().session_cache_seconds,
                        help="the token-check cache's window (0: every request reads its session)")
    parser.add_argument("--no-pre-ping", dest="pre_ping", action="store_false",
                        help="measure without the pool's pre-ping on checkout")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
