"""`make bench-load`: Locust against `make prod-up` (nginx with TLS -> 2 app workers, a job worker, PostgreSQL,
Redis; loopback only), stepping the users up to 200, beside a hello-world Starlette app served by uvicorn with the
same number of workers and measured in the same run. Prints per-endpoint requests, failures, p50/p95/p99 and
requests/s, and the largest resident memory of each process; writes the CSVs to .prod/load/.

Starts prod-up when it is not running (and stops it again at the end). Bounded: LOAD_STEPS (25,50,100,200) users,
LOAD_STEP_SECONDS (30) each, for each of the two targets."""

from __future__ import annotations

import csv
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


class RssSampler(threading.Thread):
    """The largest resident set size seen per process while the load runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(1.0):
            for label, procs in _processes().items():
                for proc in procs:
                    try:
                        key = f"{label} pid {proc.pid} ({proc.name()})"
                        self.peak[key] = max(self.peak.get(key, 0), proc.memory_info().rss)
                    except psutil.Error:
                        continue


def _locust(locustfile: str, host: str, prefix: str) -> list[dict[str, str]]:
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "scripts" / "load" / locustfile), "--headless",
                    "--host", host, "--csv", str(OUT / prefix), "--only-summary", "--loglevel", "WARNING"],
                   cwd=ROOT / "scripts" / "load", check=True)
    with open(OUT / f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


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
    hello = subprocess.Popen([str(BIN / "uvicorn"), "hello:app", "--app-dir", str(ROOT / "scripts" / "load"),
                              "--host", "127.0.0.1", "--port", str(HELLO_PORT), "--workers", "2", "--log-level",
                              "warning"])
    sampler = RssSampler()
    try:
        time.sleep(3)
        sampler.start()
        painpath = _locust("locustfile.py", f"https://127.0.0.1:{os.environ.get('PAINPATH_PROD_PORT', '8443')}",
                           "painpath")
        sampler.stop.set()
        reference = _locust("hello_locustfile.py", f"http://127.0.0.1:{HELLO_PORT}", "hello")
    finally:
        sampler.stop.set()
        hello.terminate()
        hello.wait(timeout=30)
        if started_prod:
            subprocess.run([str(ROOT / "scripts" / "prod_down.sh")], check=False, cwd=ROOT)
    steps = os.environ.get("LOAD_STEPS", "25,50,100,200")
    print(f"users stepped {steps}, {os.environ.get('LOAD_STEP_SECONDS', '30')} s each; {psutil.cpu_count()} cores")
    _table("PainPath through nginx (TLS), 2 app workers", painpath)
    _table("hello-world Starlette, uvicorn 2 workers (same run, same users)", reference)
    print("\npeak resident memory per process")
    for key, rss in sorted(sampler.peak.items()):
        print(f"  {key:<60} {rss / 2**20:7.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
