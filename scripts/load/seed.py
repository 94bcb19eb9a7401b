"""The practice `make bench-load` signs in to: besides the demo clinic, LOAD_PATIENTS patients (default 1,000) with
three pain scores each, and one account per load user slot, so concurrent users sign in as different people (a
practice's 200 users are not five accounts; sign-ins to one account take turns on its row lock). Everything goes
through the app's own stores (audited, scored as in the clinic) and is made once: a second run adds only what is
missing. Record numbers start LOAD-, usernames load.; the password is LOAD_ACCOUNT_PASSWORD."""

from __future__ import annotations

import json
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.tables import Patient, User
from painpath.services.access import SYSTEM, Actor, Role

PASSWORD = os.environ.get("LOAD_ACCOUNT_PASSWORD", "quiet-harbour-lantern-58")
FAMILY = ["Smith", "Okafor", "Garcia", "Nguyen", "Kowalski", "Haddad", "Tanaka", "Silva", "Murphy", "Fischer",
          "Novak", "Reyes", "Chen", "Brennan", "Adeyemi", "Lindqvist", "Osei", "Martin", "Dubois", "Rossi"]
GIVEN = ["Ana", "Ben", "Carla", "Diego", "Erik", "Grace", "Hiro", "Lena", "Liam", "Marta", "Noor", "Petra",
         "Sean", "Tola", "Wei", "Ama", "Camille", "Ivan", "Sofia", "Omar"]
# one account per concurrent user of the busiest step (200 users at 4 : 2 : 3), so no two sessions share one
SLOTS = {Role.CLINICIAN: 90, Role.FRONT_DESK: 45, Role.PATIENT: 70}


def seed(database_url: str, patients: int, accounts_file: Path) -> dict[str, float]:
    """Make what is missing and write the usernames per role to ``accounts_file`` (JSON) for the locustfile."""
    started = time.perf_counter()
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    rng = random.Random(13)
    now = datetime.now(UTC)
    made = 0
    try:
        with sessions() as session:  # the scores are recorded by a clinician of the demo clinic, as in the clinic
            clinician = session.scalar(select(User).where(User.role == Role.CLINICIAN.value).order_by(User.id))
            if clinician is None:
                raise SystemExit("seed: no clinician account: load the demo clinic first (painpath clinic load-demo)")
            recorder = Actor(user_id=clinician.id, username=clinician.username, role=Role.CLINICIAN)
            have = session.scalar(select(func.count()).select_from(Patient).where(Patient.mrn.like("LOAD-%"))) or 0
        for number in range(have + 1, patients + 1):
            with sessions() as session:
                records = PatientRecords(session, SYSTEM)
                patient = records.create({
                    "mrn": f"LOAD-{number:06d}", "family_name": f"{rng.choice(FAMILY)}{rng.randrange(1000)}",
                    "given_name": rng.choice(GIVEN), "sex": rng.choice(["female", "male"]),
                    "birth_date": date(1935, 1, 1) + timedelta(days=rng.randrange(30000)),
                    "phone": None, "email": None, "address": None})
                clinical = ClinicalRecords(session, recorder)
                for weeks_ago in (8, 4, 0):
                    pain = rng.randrange(11)
                    clinical.create("outcome", patient.id, {
                        "instrument": "nrs", "score": None, "items": {"pain": pain},
                        "taken_at": now - timedelta(weeks=weeks_ago, hours=1), "body_site": None})
                session.commit()
            made += 1
        with sessions() as session:
            patient_ids = list(session.scalars(
                select(Patient.id).where(Patient.mrn.like("LOAD-%")).order_by(Patient.mrn)
                .limit(SLOTS[Role.PATIENT])))
            existing = set(session.scalars(select(User.username).where(User.username.like("load.%"))))
        pools: dict[str, list[str]] = {}
        for role, count in SLOTS.items():
            names = []
            for slot in range(count):
                name = f"load.{role.value.replace('_', '')}{slot + 1:03d}"
                patient_id = patient_ids[slot] if role is Role.PATIENT else None
                if role is Role.PATIENT and patient_id is None:
                    break
                if name not in existing:
                    with sessions() as session:
                        Accounts(session, SYSTEM).create_user(username=name, display_name=name, role=role,
                                                              password=PASSWORD, patient_id=patient_id)
                names.append(name)
            pools[role.value] = names
    finally:
        engine.dispose()
    accounts_file.write_text(json.dumps({"password": PASSWORD, **pools}))
    return {"patients_made": made, "seconds": time.perf_counter() - started}
