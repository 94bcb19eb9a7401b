"""CDS Hooks speed: p50/p95/p99 per hook call at 1 and 20 concurrent callers against a real server on loopback,
beside a hello-world app served the same way (same uvicorn, same number of worker processes) measured in the same
run: the baseline that says what the box and the HTTP stack cost. Issue 14's goal: p95 <= 100 ms per hook call at
20 callers.

Usage: .venv/bin/python scripts/bench_cds.py [--callers 1,20] [--calls 400] [--workers 1]
                                             [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
                                             [--hook order-sign|patient-view]        (make bench-cds)

Without --database-url: a temporary SQLite file (the embedded default). With a PostgreSQL URL: a fresh database is
created on that server for the run and dropped after it. Each call carries its own JWT (a new jti, so the replay
check writes every time), signed before the timed part starts: the EHR signs on its own machine, and on this
2-core box the signing would otherwise be measured as the server's time. `order-sign` sends an opioid draft against
a benzodiazepine, sleep apnoea and age 72 in prefetch; `patient-view` asks about a PainPath patient (found by record
number), so every call reads the record (and audits those reads) besides the JWT id and the cards it writes."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ISSUER = "https://bench-ehr.invalid"
MRN = "BENCH-0001"
# the baseline served as `painpath serve` serves: uvicorn, the same worker count and HTTP protocol
HELLO = ("import uvicorn\n"
         "try:\n    from painpath.web.http_protocol import NoDelayH11Protocol as http\n"
         "except ImportError:\n    http = 'h11'\n"  # a checkout from before the protocol existed
         "uvicorn.run('hello:app', app_dir='{app_dir}', host='127.0.0.1', port={port}, workers={workers}, "
         "log_level='warning', http=http)")



def _seed_patient(database_url: str) -> None:
    """One PainPath patient with an open red flag, a current medication and an assessment, for patient-view."""
    from painpath.adapters.db.clinical_store import ClinicalRecords
    from painpath.adapters.db.database import make_engine, session_factory
    from painpath.adapters.db.patients_store import PatientRecords
    from painpath.services.access import SYSTEM

    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        patient = PatientRecords(session, SYSTEM).create({
            "mrn": MRN, "family_name": "Bench", "given_name": "Pat", "birth_date": date(1954, 1, 15),
            "sex": "female", "phone": None, "email": None, "address": None})
        ClinicalRecords(session, SYSTEM).create("medication", patient.id, {
            "name": "oxycodone", "dose": 10.0, "unit": "mg", "per_day": 4.0, "route": "oral",
            "status": "current", "started_on": None, "stopped_on": None, "effect": ""})
    engine.dispose()


def _wait_ready(url: str) -> None:
    for _ in range(240):
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not come up")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its descendants still running (uvicorn's worker processes)."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def _measure(name: str, callers: int, calls: int, call: Callable[[httpx.Client, int], float],
             server: int) -> dict[str, Any]:
    clients = [httpx.Client(timeout=60) for _ in range(callers)]
    for i in range(min(callers, 4)):
        call(clients[i], -1 - i)  # warm up (connections, the server's caches)
    began, cpu = time.perf_counter(), _cpu_seconds(server)
    with ThreadPoolExecutor(callers) as pool:
        jobs = [pool.submit(call, clients[i % callers], i) for i in range(calls)]
        times = sorted(job.result() for job in jobs)
    wall, cpu = time.perf_counter() - began, _cpu_seconds(server) - cpu
    for client in clients:
        client.close()
    q = statistics.quantiles(times, n=100)
    row = {"name": name, "callers": callers, "calls": calls, "rps": calls / wall,
           "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "server_cpu_ms": cpu / calls * 1000}
    print(f"{name:<24} callers {callers:>2}  calls {calls}  {row['rps']:7.1f} req/s  p50 {row['p50']:6.1f} ms  "
          f"p95 {row['p95']:6.1f} ms  p99 {row['p99']:6.1f} ms  server CPU {row['server_cpu_ms']:5.2f} ms/call",
          flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--callers", default="1,20", help="comma-separated caller counts")
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("PAINPATH_BENCH_DATABASE_URL", ""))
    parser.add_argument("--hook", choices=["order-sign", "patient-view"], default="order-sign")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    from painpath.adapters.cds_auth import private_key_file, public_jwks, sign
    from painpath.adapters.db.database import scratch_database

    work = Path(tempfile.mkdtemp())
    database_url, drop = scratch_database(args.database_url, work / "bench.db", prefix="bench_cds")
    env = dict(os.environ, PAINPATH_DATABASE_URL=database_url, PAINPATH_PORT=str(args.port),
               PAINPATH_HOST="127.0.0.1", PAINPATH_COOKIE_SECURE="false")
    server = hello = None
    rows: list[dict[str, Any]] = []
    try:
        subprocess.run([BIN / "painpath", "db", "upgrade"], env=env, check=True, capture_output=True)
        key = private_key_file(work / "key.pem")
        (work / "jwks.json").write_text(json.dumps(public_jwks(key, "bench-1")))
        subprocess.run([BIN / "painpath", "cds-client", "add", "bench", "--issuer", ISSUER, "--jwks",
                        work / "jwks.json"], env=env, check=True, capture_output=True)
        if args.hook == "patient-view":
            _seed_patient(database_url)
        server = subprocess.Popen([BIN / "painpath", "serve", "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hello_port = args.port + 1
        hello = subprocess.Popen([BIN / "python", "-c", HELLO.format(app_dir=ROOT / "scripts" / "load",
                                                                       port=hello_port, workers=args.workers)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{args.port}"
        _wait_ready(f"{base}/api/health/ready")
        _wait_ready(f"http://127.0.0.1:{hello_port}/")
        service = "painpath-order-sign" if args.hook == "order-sign" else "painpath-patient-view"
        url = f"{base}/cds-services/{service}"
        born = date(date.today().year - 72, 1, 15).isoformat()
        if args.hook == "order-sign":
            prefetch: dict[str, Any] = {
                "patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": born},
                "medications": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
                    "resourceType": "MedicationRequest", "status": "active", "intent": "order",
                    "medicationCodeableConcept": {"text": "diazepam 5 mg tablet"},
                    "dosageInstruction": [{"text": "5 mg at night"}]}}]},
                "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
                    "resourceType": "Condition", "code": {"text": "Obstructive sleep apnoea"}}}]},
                "egfr": {"resourceType": "Bundle", "type": "searchset", "entry": []},
            }
            draft = {"resourceType": "MedicationRequest", "id": "d1", "status": "draft", "intent": "order",
                     "medicationCodeableConcept": {"text": "oxycodone 10 mg tablet"},
                     "dosageInstruction": [{"text": "10 mg every 6 hours"}]}
            context: dict[str, Any] = {"patientId": "p1", "userId": "Practitioner/1", "draftOrders": {
                "resourceType": "Bundle", "type": "collection", "entry": [{"resource": draft}]}}
        else:
            prefetch = {"patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": born,
                                    "identifier": [{"system": "urn:painpath:mrn", "value": MRN}]}}
            context = {"patientId": "p1", "userId": "Practitioner/1"}

        tokens: list[str] = []

        def hook_call(client: httpx.Client, index: int) -> float:
            body = {"hook": args.hook, "hookInstance": str(uuid.uuid4()), "prefetch": prefetch, "context": context}
            token = tokens[index] if index >= 0 else sign(key, issuer=ISSUER, audience=url, kid="bench-1")
            start = time.perf_counter()
            response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
            elapsed = time.perf_counter() - start
            if response.status_code != 200 or (args.hook == "order-sign" and not response.json()["cards"]):
                raise SystemExit(f"hook call failed: {response.status_code} {response.text[:200]}")
            return elapsed

        def hello_call(client: httpx.Client, _: int) -> float:
            start = time.perf_counter()
            response = client.get(f"http://127.0.0.1:{hello_port}/")
            elapsed = time.perf_counter() - start
            assert response.status_code == 200
            return elapsed

        where = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
        print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {where}, {args.workers} worker process(es), hook {args.hook}, "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        for callers in (int(c) for c in args.callers.split(",")):
            rows.append(_measure("hello world (baseline)", callers, args.calls, hello_call, hello.pid))
            tokens[:] = [sign(key, issuer=ISSUER, audience=url, kid="bench-1") for _ in range(args.calls)]
            rows.append(_measure(f"POST {args.hook} hook", callers, args.calls, hook_call, server.pid))
    finally:
        for process in (server, hello):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        drop()
    if args.json:
        args.json.write_text(json.dumps({"database": database_url.split(":", 1)[0], "workers": args.workers,
                                         "hook": args.hook, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
