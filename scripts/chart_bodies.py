"""Write the exact bytes of `GET /api/patients/{id}/chart` for a seeded database (a dev tool, issue 13).

Run it with one version of the code, then with another, on the same database, and compare the two files: a
change to how the chart is read must not change a byte of its answer.

Usage: python scripts/chart_bodies.py DATABASE_URL OUT_FILE
The database is migrated and, the first time, seeded through the API: a clinician, five patients with
0, 1, 2, 4 and 6 of each record (encounters, assessments, allergies, procedures, medications, outcomes, goals,
appointments). Each later run only reads the charts (as a clinician and as the patient themselves where one can).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, session_factory, upgrade
from painpath.adapters.db.tables import Patient, User
from painpath.config import Settings
from painpath.services.access import SYSTEM, Role
from painpath.web.app import create_app

PASSWORD = "chart-bodies-password-2026"
NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. Positive "
        "straight leg raise on the right. MRI: right L5-S1 disc herniation.")
COUNTS = (0, 1, 2, 4, 6)


def seed(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as session:
        if session.scalar(select(User.id).where(User.username == "bodies")) is None:
            accounts = Accounts(session, SYSTEM)
            accounts.create_user(username="bodies", display_name="Bodies", role=Role.CLINICIAN, password=PASSWORD,
                                 patient_id=None)
        if session.scalar(select(Patient.id).where(Patient.mrn.like("BODY%")).limit(1)) is not None:
            engine.dispose()
            return
        now = datetime.now(UTC)
        for n in COUNTS:
            session.add(Patient(mrn=f"BODY{n:04d}", family_name=f"Body{n}", given_name="Ana",
                                family_lower=f"body{n}", given_lower="ana", birth_date=date(1970, 1, 1 + n),
                                sex="female", phone=None if n % 2 else "555-0100", created_at=now, updated_at=now,
                                version=1))
        session.commit()
        for n in COUNTS[1:]:
            pid = session.scalar(select(Patient.id).where(Patient.mrn == f"BODY{n:04d}"))
            Accounts(session, SYSTEM).create_user(username=f"body-patient-{n}", display_name=f"Patient {n}",
                                                  role=Role.PATIENT, password=PASSWORD, patient_id=pid)
    engine.dispose()


def token(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"authorization": f"Bearer {r.json()['access_token']}"}


def fill(client: TestClient, auth: dict[str, str], pid: int, n: int) -> None:
    today = date.today()

    def post(path: str, body: dict[str, Any]) -> None:
        r = client.post(path, json=body, headers=auth)
        assert r.status_code == 201, (path, r.text)

    for i in range(n):
        taken = (datetime.now(UTC) - timedelta(days=7 * (i + 1), minutes=i)).replace(microsecond=1000 * i)
        post(f"/api/patients/{pid}/encounters", {"kind": "follow_up", "occurred_at": taken.isoformat(),
                                                 "reason": f"review {i}", "note": f"visit {i}"})
        post("/api/assessments", {"text": NOTE, "patient_id": pid})
        post(f"/api/patients/{pid}/allergies", {"substance": f"codeine{i}", "reaction": "vomiting"})
        post(f"/api/patients/{pid}/procedures", {"option_id": "medial_branch_block",
                                                 "performed_on": (today - timedelta(days=30 + i)).isoformat(),
                                                 "relief_percent": 80 - i, "duration_hours": 6.5,
                                                 "functional_gain": "walked 2 km"})
        post(f"/api/patients/{pid}/medications", {"name": "duloxetine", "dose": 30 + i, "unit": "mg",
                                                  "per_day": 1.5, "status": "trial"})
        post(f"/api/patients/{pid}/outcomes", {"instrument": "nrs", "score": 6, "items": {"pain": 6},
                                               "taken_at": taken.isoformat()})
        post(f"/api/patients/{pid}/outcomes", {"instrument": "phq9", "taken_at": taken.isoformat(),
                                               "items": {f"q{k}": (1 if k == 9 and i % 2 else 0) if k > 4 else 1
                                                         for k in range(1, 10 - i % 2)}})
        post(f"/api/patients/{pid}/goals", {"kind": "work", "description": f"return to shifts {i}", "baseline": "4 h",
                                            "target": "12 h", "measure": "hours a shift", "baseline_value": 4,
                                            "target_value": 12, "due_on": (today + timedelta(days=90)).isoformat()})
        day = today + timedelta(days=14 + 7 * i + n)
        post(f"/api/patients/{pid}/appointments", {"starts_at": f"{day.isoformat()}T{9 + i:02d}:30:00Z",
                                                   "kind": "follow_up"})


def main() -> None:
    url, out = sys.argv[1], Path(sys.argv[2])
    seed(url)
    app = create_app(Settings(database_url=url, audit_chain_seconds=0))
    with TestClient(app) as client:
        auth = token(client, "bodies")
        engine = make_engine(url)
        with session_factory(engine)() as session:
            patients = {n: session.scalar(select(Patient.id).where(Patient.mrn == f"BODY{n:04d}")) for n in COUNTS}
        engine.dispose()
        first = client.get(f"/api/patients/{patients[COUNTS[-1]]}/chart", headers=auth).json()
        if not first["encounters"]:
            for n, pid in patients.items():
                fill(client, auth, pid, n)
        bodies = []
        for n, pid in patients.items():
            r = client.get(f"/api/patients/{pid}/chart", headers=auth)
            bodies.append(f"clinician {pid} {r.status_code} {r.headers['content-type']}\n".encode() + r.content)
            if n:
                own = token(client, f"body-patient-{n}")
                r = client.get(f"/api/patients/{pid}/chart", headers=own)
                bodies.append(f"patient {pid} {r.status_code} {r.headers['content-type']}\n".encode() + r.content)
        r = client.get("/api/patients/999999/chart", headers=auth)
        bodies.append(f"missing {r.status_code}\n".encode() + r.content)
    out.write_bytes(b"\n".join(bodies) + b"\n")
    print(f"{len(bodies)} chart answers, {out.stat().st_size} bytes -> {out}")


if __name__ == "__main__":
    main()
