"""Benchmark: 100,000 patients and 1,000,000 outcome measurements in PostgreSQL, then patient search and chart
load latency (median, p95) and POST /api/assessments throughput against GET /api/health on the same server.

Usage: PAINPATH_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python scripts/bench_service.py
It works in its own schema (painpath_bench), dropped and rebuilt on every run. Not a test: it prints figures.
The assessment figure is set beside the in-process engine on the same note, measured in the same run (the engine
built as `painpath serve` builds it, one thread): the ratio assessments over HTTP / in-process notes/s x workers is
issue 13's goal (>= 0.5). CPU per request (app process + its PostgreSQL backends) is printed beside each figure: a
shared machine's load stretches wall time but not CPU time. BENCH_KEEP_DATA=1 reuses the schema a previous run
loaded (same BENCH_PATIENTS) to compare two builds quickly.
BENCH_WORKERS_COMPARE=1 also measures chart reads per second (8 clients) with `painpath serve --workers 1` and then
`--workers 2` on the same data (issue 13's scaling from one worker to two), each beside a hello world served the same
way and measured by the same client (issue 13's reference: chart reads >= 0.5 of it); BENCH_SKIP_ASSESSMENTS=1
leaves out the assessment throughput. BENCH_CHART_ONLY=1 (with BENCH_WORKERS_COMPARE) measures only those.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg
from sqlalchemy import text
from tqdm import tqdm

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, session_factory, upgrade
from painpath.services.access import SYSTEM, Role

PATIENTS = int(os.environ.get("BENCH_PATIENTS", "100000"))
PER_PATIENT = int(os.environ.get("BENCH_MEASUREMENTS_PER_PATIENT", "10"))
SCHEMA = "painpath_bench"
PASSWORD = "bench-password-2026"
FAMILY = ["Smith", "Okafor", "Garcia", "Nguyen", "Kowalski", "Haddad", "Tanaka", "Silva", "Murphy", "Fischer",
          "Novak", "Reyes", "Chen", "Brennan", "Adeyemi", "Lindqvist", "Osei", "Martin", "Dubois", "Rossi"]
GIVEN = ["Ana", "Ben", "Carla", "Diego", "Erik", "Grace", "Hiro", "Lena", "Liam", "Marta", "Noor", "Petra",
         "Sean", "Tola", "Wei", "Ama", "Camille", "Ivan", "Sofia", "Omar"]
NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient, barely "
        "sleeping. Exam: positive straight leg raise on the right, weakness in great toe extension.")


def loaded(base_url: str) -> bool:
    """Whether the schema already holds this run's patients (BENCH_KEEP_DATA)."""
    conninfo = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, options=f"-csearch_path={SCHEMA}") as conn:
        try:
            return conn.execute("SELECT count(*) FROM patients").fetchone() == (PATIENTS,)
        except psycopg.Error:
            return False


def in_process_notes_per_second(seconds: float = 8) -> tuple[float, float]:
    """The engine as `painpath serve` builds it (web/app.py's LazyEngine), on the note the POSTs send, one thread:
    notes per second (wall) and CPU ms per note."""
    from painpath.web.app import LazyEngine

    engine = LazyEngine()()
    for _ in range(20):
        engine.run(text=NOTE, intake=None, require_pain=True)
    n, cpu, stop = 0, time.process_time(), time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < stop:
        engine.run(text=NOTE, intake=None, require_pain=True)
        n += 1
    return n / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / n


