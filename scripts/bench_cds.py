"""CDS Hooks speed: p50/p95/p99 per hook call at 1 and 20 concurrent callers against a real server on loopback,
beside a hello-world app served the same way (same uvicorn, same number of worker processes) measured in the same
run: the baseline that says what the box and the HTTP stack cost. Issue 14's goal: p95 <= 100 ms per hook call at
20 callers.

Usage: .venv/bin/python scripts/bench_cds.py [--callers 1,20] [--calls 400] [--workers 1]
                                             [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
                                             [--hook order-sign|patient-view] [--compare ../main]
                                                                                        (make bench-cds)

Without --database-url: a temporary SQLite file (the embedded default). With a PostgreSQL URL: a fresh database is
created on that server for the run and dropped after it. Each call carries its own JWT (a new jti, so the replay
check writes every time), signed before the timed part starts: the EHR signs on its own machine, and on this
2-core box the signing would otherwise be measured as the server's time. `order-sign` sends an opioid draft against
a benzodiazepine, sleep apnoea and age 72 in prefetch; `patient-view` asks about a PainPath patient (found by record
number), so every call reads the record (and audits those reads) besides the JWT id and the cards it writes.

The load generator is lean, since on 2 cores it competes with the server for CPU: one asyncio loop, one kept-alive
connection per caller, every request's bytes built before the timed part, responses read by Content-Length (no
HTTP client library, no threads). Its own CPU time per call is reported beside the server's. `--compare DIR` runs
the same measurement, in the same run, against the server of another checkout (its .venv; e.g. main), so a change
is measured before and after under the same load."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
ISSUER = "https://bench-ehr.invalid"
MRN = "BENCH-0001"
PER_CALLER = False  # --per-caller: each caller's calls and mean (how evenly the workers share the connections)
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


def _request(method: str, path: str, port: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _caller(port: int, requests: list[bytes], turn: list[int], times: list[float],
                  check: Callable[[int, bytes], None]) -> None:
    """One closed-loop caller on its own kept-alive connection: takes the next request, waits for its answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    mine: list[float] = []
    try:
        while turn[0] < len(requests):
            request = requests[turn[0]]
            turn[0] += 1
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            times.append(time.perf_counter() - start)
            if PER_CALLER:
                mine.append(times[-1])
            check(int(head[9:12]), body)
    finally:
        writer.close()
        if mine:
            print(f"  caller: {len(mine)} calls, mean {statistics.mean(mine)*1000:.0f} ms")


def _measure(name: str, callers: int, requests: list[bytes], warm: list[bytes], port: int,
             check: Callable[[int, bytes], None], server: int) -> dict[str, Any]:
    async def run(batch: list[bytes], count: int, times: list[float]) -> None:
        turn = [0]
        await asyncio.gather(*(_caller(port, batch, turn, times, check) for _ in range(count)))

    asyncio.run(run(warm, min(callers, len(warm)), []))  # warm up (the server's caches, its pool)
    times: list[float] = []
    began, cpu, own = time.perf_counter(), _cpu_seconds(server), time.process_time()
    asyncio.run(run(requests, callers, times))
    wall, cpu, own = time.perf_counter() - began, _cpu_seconds(server) - cpu, time.process_time() - own
    calls = len(times)
    times.sort()
    q = statistics.quantiles(times, n=100)
    row = {"name": name, "callers": callers, "calls": calls, "rps": calls / wall,
           "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "server_cpu_ms": cpu / calls * 1000,
           "client_cpu_ms": own / calls * 1000, "load": os.getloadavg()[0]}
    print(f"{name:<30} callers {callers:>2}  calls {calls}  {row['rps']:6.1f} req/s  p50 {row['p50']:6.1f}  "
          f"p95 {row['p95']:6.1f}  p99 {row['p99']:6.1f} ms  CPU/call server {row['server_cpu_ms']:5.2f} ms, "
          f"load generator {row['client_cpu_ms']:4.2f} ms  (load average {row['load']:.1f})", flush=True)
    return row


