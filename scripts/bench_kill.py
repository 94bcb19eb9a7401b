"""`make bench-kill`: a kill -9 of one app worker under load loses no acknowledged write, and the other worker keeps
serving (issue 13's last goal).

Against `make prod-up` (started when it is not running, and stopped again at the end): KILL_WRITERS patients
(default 24, the load accounts that scripts/load/seed.py makes) each record pain scores through nginx as fast as
their answers come back, for KILL_SECONDS (default 24) in all; KILL_AFTER seconds in (default 8) one of the two
app worker processes gets SIGKILL. Every write answered 201 is an acknowledged write and is recorded with its id.
Afterwards, straight from the database: every acknowledged measurement is there, each with its `create` audit
entry; the audit chain is linked (`painpath audit chain`) and verified (`painpath audit verify`). Also reported:
the writes answered in the seconds after the kill (the other worker serving), the requests that failed (those in
flight on the killed worker: never acknowledged, so the client knows to retry them) and whether the process
manager replaced the killed worker. Exit status 1 if an acknowledged write or its audit entry is missing, the
chain does not verify, or nothing was answered after the kill."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import requests
import urllib3
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RUN = ROOT / ".prod"
DB_URL = os.environ.get("PAINPATH_PROD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/painpath_prod")
BASE = f"https://127.0.0.1:{os.environ.get('PAINPATH_PROD_PORT', '8443')}"


def _app_workers() -> list[psutil.Process]:
    """The uvicorn worker processes under prod-up's `painpath serve --workers 2` (not its helper processes)."""
    manager = psutil.Process(int((RUN / "app.pid").read_text()))
    return [p for p in manager.children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]


class Writer(threading.Thread):
    def __init__(self, username: str, password: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.username, self.password, self.stop = username, password, stop
        self.acknowledged: list[tuple[float, int, int]] = []  # (time, patient id, measurement id)
        self.failed: list[tuple[float, str]] = []
        self.ready = False

    def run(self) -> None:
        http = requests.Session()
        try:  # prod-up's certificate is self-signed (verify=False per request: a CA bundle variable would win)
            token = http.post(f"{BASE}/api/auth/token", verify=False, timeout=60,
                              json={"username": self.username, "password": self.password}).json()["access_token"]
            http.headers["Authorization"] = f"Bearer {token}"
            patient_id = http.get(f"{BASE}/api/me", verify=False, timeout=60).json()["patient_id"]
        except (requests.RequestException, KeyError, ValueError) as err:
            self.failed.append((time.time(), f"sign-in: {type(err).__name__}"))
            return
        self.ready = True
        while not self.stop.is_set():
            score = random.randint(0, 10)
            try:
                answer = http.post(f"{BASE}/api/patients/{patient_id}/outcomes", verify=False, timeout=30, json={
                    "instrument": "nrs", "score": score, "items": {"pain": score},
                    "taken_at": datetime.now(UTC).isoformat(timespec="seconds")})
            except requests.RequestException as err:
                self.failed.append((time.time(), type(err).__name__))
                continue
            if answer.status_code == 201:
                self.acknowledged.append((time.time(), patient_id, int(answer.json()["id"])))
            else:
                self.failed.append((time.time(), str(answer.status_code)))


def main() -> int:
    urllib3.disable_warnings()
    started_prod = not (RUN / "app.pid").exists() or not psutil.pid_exists(int((RUN / "app.pid").read_text()))
    if started_prod:
        subprocess.run([str(ROOT / "scripts" / "prod_up.sh")], check=True, cwd=ROOT)
    try:
        return _run()
    finally:
        if started_prod:
            subprocess.run([str(ROOT / "scripts" / "prod_down.sh")], check=False, cwd=ROOT)


def _run() -> int:
    sys.path.insert(0, str(ROOT / "scripts" / "load"))
    from seed import PASSWORD, seed

    (RUN / "load").mkdir(parents=True, exist_ok=True)
    accounts_file = RUN / "load" / "accounts.json"
    seed(DB_URL, int(os.environ.get("LOAD_PATIENTS", "1000")), accounts_file)
    patients = json.loads(accounts_file.read_text())["patient"]
    count, seconds = int(os.environ.get("KILL_WRITERS", "24")), float(os.environ.get("KILL_SECONDS", "24"))
    kill_after = float(os.environ.get("KILL_AFTER", "8"))
    stop = threading.Event()
    writers = [Writer(name, PASSWORD, stop) for name in patients[:count]]
    before = _app_workers()
    if len(before) < 2:
        print(f"bench-kill: expected 2 app workers under prod-up, found {len(before)}", file=sys.stderr)
        return 1
    start = time.time()
    for writer in writers:
        writer.start()
    time.sleep(kill_after)
    if not any(w.ready for w in writers):
        stop.set()
        print(f"bench-kill: no writer could sign in: {[f for w in writers for f in w.failed][:3]}", file=sys.stderr)
        return 1
    victim = before[0]
    killed_at = time.time()
    os.kill(victim.pid, signal.SIGKILL)
    print(f"bench-kill: SIGKILL to app worker pid {victim.pid} at {killed_at - start:.1f} s "
          f"({os.getloadavg()[0]:.2f} load average)")
    time.sleep(max(seconds - kill_after, 0))
    stop.set()
    for writer in writers:
        writer.join(timeout=60)
    after = _app_workers()
    acknowledged = [a for w in writers for a in w.acknowledged]
    failed = [f for w in writers for f in w.failed]
    served_after = [a for a in acknowledged if killed_at < a[0] <= killed_at + 3]
    print(f"bench-kill: {len(writers)} writers, {seconds:.0f} s; {len(acknowledged)} writes acknowledged "
          f"({len([a for a in acknowledged if a[0] > killed_at])} after the kill, {len(served_after)} within 3 s "
          f"of it); {len(failed)} requests failed: {sorted({f[1] for f in failed})} "
          f"(in flight on the killed worker, never acknowledged)")
    print(f"bench-kill: app workers before {[p.pid for p in before]}, after {[p.pid for p in after]} "
          f"({'replaced' if victim.pid not in [p.pid for p in after] and len(after) >= 2 else 'NOT replaced'})")
    ids = [a[2] for a in acknowledged]
    engine = create_engine(DB_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as db:
        stored = set(db.execute(text("SELECT id FROM outcome_measurements WHERE id = ANY(:ids)"),
                                {"ids": ids}).scalars())
        audited = set(db.execute(text(
            "SELECT CAST(record_id AS BIGINT) FROM audit_log WHERE action = 'create' AND record_type = 'outcome' "
            "AND record_id = ANY(:ids)"), {"ids": [str(i) for i in ids]}).scalars())
    engine.dispose()
    lost, unaudited = sorted(set(ids) - stored), sorted(set(ids) - audited)
    print(f"bench-kill: acknowledged writes missing from the database: {len(lost)} {lost[:10]}; "
          f"without their audit entry: {len(unaudited)} {unaudited[:10]}")
    env = {**os.environ, "PAINPATH_DATABASE_URL": DB_URL}
    chained = subprocess.run([str(BIN / "painpath"), "audit", "chain"], env=env, capture_output=True, text=True)
    verified = subprocess.run([str(BIN / "painpath"), "audit", "verify"], env=env, capture_output=True, text=True)
    print(f"bench-kill: {chained.stdout.strip()}; verify (exit {verified.returncode}): "
          f"{(verified.stdout + verified.stderr).strip()}")
    ok = bool(acknowledged) and not lost and not unaudited and verified.returncode == 0 and bool(served_after)
    print("bench-kill: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
