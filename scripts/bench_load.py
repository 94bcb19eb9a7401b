"""`make bench-load`: Locust against `make prod-up` (nginx with TLS -> 2 app workers, a job worker, PostgreSQL,
Redis; loopback only), stepping the users up to 200, beside a hello-world Starlette app served by uvicorn with the
same number of workers and measured in the same run. Prints per-endpoint requests, failures, p50/p95/p99 and
requests/s for the whole run, then for each step its ramp (from the step's start until every new user has signed in:
the sign-ins and whatever ran beside them) apart from its steady state (the rest of the step), beside the hello
world's same step; the CPU each part of the system used per step (app workers, job worker, nginx, PostgreSQL, the
load generator), and the largest resident memory of each process. Writes the CSVs and the per-request records to
.prod/load/ (LOAD_JSON=FILE also writes the step figures as JSON).

Starts prod-up when it is not running (and stops it again at the end). Before the run, scripts/load/seed.py adds
(once) LOAD_PATIENTS patients (default 1,000) and one account per user slot to prod-up's database, so the users
are different people in a practice bigger than the demo clinic (LOAD_PATIENTS=0: the demo clinic's accounts only).
Bounded: LOAD_STEPS (25,50,100,200) users, LOAD_STEP_SECONDS (30) each, for each of the two targets."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RUN = ROOT / ".prod"
OUT = RUN / "load"
HELLO_PORT = 8402


def _running(pid_file: Path) -> bool:
    try:
        return psutil.pid_exists(int(pid_file.read_text()))
    except (OSError, ValueError):
        return False


def _processes() -> dict[str, list[psutil.Process]]:
    found: dict[str, list[psutil.Process]] = {}
    for label, pid_file in (("app", RUN / "app.pid"), ("job worker", RUN / "worker.pid"),
                            ("nginx", RUN / "nginx" / "nginx.pid")):
        try:
            parent = psutil.Process(int(pid_file.read_text()))
            found[label] = [parent, *parent.children(recursive=True)]
        except (OSError, ValueError, psutil.Error):
            continue
    return found


class Sampler(threading.Thread):
    """Each second: the resident set size of every process started by prod-up (the largest seen is kept, and the
    app workers' total per moment), and the CPU seconds used so far by each part of the system, so a step's CPU
    share can be read off afterwards."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak: dict[str, int] = {}
        self.app_rss: list[tuple[float, int]] = []
        self.cpu: list[tuple[float, dict[str, float]]] = []
        self.stop = threading.Event()
        self._seen: dict[int, tuple[str, float]] = {}  # pid -> (group, last CPU seconds), so exited ones still count

    def _groups(self) -> dict[str, list[psutil.Process]]:
        groups = _processes()
        groups["PostgreSQL"] = [p for p in psutil.process_iter(["name"]) if p.info["name"] in ("postgres",)]
        groups["load generator (Locust)"] = [p for p in psutil.process_iter(["name", "cmdline"])
                                             if "locust" in " ".join(p.info["cmdline"] or [])[:300]]
        return groups

    def run(self) -> None:
        while not self.stop.wait(1.0):
            now, app_total = time.time(), 0
            for label, procs in self._groups().items():
                for proc in procs:
                    try:
                        times = proc.cpu_times()
                        self._seen[proc.pid] = (label, times.user + times.system)
                        if label in ("PostgreSQL", "load generator (Locust)"):
                            continue
                        key = f"{label} pid {proc.pid} ({proc.name()})"
                        rss = proc.memory_info().rss
                        self.peak[key] = max(self.peak.get(key, 0), rss)
                        if label == "app":
                            app_total += rss
                    except psutil.Error:
                        continue
            totals: dict[str, float] = {}
            for label, seconds in self._seen.values():
                totals[label] = totals.get(label, 0.0) + seconds
            self.cpu.append((now, totals))
            self.app_rss.append((now, app_total))


def _locust(locustfile: str, host: str, prefix: str) -> tuple[list[dict[str, str]], dict[str, list]]:  # type: ignore[type-arg]
    record = OUT / f"{prefix}_requests.json"
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "scripts" / "load" / locustfile), "--headless",
                    "--host", host, "--csv", str(OUT / prefix), "--only-summary", "--loglevel", "WARNING"],
                   cwd=ROOT / "scripts" / "load", check=True, env={**os.environ, "LOAD_RECORD": str(record)})
    with open(OUT / f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads(record.read_text())


SIGN_IN = "POST /api/auth/token"


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0


def _summary(requests: list[list], seconds: float) -> dict[str, float]:  # type: ignore[type-arg]
    times = [r[2] for r in requests]
    return {"requests": len(requests), "failures": sum(1 for r in requests if r[3]),
            "p50": _percentile(times, 0.50), "p95": _percentile(times, 0.95), "p99": _percentile(times, 0.99),
            "per_second": len(requests) / seconds if seconds > 0 else 0.0}


def _phases(record: dict[str, list]) -> list[dict[str, object]]:  # type: ignore[type-arg]
    """Each step split into its ramp (from the step's start until all its users are spawned and every sign-in
    started in the step has answered) and its steady state (the rest); requests belong where they started."""
    starts = [(t, users) for t, users in record["steps"] if users]
    end = next((t for t, users in record["steps"] if not users), None)
    requests = record["requests"]
    if end is None:
        end = max((r[0] + r[2] / 1000 for r in requests), default=starts[-1][0] if starts else 0.0)
    result = []
    for index, (begin, users) in enumerate(starts):
        finish = starts[index + 1][0] if index + 1 < len(starts) else end
        inside = [r for r in requests if begin <= r[0] < finish]
        spawned = min((t for t, count in record["spawned"] if count == users and t >= begin), default=begin)
        signed_in = max((r[0] + r[2] / 1000 for r in inside if r[1] == SIGN_IN), default=begin)
        ramp_end = min(max(spawned, signed_in), finish)
        ramp = [r for r in inside if r[0] < ramp_end]
        steady = [r for r in inside if r[0] >= ramp_end]
        by_name: dict[str, list] = {}  # type: ignore[type-arg]
        for r in steady:
            by_name.setdefault(r[1], []).append(r)
        result.append({
            "users": users, "begin": begin, "seconds": finish - begin, "ramp_seconds": ramp_end - begin,
            "sign_ins": _summary([r for r in ramp if r[1] == SIGN_IN], ramp_end - begin),
            "ramp": _summary(ramp, ramp_end - begin),
            "steady": _summary(steady, finish - ramp_end),
            "steady_by_endpoint": {name: _summary(rows, finish - ramp_end) for name, rows in sorted(by_name.items())},
            "ramp_end": ramp_end, "end": finish,
        })
    return result


def _cpu_per_step(sampler: Sampler, begin: float, end: float) -> dict[str, float]:
    """CPU seconds per wall second (1.0 = one core) of each part of the system between two moments."""
    before = [totals for t, totals in sampler.cpu if t <= begin]
    after = [totals for t, totals in sampler.cpu if t <= end]
    if not before or not after or end <= begin:
        return {}
    first, last = before[-1], after[-1]
    return {label: (last.get(label, 0.0) - first.get(label, 0.0)) / (end - begin) for label in last}


def _ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def _step_tables(painpath: list[dict[str, object]], hello: list[dict[str, object]], sampler: Sampler) -> None:
    print("\nper step: the ramp (new users signing in) and the steady state (the rest of the step)")
    print("| users | part | seconds | requests | failures | p50 | p95 | p99 | req/s | "
          "hello p50 / p95 / p99 (same step) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for step, reference in zip(painpath, hello, strict=False):
        ref = reference["steady"]
        assert isinstance(ref, dict)
        for part, seconds, row in (("ramp: sign-ins", step["ramp_seconds"], step["sign_ins"]),
                                   ("ramp: all requests", step["ramp_seconds"], step["ramp"]),
                                   ("steady: all requests", float(step["seconds"]) - float(step["ramp_seconds"]),
                                    step["steady"])):
            assert isinstance(row, dict)
            hello_cell = (f"{_ms(ref['p50'])} / {_ms(ref['p95'])} / {_ms(ref['p99'])}" if part.startswith("steady")
                          else "")
            print(f"| {step['users']} | {part} | {float(seconds):.1f} | {row['requests']:,} | {row['failures']} | "
                  f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {row['per_second']:.1f} | "
                  f"{hello_cell} |")
    print("\nsteady state per endpoint (p50 / p95 / p99, requests, failures)")
    names = sorted({name for step in painpath for name in step["steady_by_endpoint"]})  # type: ignore[attr-defined]
    print("| endpoint | " + " | ".join(f"{step['users']} users" for step in painpath) + " |")
    print("|---|" + "---|" * len(painpath))
    for name in names:
        cells = []
        for step in painpath:
            row = step["steady_by_endpoint"].get(name)  # type: ignore[attr-defined]
            cells.append(f"{_ms(row['p50'])} / {_ms(row['p95'])} / {_ms(row['p99'])} ({row['requests']}, "
                         f"{row['failures']} failed)" if row else "")
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    print("\nCPU per step (cores busy; ramp / steady), and the app workers' total resident memory at the step's end")
    labels = sorted({label for _, totals in sampler.cpu for label in totals})
    print("| users | " + " | ".join(labels) + " | app RSS |")
    print("|---|" + "---|" * (len(labels) + 1))
    for step in painpath:
        ramp = _cpu_per_step(sampler, float(step["begin"]), float(step["ramp_end"]))
        steady = _cpu_per_step(sampler, float(step["ramp_end"]), float(step["end"]))
        rss = max((r for t, r in sampler.app_rss if float(step["begin"]) <= t <= float(step["end"])), default=0)
        print(f"| {step['users']} | " + " | ".join(f"{ramp.get(label, 0):.2f} / {steady.get(label, 0):.2f}"
                                                  for label in labels) + f" | {rss / 2**20:.0f} MiB |")


def _table(title: str, rows: list[dict[str, str]]) -> None:
    print(f"\n{title}")
    print(f"{'endpoint':<48} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    for row in rows:
        name = row["Name"] if row["Type"] else "all"
        print(f"{name[:48]:<48} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} "
              f"{row['95%']:>7} {row['99%']:>7} {float(row['Requests/s']):>7.1f}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    started_prod = not _running(RUN / "app.pid")
    if started_prod:
        subprocess.run([str(ROOT / "scripts" / "prod_up.sh")], check=True, cwd=ROOT)
    patients = int(os.environ.get("LOAD_PATIENTS", "1000"))
    if patients and not os.environ.get("LOAD_ACCOUNTS"):
        sys.path.insert(0, str(ROOT / "scripts" / "load"))
        from seed import seed

        accounts = OUT / "accounts.json"
        made = seed(os.environ.get("PAINPATH_PROD_DATABASE_URL",
                                   "postgresql://postgres@127.0.0.1:5432/painpath_prod"), patients, accounts)
        print(f"seeded {made['patients_made']:.0f} more load patients and the load accounts in "
              f"{made['seconds']:.0f} s")
        os.environ["LOAD_ACCOUNTS"] = str(accounts)
    hello = subprocess.Popen([str(BIN / "uvicorn"), "hello:app", "--app-dir", str(ROOT / "scripts" / "load"),
                              "--host", "127.0.0.1", "--port", str(HELLO_PORT), "--workers", "2", "--log-level",
                              "warning"])
    sampler = Sampler()
    try:
        time.sleep(3)
        sampler.start()
        painpath, painpath_record = _locust(
            "locustfile.py", f"https://127.0.0.1:{os.environ.get('PAINPATH_PROD_PORT', '8443')}", "painpath")
        sampler.stop.set()
        reference, hello_record = _locust("hello_locustfile.py", f"http://127.0.0.1:{HELLO_PORT}", "hello")
    finally:
        sampler.stop.set()
        hello.terminate()
        hello.wait(timeout=30)
        if started_prod:
            subprocess.run([str(ROOT / "scripts" / "prod_down.sh")], check=False, cwd=ROOT)
    steps = os.environ.get("LOAD_STEPS", "25,50,100,200")
    load = os.getloadavg()
    print(f"users stepped {steps}, {os.environ.get('LOAD_STEP_SECONDS', '30')} s each; {psutil.cpu_count()} cores; "
          f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    _table("PainPath through nginx (TLS), 2 app workers: the whole run", painpath)
    _table("hello-world Starlette, uvicorn 2 workers (same run, same users): the whole run", reference)
    painpath_steps, hello_steps = _phases(painpath_record), _phases(hello_record)
    _step_tables(painpath_steps, hello_steps, sampler)
    if os.environ.get("LOAD_JSON"):
        Path(os.environ["LOAD_JSON"]).write_text(json.dumps(
            {"painpath": painpath_steps, "hello": hello_steps, "load_average": load}, indent=2))
    print("\npeak resident memory per process")
    for key, rss in sorted(sampler.peak.items()):
        print(f"  {key:<60} {rss / 2**20:7.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