def load(base_url: str, url: str) -> None:
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    admin.dispose()
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as session:
        Accounts(session, SYSTEM).create_user(username="bench", display_name="Bench", role=Role.CLINICIAN,
                                              password=PASSWORD, patient_id=None)
    engine.dispose()
    rng = random.Random(7)
    now = datetime.now(UTC)
    conninfo = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, options=f"-csearch_path={SCHEMA}") as conn:
        with conn.cursor().copy(
            "COPY patients (id, mrn, family_name, given_name, family_lower, given_lower, birth_date, sex, "
            "created_at, updated_at, version) FROM STDIN"
        ) as copy:
            for i in tqdm(range(1, PATIENTS + 1), desc="patients", unit="row", unit_scale=True):
                family = f"{rng.choice(FAMILY)}{rng.randrange(1000)}"
                given = rng.choice(GIVEN)
                born = date(1930, 1, 1) + timedelta(days=rng.randrange(30000))
                copy.write_row((i, f"MRN{i:07d}", family, given, family.lower(), given.lower(), born,
                                rng.choice(["female", "male"]), now, now, 1))
        with conn.cursor().copy(
            "COPY outcome_measurements (patient_id, instrument, score, items, taken_at, recorded_by, created_at) "
            "FROM STDIN"
        ) as copy:
            for i in tqdm(range(PATIENTS * PER_PATIENT), desc="measurements", unit="row", unit_scale=True):
                score = rng.randrange(11)
                copy.write_row((i // PER_PATIENT + 1, "nrs_pain", score, json.dumps({"average": score}),
                                now - timedelta(days=7 * (i % PER_PATIENT)), 1, now))
        conn.execute("SELECT setval(pg_get_serial_sequence('patients', 'id'), (SELECT max(id) FROM patients))")
        conn.commit()
        # VACUUM as autovacuum would within a minute of the load (PostgreSQL 13+ vacuums after inserts): it sets
        # the visibility map, without which every count of a name search visits the table's pages (15 ms instead
        # of 4 for a three-letter prefix matching 5,000 of the 100,000 patients)
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    return f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms (n={len(samples)})"


