"""A demo clinic: staff accounts and patients with histories built from sample notes (fictional people)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.clinical_store import AssessmentEngine, ClinicalRecords
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.tables import User
from painpath.services.access import SYSTEM, Actor, Role

DEMO_PASSWORD = "painpath-demo-2026"
STAFF = [
    ("dr.osei", "Dr Ama Osei", Role.CLINICIAN),
    ("dr.lindqvist", "Dr Erik Lindqvist", Role.CLINICIAN),
    ("desk.martin", "Camille Martin", Role.FRONT_DESK),
    ("admin", "Clinic Administrator", Role.ADMIN),
]
NAMES = [
    ("Okafor", "Grace"),
    ("Brennan", "Liam"),
    ("Haddad", "Noor"),
    ("Kowalski", "Marta"),
    ("Tanaka", "Hiro"),
    ("Silva", "Ana"),
    ("Murphy", "Sean"),
    ("Adeyemi", "Tola"),
    ("Novak", "Petra"),
    ("Reyes", "Diego"),
    ("Fischer", "Lena"),
    ("Chen", "Wei"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str


def sample_notes(project_dir: Path, limit: int = 12) -> list[tuple[str, str]]:
    """Notes from ../shared/cases/samples.yaml beside the project if present, else the packaged demo notes."""
    shared = project_dir.parent / "shared" / "cases" / "samples.yaml"
    if shared.is_file():
        cases = yaml.safe_load(shared.read_text(encoding="utf-8")) or []
        notes = [(str(c["id"]), " ".join(str(c["text"]).split())) for c in cases if c.get("text")]
    else:
        data = yaml.safe_load((resources.files("painpath") / "demo_notes.yaml").read_text(encoding="utf-8"))
        notes = [(str(n["id"]), " ".join(str(n["text"]).split())) for n in data["notes"]]
    return notes[:limit]


def load_demo(
    sessions: sessionmaker[Session],
    engine: AssessmentEngine,
    notes: list[tuple[str, str]],
    *,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> list[DemoLogin]:
    """Create the staff and one patient per note (visit, assessment, scores, goal, appointment); idempotent."""
    with sessions() as session:
        if session.scalar(select(User.id).where(User.username == "admin")) is not None:
            return _logins(session)
    with sessions() as session:
        accounts = Accounts(session, SYSTEM)
        for username, display, role in STAFF:
            accounts.create_user(
                username=username, display_name=display, role=role, password=DEMO_PASSWORD, patient_id=None
            )
        clinician = session.scalar(select(User).where(User.username == "dr.osei"))
        assert clinician is not None
        actor = Actor(clinician.id, clinician.username, Role.CLINICIAN, ip="demo-loader")
    rng = random.Random(2026)
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    first_patient: int | None = None
    for index, (case_id, note) in enumerate(progress(notes)):
        family, given = NAMES[index % len(NAMES)]
        with sessions() as session:
            patients, clinical = PatientRecords(session, actor), ClinicalRecords(session, actor)
            patient = patients.create(
                {
                    "mrn": f"DEMO-{index + 1:04d}",
                    "family_name": family,
                    "given_name": given,
                    "birth_date": date(1950 + rng.randrange(50), rng.randrange(1, 13), rng.randrange(1, 28)),
                    "sex": None,
                    "phone": None,
                    "email": None,
                    "address": None,
                }
            )
            first_patient = first_patient or patient.id
            visit = clinical.create(
                "encounter",
                patient.id,
                {
                    "kind": "new",
                    "occurred_at": today - timedelta(days=90),
                    "reason": f"new referral ({case_id})",
                    "note": note,
                },
            )
            clinical.assess(engine, patient_id=patient.id, encounter_id=visit.id, text=note, intake=None)
            for weeks, score in (
                (12, 7 + rng.random() * 2),
                (6, 5 + rng.random() * 2),
                (0, 3 + rng.random() * 2),
            ):
                clinical.create(
                    "outcome",
                    patient.id,
                    {
                        "instrument": "nrs",
                        "score": None,
                        "items": {"pain": round(score)},
                        "taken_at": today - timedelta(weeks=weeks),
                        "body_site": None,
                    },
                )
            clinical.create(
                "goal",
                patient.id,
                {
                    "kind": "life" if index % 2 else "work",
                    "description": "return to the activity the pain stopped",
                    "baseline": "not possible",
                    "target": "3 times a week",
                    "due_on": (today + timedelta(days=90)).date(),
                    "status": "active",
                },
            )
            patients.book(
                patient.id,
                {
                    "starts_at": today + timedelta(days=7 + index),
                    "minutes": 30,
                    "kind": "follow_up",
                    "clinician_id": actor.user_id,
                    "note": "",
                    "status": "booked",
                },
            )
    _demo_clinic(sessions, actor, today)
    with sessions() as session:
        Accounts(session, SYSTEM).create_user(
            username="patient.okafor",
            display_name="Grace Okafor",
            role=Role.PATIENT,
            password=DEMO_PASSWORD,
            patient_id=first_patient,
        )
        return _logins(session)


# -- clinician workspace (/clinic) --------------------------------------------------------------------------
def _demo_clinic(sessions: sessionmaker[Session], actor: Actor, today: datetime) -> None:
    """Today's clinic list: the first three demo patients booked today, two with dr.osei, one with dr.lindqvist."""
    from painpath.adapters.db.tables import Patient

    with sessions() as session:
        patients = PatientRecords(session, actor)
        colleague = session.scalar(select(User.id).where(User.username == "dr.lindqvist"))
        first = session.scalars(select(Patient.id).order_by(Patient.id).limit(3)).all()
        for index, patient_id in enumerate(first):
            patients.book(
                patient_id,
                {
                    "starts_at": today + timedelta(minutes=45 * index),
                    "minutes": 30,
                    "kind": "follow_up" if index else "new",
                    "clinician_id": colleague if index == 2 else actor.user_id,
                    "note": "",
                    "status": "booked",
                },
            )


def _logins(session: Session) -> list[DemoLogin]:
    users = session.scalars(select(User).order_by(User.id)).all()
    return [DemoLogin(u.username, u.role, DEMO_PASSWORD) for u in users]