def _scenario(hook: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(prefetch, context) of the hook call measured."""
    born = date(date.today().year - 72, 1, 15).isoformat()
    if hook == "order-sign":
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
        return prefetch, {"patientId": "p1", "userId": "Practitioner/1", "draftOrders": {
            "resourceType": "Bundle", "type": "collection", "entry": [{"resource": draft}]}}
    return ({"patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": born,
                         "identifier": [{"system": "urn:painpath:mrn", "value": MRN}]}},
            {"patientId": "p1", "userId": "Practitioner/1"})


def _run_checkout(root: Path, label: str, args: argparse.Namespace, key: Any, work: Path) -> list[dict[str, Any]]:
    """Serve one checkout (its .venv) on a fresh database and measure it: hello world, then the hook."""
    from painpath.adapters.cds_auth import public_jwks, sign
    from painpath.adapters.db.database import scratch_database

    bin_dir = root / ".venv" / "bin"
    database_url, drop = scratch_database(args.database_url, work / f"bench-{uuid.uuid4().hex[:6]}.db",
                                          prefix="bench_cds")
    env = dict(os.environ, PAINPATH_DATABASE_URL=database_url, PAINPATH_PORT=str(args.port),
               PAINPATH_HOST="127.0.0.1", PAINPATH_COOKIE_SECURE="false")
    server = hello = None
    rows: list[dict[str, Any]] = []
    try:
        subprocess.run([bin_dir / "painpath", "db", "upgrade"], env=env, check=True, capture_output=True)
        (work / "jwks.json").write_text(json.dumps(public_jwks(key, "bench-1")))
        subprocess.run([bin_dir / "painpath", "cds-client", "add", "bench", "--issuer", ISSUER, "--jwks",
                        work / "jwks.json"], env=env, check=True, capture_output=True)
        if args.hook == "patient-view":  # with the checkout's own code, on its own schema
            subprocess.run([bin_dir / "python", Path(__file__).resolve(), "--seed", database_url], check=True)
        server = subprocess.Popen([bin_dir / "painpath", "serve", "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hello_port = args.port + 1
        hello = subprocess.Popen([bin_dir / "python", "-c", HELLO.format(app_dir=ROOT / "scripts" / "load",
                                                                          port=hello_port, workers=args.workers)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_ready(f"http://127.0.0.1:{args.port}/api/health/ready")
        _wait_ready(f"http://127.0.0.1:{hello_port}/")
        service = "painpath-order-sign" if args.hook == "order-sign" else "painpath-patient-view"
        path = f"/cds-services/{service}"
        audience = f"http://127.0.0.1:{args.port}{path}"
        prefetch, context = _scenario(args.hook)

        def hook_requests(count: int) -> list[bytes]:
            return [_request("POST", path, args.port, json.dumps(
                {"hook": args.hook, "hookInstance": str(uuid.uuid4()), "prefetch": prefetch, "context": context}
            ).encode(), {"Content-Type": "application/json", "Authorization": "Bearer " + sign(
                key, issuer=ISSUER, audience=audience, kid="bench-1")}) for _ in range(count)]

        def hook_check(status: int, body: bytes) -> None:
            if status != 200 or (args.hook == "order-sign" and not json.loads(body)["cards"]):
                raise SystemExit(f"hook call failed: {status} {body[:200]!r}")

        def hello_check(status: int, body: bytes) -> None:
            if status != 200:
                raise SystemExit(f"hello world failed: {status}")

        where = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
        print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {label}, {where}, {args.workers} worker process(es), "
              f"hook {args.hook}, load average {os.getloadavg()[0]:.1f}", flush=True)
        hello_request = _request("GET", "/", hello_port)
        for callers in (int(c) for c in args.callers.split(",")):
            rows.append(_measure(f"{label}: hello world", callers, [hello_request] * args.calls,
                                 [hello_request] * 20, hello_port, hello_check, hello.pid))
            requests = hook_requests(args.calls + 20)  # signed before the timed part
            rows.append(_measure(f"{label}: POST {args.hook}", callers, requests[20:], requests[:20], args.port,
                                 hook_check, server.pid))
    finally:
        for process in (server, hello):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        drop()
    return [{**row, "checkout": label} for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--callers", default="1,20", help="comma-separated caller counts")
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("PAINPATH_BENCH_DATABASE_URL", ""))
    parser.add_argument("--hook", choices=["order-sign", "patient-view"], default="order-sign")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--compare", type=Path, action="append", default=[],
                        help="another checkout (with its .venv) to measure the same way in the same run")
    parser.add_argument("--per-caller", action="store_true",
                        help="print each caller's calls and mean time (how evenly the workers share connections)")
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # internal: seed the patient-view patient, then exit
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    if args.seed:
        _seed_patient(args.seed)
        return 0
    global PER_CALLER
    PER_CALLER = args.per_caller
    from painpath.adapters.cds_auth import private_key_file

    work = Path(tempfile.mkdtemp())
    key = private_key_file(work / "key.pem")
    rows: list[dict[str, Any]] = []
    for root in [ROOT, *args.compare]:
        label = "this checkout" if root == ROOT else root.resolve().name
        rows += _run_checkout(root.resolve(), label, args, key, work)
    if args.json:
        args.json.write_text(json.dumps({"database": "postgresql" if args.database_url else "sqlite",
                                         "workers": args.workers, "hook": args.hook, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