def cpu_ms(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far, in ms (Linux /proc; 0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it (a server's worker processes; Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sorted(tree)


def database_backends(url: str) -> list[int]:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return [r[0] for r in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
            "pg_backend_pid() AND backend_type = 'client backend'")]


# CPU ms per request in the last chart_throughput / hello_throughput run: (app or hello server, PostgreSQL)
CHART_CPU: dict[str, tuple[float, float]] = {}


def timed(client: httpx.Client, path: str, params: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return (time.perf_counter() - start) * 1000


CPU_PER_REQUEST: dict[str, tuple[float, float]] = {}  # filled by throughput(..., cpu_of=...)


def throughput(base: str, headers: dict[str, str], method: str, path: str, body: object, seconds: float,
               workers: int = 4, cpu_of: tuple[int, str] | None = None) -> float:
    """Requests per second with ``workers`` concurrent clients; with ``cpu_of`` (the app's pid, the database
    URL) also prints the CPU per request of the app process and of its PostgreSQL backends (after a warm-up at the
    same concurrency, so that the pool's connections exist before they are measured)."""
    if cpu_of is not None:
        throughput(base, headers, method, path, body, 2, workers)
        with psycopg.connect(cpu_of[1].replace("postgresql+psycopg://", "postgresql://")) as conn:
            backends = [r[0] for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                "pg_backend_pid() AND backend_type = 'client backend'")]
        marks = (cpu_ms([cpu_of[0]]), cpu_ms(backends))
    done = [0] * workers
    stop = time.monotonic() + seconds

    def work(slot: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            while time.monotonic() < stop:
                response = client.request(method, path, json=body)
                assert response.status_code in (200, 201), response.text
                done[slot] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if cpu_of is not None:
        n = max(1, sum(done))
        spent = ((cpu_ms([cpu_of[0]]) - marks[0]) / n, (cpu_ms(backends) - marks[1]) / n)
        CPU_PER_REQUEST[f"{method} {path}"] = spent
        print(f"{method} {path}: {sum(done)} requests, CPU {spent[0]:.1f} ms app + {spent[1]:.1f} ms PostgreSQL per "
              f"request ({len(backends)} backends)")
    return sum(done) / seconds


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PAINPATH_DATABASE_URL": url, "PAINPATH_PORT": str(port)}
    command = [str(Path(sys.executable).with_name("painpath")), "serve"]
    if workers > 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    return server, base


def chart_throughput(url: str, workers: int, clients: int = 8, seconds: float = 15) -> tuple[float, float]:
    """Chart reads per second with ``clients`` concurrent clients, and GET /api/health per second alone."""
    server, base = start_server(url, workers)
    try:
        token = httpx.post(f"{base}/api/auth/token", json={"username": "bench", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        rng = random.Random(13)
        paths = [f"/api/patients/{rng.randrange(1, PATIENTS)}/chart" for _ in range(5000)]
        done = [0] * clients
        for warm in range(40):  # every worker process warmed
            httpx.get(f"{base}{paths[warm]}", headers=headers).raise_for_status()
        throughput(base, headers, "GET", paths[0], None, 2, workers=clients)  # the pools' connections opened
        apps, backends = process_tree(server.pid), database_backends(url)
        marks = (cpu_ms(apps), cpu_ms(backends))
        stop = time.monotonic() + seconds

        def work(slot: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                while time.monotonic() < stop:
                    response = client.get(paths[(slot * 600 + done[slot]) % len(paths)])
                    assert response.status_code == 200, response.text
                    done[slot] += 1

        threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        charts = sum(done) / seconds
        n = max(1, sum(done))
        CHART_CPU["chart"] = ((cpu_ms(apps) - marks[0]) / n, (cpu_ms(backends) - marks[1]) / n)
        health = throughput(base, headers, "GET", "/api/health", None, 5, workers=clients)
        return charts, health
    finally:
        server.terminate()
        server.wait()


# issue 13's same-box reference: scripts/load/hello.py served as `painpath serve` serves (uvicorn, the same worker
# count and HTTP protocol), measured by the same client as the chart reads
HELLO = ("import uvicorn\nfrom painpath.web.http_protocol import NoDelayH11Protocol\n"
         "uvicorn.run('hello:app', app_dir={app_dir!r}, host='127.0.0.1', port={port}, workers={workers}, "
         "log_level='warning', http=NoDelayH11Protocol)")


def hello_throughput(workers: int, clients: int = 8, seconds: float = 15) -> float:
    """Hello-world requests per second with ``clients`` concurrent clients (the chart reads' client)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app_dir = str(Path(__file__).resolve().parent / "load")
    server = subprocess.Popen([sys.executable, "-c", HELLO.format(app_dir=app_dir, port=port, workers=workers)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        throughput(base, {}, "GET", "/", None, 2, workers=clients)  # warm-up, every worker
        tree = process_tree(server.pid)
        mark = cpu_ms(tree)
        rate = throughput(base, {}, "GET", "/", None, seconds, workers=clients)
        CHART_CPU["hello"] = ((cpu_ms(tree) - mark) / max(1.0, rate * seconds), 0.0)
        return rate
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    base_url = os.environ.get("PAINPATH_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    url = f"{base_url}{'&' if '?' in base_url else '?'}options={quote(f'-csearch_path={SCHEMA}')}"
    started = time.perf_counter()
    if os.environ.get("BENCH_KEEP_DATA") and loaded(base_url):
        print(f"reusing the {PATIENTS:,} patients loaded before (BENCH_KEEP_DATA)")
    else:
        load(base_url, url)
    print(f"loaded {PATIENTS:,} patients and {PATIENTS * PER_PATIENT:,} measurements in "
          f"{time.perf_counter() - started:.0f} s")
    if os.environ.get("BENCH_CHART_ONLY") and os.environ.get("BENCH_WORKERS_COMPARE"):
        compare_workers(url)
        return
    skip = os.environ.get("BENCH_SKIP_ASSESSMENTS")
    engine_rate, engine_cpu = (0.0, 0.0) if skip else in_process_notes_per_second()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PAINPATH_DATABASE_URL": url, "PAINPATH_PORT": str(port)}
    server = subprocess.Popen([str(Path(sys.executable).with_name("painpath")), "serve"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}/api/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        token = httpx.post(f"{base}/api/auth/token", json={"username": "bench", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        rng = random.Random(11)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for _ in range(20):  # warm up
                timed(client, "/api/patients", {"name": "smi"})
            # CPU per request of the app process and of its PostgreSQL backends: less disturbed by other work on a
            # shared machine than wall time (the wait for a core is not counted)
            with psycopg.connect(base_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
                backends = [r[0] for r in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                    "pg_backend_pid() AND backend_type = 'client backend'")]
            cpu: dict[str, tuple[float, float]] = {}
            marks = (cpu_ms([server.pid]), cpu_ms(backends))
            # what a clinician types: half the time the first three letters of a family name (~5,000 of the
            # 100,000 match, counted and the first 20 sorted), half a whole name and a digit (~500 match). (Until
            # issue 13's second round this was four letters and a number, "Smit42", which matched no one.)
            by_name = [timed(client, "/api/patients", {"name": rng.choice(
                [rng.choice(FAMILY)[:3], f"{rng.choice(FAMILY)}{rng.randrange(10)}"]), "limit": "20"})
                for _ in range(300)]
            cpu["name"], marks = ((cpu_ms([server.pid]) - marks[0]) / 300, (cpu_ms(backends) - marks[1]) / 300), (
                cpu_ms([server.pid]), cpu_ms(backends))
            by_mrn = [timed(client, "/api/patients", {"mrn": f"MRN{rng.randrange(1, PATIENTS):07d}"})
                      for _ in range(300)]
            cpu["mrn"], marks = ((cpu_ms([server.pid]) - marks[0]) / 300, (cpu_ms(backends) - marks[1]) / 300), (
                cpu_ms([server.pid]), cpu_ms(backends))
            by_dob = [timed(client, "/api/patients", {"birth_date": str(date(1930, 1, 1) + timedelta(
                days=rng.randrange(30000))), "limit": "20"}) for _ in range(300)]
            cpu["dob"], marks = ((cpu_ms([server.pid]) - marks[0]) / 300, (cpu_ms(backends) - marks[1]) / 300), (
                cpu_ms([server.pid]), cpu_ms(backends))
            charts = [timed(client, f"/api/patients/{rng.randrange(1, PATIENTS)}/chart") for _ in range(300)]
            cpu["chart"] = ((cpu_ms([server.pid]) - marks[0]) / 300, (cpu_ms(backends) - marks[1]) / 300)
        health = throughput(base, headers, "GET", "/api/health", None, 10)
        assessments = (0.0 if os.environ.get("BENCH_SKIP_ASSESSMENTS")
                       else throughput(base, headers, "POST", "/api/assessments", {"text": NOTE}, 10,
                                       cpu_of=(server.pid, base_url)))
    finally:
        server.terminate()
        server.wait()
    def used(key: str) -> str:
        return f"CPU {cpu[key][0]:.1f} ms app + {cpu[key][1]:.1f} ms PostgreSQL ({len(backends)} backends)"

    print("\n| measure | result |\n|---|---|")
    print(f"| patient search by name prefix (3 letters, or a name and a digit) | {percentiles(by_name)}; "
          f"{used('name')} |")
    print(f"| patient search by record number | {percentiles(by_mrn)}; {used('mrn')} |")
    print(f"| patient search by date of birth | {percentiles(by_dob)}; {used('dob')} |")
    print(f"| chart load (10 measurements + history) | {percentiles(charts)}; {used('chart')} |")
    print(f"| GET /api/health | {health:.0f} req/s |")
    print(f"| POST /api/assessments, 4 clients | {assessments:.1f} req/s |")
    print(f"| ratio assessments / health | {assessments / health:.3f} |")
    print(f"| in-process engine, same note, one thread | {engine_rate:.1f} notes/s ({engine_cpu:.1f} ms CPU a note) |")
    if engine_rate:
        print(f"| ratio assessments over HTTP / (in-process x 1 worker) | {assessments / engine_rate:.2f} "
              f"(goal >= 0.5; wall time, so other work on a shared machine moves it) |")
        app_cpu, db_cpu = CPU_PER_REQUEST["POST /api/assessments"]
        print(f"| the same ratio from CPU time (engine CPU a note / app CPU a POST) | {engine_cpu / app_cpu:.2f} "
              f"(POST: {app_cpu:.1f} ms app + {db_cpu:.1f} ms PostgreSQL; engine {engine_cpu:.1f} ms) |")
    if os.environ.get("BENCH_WORKERS_COMPARE"):
        compare_workers(url)


def compare_workers(url: str) -> None:
    """Chart reads with one worker and with two, each beside GET /api/health and a hello world (issue 13)."""
    for workers in (1, 2):
        charts, health = chart_throughput(url, workers)
        hello = hello_throughput(workers)
        print(f"| chart reads, 8 clients, --workers {workers} | {charts:.0f} req/s (GET /api/health alone: "
              f"{health:.0f} req/s; hello world, same client: {hello:.0f} req/s; chart / hello "
              f"{charts / hello:.2f}, goal >= 0.5; CPU per chart read {CHART_CPU['chart'][0]:.2f} ms app + "
              f"{CHART_CPU['chart'][1]:.2f} ms PostgreSQL, per hello world {CHART_CPU['hello'][0]:.2f} ms; load "
              f"{os.getloadavg()[0]:.1f}) |", flush=True)


if __name__ == "__main__":
    main()
