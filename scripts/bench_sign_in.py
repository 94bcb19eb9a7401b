"""`make bench-sign-in`: the CPU and latency of a failed and of a successful sign-in through the app
(`POST /api/auth/token`, production argon2 parameters), and of the sign-in throttle's own calls alone.

On a fresh SQLite file, or with ``--database-url`` a new PostgreSQL database beside it (dropped afterwards). Each
failed sign-in comes from its own address with its own unknown-or-wrong username, so none is refused by the
throttle and each one pays the throttle's whole path (the check before, the failure recorded after); successful
ones come from one address. The throttle alone: ``retry_after`` then ``failed`` (what a failed sign-in adds), and
``retry_after`` then ``succeeded`` (what a successful one adds), on the app's own throttle. CPU is this process's
(``time.process_time``, all threads: the app runs in the test client's thread), wall is ``time.perf_counter``;
medians. The script only uses the app's public pieces, so the same file measures an older checkout (set
PYTHONPATH to its src) for a before/after in one run. Not a test: it prints figures (``--json FILE`` writes them)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

import painpath
from painpath.adapters.db import accounts_store
from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, scratch_database, session_factory, upgrade
from painpath.config import Settings
from painpath.services.access import SYSTEM, Role
from painpath.web.app import create_app

PASSWORD = "correct-horse-battery-staple"


def _timed(action: Callable[[int], object], repeat: int) -> dict[str, float]:
    """Median and 95th-percentile CPU and wall milliseconds of ``repeat`` calls (each given its index)."""
    cpu, wall = [], []
    for index in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        action(index)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    wall.sort()
    return {"cpu_ms": statistics.median(cpu), "wall_ms": statistics.median(wall),
            "wall_p95_ms": wall[min(len(wall) - 1, int(len(wall) * 0.95))]}


def _address(index: int) -> str:
    return f"10.{index // 62500 % 250}.{index // 250 % 250}.{index % 250 + 1}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60, help="sign-ins of each kind (default 60)")
    parser.add_argument("--database-url", help="PostgreSQL server to make a scratch database on (default SQLite)")
    parser.add_argument("--label", default="", help="a name for this run in the output (e.g. before, after)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    accounts_store.HASHER = accounts_store.production_hasher()  # what a clinic runs
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as work:
        url, drop = scratch_database(args.database_url, Path(work) / "sign_in.db", prefix="bench_sign_in")
        engine = make_engine(url)
        try:
            upgrade(engine)
            with session_factory(engine)() as session:
                Accounts(session, SYSTEM).create_user(username="bench.clin", display_name="Bench", role=Role.CLINICIAN,
                                                      password=PASSWORD, patient_id=None)
            app = create_app(Settings(database_url=url, cookie_secure=False, audit_chain_seconds=0),
                             assessor=object())
            owner = TestClient(app, client=("192.0.2.1", 50000))

            def fail(index: int) -> None:
                client = TestClient(app, client=(_address(index), 50000))
                username = "bench.clin" if index % 2 else f"nobody{index}"  # a wrong password, an unknown name
                answer = client.post("/api/auth/token", json={"username": username, "password": "wrong-password-x"})
                assert answer.status_code == 401, answer.text

            def succeed(_: int) -> None:
                answer = owner.post("/api/auth/token", json={"username": "bench.clin", "password": PASSWORD})
                assert answer.status_code == 200, answer.text

            for _ in range(3):  # warm up: the first requests build routes and caches
                succeed(0)
            results["failed sign-in"] = _timed(fail, args.repeat)
            results["successful sign-in"] = _timed(succeed, args.repeat)
            throttle = app.state.sign_in_throttle

            def throttle_failed(index: int) -> None:
                throttle.retry_after(f"alone{index}", _address(100_000 + index))
                throttle.failed(f"alone{index}", _address(100_000 + index))

            def throttle_succeeded(_: int) -> None:
                throttle.retry_after("bench.clin", "192.0.2.1")
                throttle.succeeded("bench.clin", "192.0.2.1")

            results["throttle alone: check + failure"] = _timed(throttle_failed, args.repeat * 5)
            results["throttle alone: check + success"] = _timed(throttle_succeeded, args.repeat * 5)
            app.state.db_engine.dispose()
        finally:
            engine.dispose()
            drop()
    load = os.getloadavg()
    where = Path(painpath.__file__).parent
    print(f"{args.label or where}: {engine.url.get_backend_name()}, {args.repeat} sign-ins of each kind "
          f"({args.repeat * 5} throttle calls), medians; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'':<34} {'CPU':>8} {'wall':>8} {'wall p95':>9}")
    for label, row in results.items():
        print(f"{label:<34} {row['cpu_ms']:>5.2f} ms {row['wall_ms']:>5.2f} ms {row['wall_p95_ms']:>6.2f} ms")
    if args.json:
        args.json.write_text(json.dumps({"label": args.label, "code": str(where), "load_average": load,
                                         "backend": engine.url.get_backend_name(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
