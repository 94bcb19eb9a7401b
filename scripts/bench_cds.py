"""CDS Hooks speed: p50/p95/p99 per hook call at 20 concurrent callers against a real server on loopback, beside
GET /api/health measured in the same run (the baseline). Issue 14's goal: p95 <= 100 ms per hook call.

Usage: .venv/bin/python scripts/bench_cds.py [--callers 20] [--calls 400]   (make bench-cds)
A temporary SQLite database; one server process (`painpath serve`), as the embedded default runs."""

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
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ISSUER = "https://bench-ehr.invalid"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--callers", type=int, default=20)
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    from painpath.adapters.cds_auth import private_key_file, public_jwks, sign

    work = Path(tempfile.mkdtemp())
    env = dict(os.environ, PAINPATH_DATABASE_URL=f"sqlite:///{work / 'bench.db'}", PAINPATH_PORT=str(args.port),
               PAINPATH_HOST="127.0.0.1", PAINPATH_COOKIE_SECURE="false")
    subprocess.run([BIN / "painpath", "db", "upgrade"], env=env, check=True, capture_output=True)
    key = private_key_file(work / "key.pem")
    (work / "jwks.json").write_text(json.dumps(public_jwks(key, "bench-1")))
    subprocess.run([BIN / "painpath", "cds-client", "add", "bench", "--issuer", ISSUER, "--jwks",
                    work / "jwks.json"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([BIN / "painpath", "serve"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/api/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        url = f"{base}/cds-services/painpath-order-sign"
        born = date(date.today().year - 72, 1, 15).isoformat()
        prefetch = {
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

        def hook_call(client: httpx.Client) -> float:
            body = {"hook": "order-sign", "hookInstance": str(uuid.uuid4()), "prefetch": prefetch,
                    "context": {"patientId": "p1", "userId": "Practitioner/1", "draftOrders": {
                        "resourceType": "Bundle", "type": "collection", "entry": [{"resource": draft}]}}}
            token = sign(key, issuer=ISSUER, audience=url, kid="bench-1")
            start = time.perf_counter()
            response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
            elapsed = time.perf_counter() - start
            if response.status_code != 200 or not response.json()["cards"]:
                raise SystemExit(f"hook call failed: {response.status_code} {response.text[:200]}")
            return elapsed

        def health_call(client: httpx.Client) -> float:
            start = time.perf_counter()
            response = client.get(f"{base}/api/health")
            elapsed = time.perf_counter() - start
            assert response.status_code == 200
            return elapsed

        for name, call in (("GET /api/health (baseline)", health_call), ("POST order-sign hook", hook_call)):
            clients = [httpx.Client(timeout=30) for _ in range(args.callers)]
            call(clients[0])  # warm up
            began = time.perf_counter()
            with ThreadPoolExecutor(args.callers) as pool:
                jobs = [pool.submit(call, clients[i % args.callers]) for i in range(args.calls)]
                times = sorted(job.result() for job in jobs)
            wall = time.perf_counter() - began
            quantiles = statistics.quantiles(times, n=100)
            print(f"{name:<28} callers {args.callers}  calls {args.calls}  {args.calls / wall:7.1f} req/s  "
                  f"p50 {quantiles[49] * 1000:6.1f} ms  p95 {quantiles[94] * 1000:6.1f} ms  "
                  f"p99 {quantiles[98] * 1000:6.1f} ms")
            for client in clients:
                client.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
