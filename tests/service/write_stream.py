"""Writers that post outcome measurements to a running server until stopped, keeping what was acknowledged:
the crash tests kill the server (or one worker) mid-stream and check that every acknowledged write survived."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class WriteStream:
    base: str
    headers: dict[str, str]
    patient_id: int
    reconnect: bool  # True: a failed request is retried on a new connection (another worker may answer)
    acknowledged: dict[int, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self, writers: int = 3) -> None:
        self._threads = [threading.Thread(target=self._write) for _ in range(writers)]
        for thread in self._threads:
            thread.start()

    def wait_for(self, count: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self, seconds: float = 30) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=seconds)

    def _write(self) -> None:
        client = httpx.Client(base_url=self.base, headers=self.headers, timeout=10)
        n = 0
        try:
            while not self._stop.is_set():
                n += 1
                score = float(n % 11)
                try:
                    response = client.post(f"/api/patients/{self.patient_id}/outcomes", json={
                        "instrument": "nrs", "score": score, "items": {"pain": score},
                        "taken_at": "2026-05-01T10:00:00Z"})
                except httpx.HTTPError:  # the process that had the request died: never acknowledged
                    if not self.reconnect:
                        return
                    client.close()
                    client = httpx.Client(base_url=self.base, headers=self.headers, timeout=10)
                    continue
                if response.status_code == 201:
                    self.acknowledged[response.json()["id"]] = score
                elif response.status_code >= 500:
                    self.failures.append(f"{response.status_code}: {response.text[:200]}")
        finally:
            client.close()
