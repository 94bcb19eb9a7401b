"""Real `painpath serve` processes for the service tests: start one (or one with several workers), wait for it,
see which workers answer, and stop it with everything it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(url: str, port: int) -> dict[str, str]:
    return {**os.environ, "PAINPATH_DATABASE_URL": url, "PAINPATH_PORT": str(port), "PAINPATH_HOST": "127.0.0.1"}


def serve(url: str, port: int) -> subprocess.Popen[bytes]:
    """One `painpath serve` process (the embedded default: one worker)."""
    painpath = Path(sys.executable).with_name("painpath")
    return subprocess.Popen([str(painpath), "serve"], env=_env(url, port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def serve_workers(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`painpath serve --workers N` in a session of its own, so `stop` reaches the manager and its workers."""
    painpath = Path(sys.executable).with_name("painpath")
    return subprocess.Popen([str(painpath), "serve", "--workers", str(workers)], env=_env(url, port),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("server did not start within 60 s")


def worker_pids(base: str, want: int, deadline_s: float = 120) -> set[int]:
    """The worker processes seen answering readiness (each answers with its own pid)."""
    seen: set[int] = set()
    deadline = time.monotonic() + deadline_s
    while len(seen) < want and time.monotonic() < deadline:
        try:
            with httpx.Client(base_url=base, timeout=5) as client:  # a new connection each round
                answer = client.get("/api/health/ready")
            if answer.status_code == 200:
                seen.add(answer.json()["process"])
        except httpx.HTTPError:
            time.sleep(0.3)
    return seen


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (a graceful shutdown), SIGKILL after 30 s."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
