"""A busy practice for `make bench-load` (Locust): clinicians search, open charts, assess notes and read the
worklist; the front desk reads referrals, schedules and providers and books; patients open their due
questionnaires and send a pain score. Demo clinic logins (`painpath clinic load-demo`), TLS through nginx.

The user count steps up (LOAD_STEPS users, each for LOAD_STEP_SECONDS) so one run shows where latency bends. With
LOAD_RECORD set, every request (start, name, milliseconds, failed), each step's start and each "all users spawned"
moment are written there as JSON when the run ends, so scripts/bench_load.py can report each step's ramp (the new
users signing in) apart from its steady state."""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from datetime import UTC, datetime

import urllib3
from locust import HttpUser, LoadTestShape, between, events, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

PASSWORD = os.environ.get("LOAD_PASSWORD", "painpath-demo-2026")
# LOAD_ACCOUNTS (written by scripts/load/seed.py): one account per user slot and role, handed out in turn, so
# concurrent users are different people; without it, the demo clinic's accounts (shared by many users).
ACCOUNTS: dict[str, list[str]] = {"clinician": ["dr.osei", "dr.lindqvist", "dr.nakamura"],
                                  "front_desk": ["desk.martin"], "patient": ["patient.okafor"]}
if os.environ.get("LOAD_ACCOUNTS"):
    with open(os.environ["LOAD_ACCOUNTS"]) as _handle:
        _seeded = json.load(_handle)
    PASSWORD = _seeded.pop("password")
    ACCOUNTS = {role: names for role, names in _seeded.items() if names}
_TURN = {role: itertools.count() for role in ACCOUNTS}


def _next_account(role: str) -> str:
    names = ACCOUNTS[role]
    return names[next(_TURN[role]) % len(names)]
NOTES = [
    "45-year-old with low back pain for 3 months, worse sitting, spreading down the left leg below the knee.",
    "Knee pain for years, worse on stairs and after walking, morning stiffness under 30 minutes.",
    "Burning pain in both feet at night for a year, diabetic, numbness in a stocking distribution.",
    "Neck pain after a fall last week with tingling in the right thumb, no weakness.",
]


def _sign_in(user: HttpUser, username: str) -> None:
    user.client.verify = False  # make prod-up's self-signed certificate, on loopback
    answer = user.client.post("/api/auth/token", json={"username": username, "password": PASSWORD},
                              name="POST /api/auth/token")
    token = answer.json()["access_token"] if answer.status_code == 200 else ""
    user.client.headers["Authorization"] = f"Bearer {token}"


class Clinician(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _sign_in(self, _next_account("clinician"))
        found = self.client.get("/api/patients", params={"name": "a", "limit": 50}, name="GET /api/patients")
        self.patients = [p["id"] for p in found.json().get("items", [])] if found.status_code == 200 else []

    @task(4)
    def search(self) -> None:
        self.client.get("/api/patients", params={"name": random.choice("abcdeghklmnoprst")},
                        name="GET /api/patients?name=")

    @task(5)
    def chart(self) -> None:
        if self.patients:
            self.client.get(f"/api/patients/{random.choice(self.patients)}/chart", name="GET /api/patients/{id}/chart")

    @task(2)
    def assess(self) -> None:
        self.client.post("/api/assessments", json={"text": random.choice(NOTES)}, name="POST /api/assessments")

    @task(1)
    def worklist(self) -> None:
        self.client.get("/api/worklist", name="GET /api/worklist")


class Desk(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _sign_in(self, _next_account("front_desk"))
        found = self.client.get("/api/patients", params={"name": "o", "limit": 50}, name="GET /api/patients")
        self.patients = [p["id"] for p in found.json().get("items", [])] if found.status_code == 200 else []

    @task(3)
    def referrals(self) -> None:
        self.client.get("/api/referrals", name="GET /api/referrals")

    @task(3)
    def appointments(self) -> None:
        if self.patients:
            self.client.get(f"/api/patients/{random.choice(self.patients)}/appointments",
                            name="GET /api/patients/{id}/appointments")

    @task(1)
    def providers(self) -> None:
        self.client.get("/api/providers", name="GET /api/providers")


class Patient(HttpUser):
    weight = 3
    wait_time = between(2, 5)

    def on_start(self) -> None:
        _sign_in(self, _next_account("patient"))
        me = self.client.get("/api/me", name="GET /api/me")
        self.patient_id = me.json().get("patient_id") if me.status_code == 200 else None

    @task(3)
    def due(self) -> None:
        if self.patient_id:
            self.client.get(f"/api/patients/{self.patient_id}/questionnaires/due",
                            name="GET /api/patients/{id}/questionnaires/due")

    @task(1)
    def pain_score(self) -> None:
        if self.patient_id:
            score = random.randint(0, 10)
            self.client.post(f"/api/patients/{self.patient_id}/outcomes", json={
                "instrument": "nrs", "score": score, "items": {"pain": score},
                "taken_at": datetime.now(UTC).isoformat(timespec="seconds")}, name="POST /api/patients/{id}/outcomes")


RECORD: dict[str, list] = {"requests": [], "steps": [], "spawned": []}  # type: ignore[type-arg]


@events.request.add_listener
def _record_request(name: str, start_time: float, response_time: float, exception: object = None,
                    **_: object) -> None:
    RECORD["requests"].append((start_time, name, response_time, exception is not None))


@events.spawning_complete.add_listener
def _record_spawned(user_count: int, **_: object) -> None:
    RECORD["spawned"].append((time.time(), user_count))


@events.quitting.add_listener
def _write_record(**_: object) -> None:
    if os.environ.get("LOAD_RECORD"):
        with open(os.environ["LOAD_RECORD"], "w") as handle:
            json.dump(RECORD, handle)


class Steps(LoadTestShape):
    steps = tuple(int(n) for n in os.environ.get("LOAD_STEPS", "25,50,100,200").split(","))
    seconds = int(os.environ.get("LOAD_STEP_SECONDS", "30"))

    def tick(self) -> tuple[int, float] | None:
        step = int(self.get_run_time() // self.seconds)
        if step >= len(self.steps):
            RECORD["steps"].append((time.time(), 0))  # the end of the last step
            return None
        if len(RECORD["steps"]) == step:
            RECORD["steps"].append((time.time(), self.steps[step]))
        return self.steps[step], max(self.steps[step] / 5, 5)
