"""A demo clinic: staff accounts and patients with histories built from sample notes (fictional people)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.clinical_store import AssessmentEngine, ClinicalRecords
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.schedule_repo import SqlAlchemySchedule
from painpath.adapters.db.tables import User
from painpath.config import DEFAULT_MAX_TEXT_CHARS
from painpath.services import assessing
from painpath.services.access import SYSTEM, Actor, Role
from painpath.services.assessing import TextLimit
from painpath.services.errors import Invalid
from painpath.services.scheduling import Booking, Scheduler

DEMO_PASSWORD = "painpath-demo-2026"
STAFF = [
    ("dr.osei", "Dr Ama Osei", Role.CLINICIAN),
    ("dr.lindqvist", "Dr Erik Lindqvist", Role.CLINICIAN),
    ("dr.nakamura", "Dr Keiko Nakamura", Role.CLINICIAN),
    ("desk.martin", "Camille Martin", Role.FRONT_DESK),
    ("pt.reyes", "Sam Reyes, physical therapist", Role.THERAPIST),
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

DEMO_TEXT_LIMIT = TextLimit(DEFAULT_MAX_TEXT_CHARS)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str


@dataclass(frozen=True)
class DemoNote:
    """One demo patient's referral note, with the age and sex the note gives."""

    id: str
    text: str
    age: int
    sex: str


DEMO_CLINIC_PHONE = "+1 555 010 0199"


def demo_notes(limit: int = 12) -> list[DemoNote]:
    """The packaged demo notes (demo_notes.yaml): the demo clinic is the same on every machine."""
    data = yaml.safe_load((resources.files("painpath") / "demo_notes.yaml").read_text(encoding="utf-8"))
    notes = [
        DemoNote(str(n["id"]), " ".join(str(n["text"]).split()), int(n["age"]), str(n["sex"]))
        for n in data["notes"]
    ]
    return notes[:limit]


def birth_date_for(age: int, today: date, rng: random.Random) -> date:
    """A birth date that makes the patient exactly ``age`` years old today."""
    anniversary = today.replace(year=today.year - age, day=28) if (today.month, today.day) == (2, 29) else (
        today.replace(year=today.year - age)
    )
    return anniversary - timedelta(days=rng.randrange(1, 300))  # the last birthday fell 1 to 299 days ago


def load_demo(
    sessions: sessionmaker[Session],
    engine: AssessmentEngine,
    notes: list[DemoNote],
    *,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> list[DemoLogin]:
    """Create the staff and one patient per note (visit, assessment, appointment) and their outcomes; idempotent."""
    with sessions() as session:
        if session.scalar(select(User.id).where(User.username == "admin")) is not None:
            return _logins(session)
    with sessions() as session:
        accounts = Accounts(session, SYSTEM)
        for username, display, role in STAFF:
            accounts.create_user(
                username=username, display_name=display, role=role, password=DEMO_PASSWORD, patient_id=None
            )
        # the number the portal shows patients on every page (555-01xx: reserved for fiction in North America)
        accounts.put_setting("clinic_phone", value=DEMO_CLINIC_PHONE, version=None)
        clinician = session.scalar(select(User).where(User.username == "dr.osei"))
        assert clinician is not None
        actor = Actor(clinician.id, clinician.username, Role.CLINICIAN, ip="demo-loader")
    from painpath.demo_providers import load_demo_providers, load_demo_sites

    load_demo_sites(sessions)  # sites, plans, clinician profiles (issue 15): appointments record their site
    rng = random.Random(2026)
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    first_patient: int | None = None
    for index, demo in enumerate(progress(notes)):
        case_id, note = demo.id, demo.text
        family, given = NAMES[index % len(NAMES)]
        with sessions() as session:
            patients, clinical = PatientRecords(session, actor), ClinicalRecords(session, actor)
            patient = patients.create(
                {
                    "mrn": f"DEMO-{index + 1:04d}",
                    "family_name": family,
                    "given_name": given,
                    "birth_date": birth_date_for(demo.age, today.date(), rng),
                    "sex": demo.sex,
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
            assessing.assess(clinical, engine, DEMO_TEXT_LIMIT, patient_id=patient.id, encounter_id=visit.id,
                             text=note, intake=None)
            demo_scheduler(session, actor, today).book(patient.id, Booking(
                starts_at=today + timedelta(days=7 + index), minutes=30, kind="follow_up",
                clinician_id=actor.user_id))
    _demo_outcomes(sessions, actor, today, rng)
    _demo_clinic(sessions, actor, today)
    with sessions() as session:
        Accounts(session, SYSTEM).create_user(
            username="patient.okafor",
            display_name="Grace Okafor",
            role=Role.PATIENT,
            password=DEMO_PASSWORD,
            patient_id=first_patient,
        )
        _demo_desk(sessions, engine, first_patient)
        load_demo_providers(sessions, today.date())  # the referral patients' coverage and preferences
        return _logins(session)


# -- the front desk's day and the patient portal -------------------------------------------------------------
DEMO_REFERRALS = [
    ("REF-0101", "Quinn", "Harper", date(1968, 3, 14), "Dr Patel, Riverside Family Practice",
     "Thank you for seeing this 58-year-old man with sciatica for 3 weeks. Over the last two days his right foot "
     "has started to drag and he trips on the stairs."),
    ("REF-0102", "Moreau", "Julie", date(1985, 7, 2), "Dr Okoye, Northgate Health Centre",
     "Please see this 41-year-old teacher with new pain radiating down the left leg below the knee for 3 weeks, "
     "worse with sitting and coughing. No weakness, no bladder change."),
    ("REF-0103", "Lindgren", "Oskar", date(1957, 11, 23), "Dr Shah, Elm Street Surgery",
     "69-year-old retired carpenter with knee pain for years, worse on stairs and after walking, morning "
     "stiffness under 30 minutes. Would value your advice on injections."),
]
DEMO_SCHEDULE = [  # (hour, minute, clinician, kind) today, within clinic hours and not the held slots: one a patient
    (8, 30, "dr.osei", "follow_up"), (9, 0, "dr.lindqvist", "follow_up"), (11, 0, "dr.osei", "procedure"),
    (11, 30, "dr.lindqvist", "new"), (13, 30, "dr.osei", "follow_up"), (14, 0, "dr.lindqvist", "telehealth"),
    (15, 0, "dr.osei", "follow_up"), (15, 30, "dr.lindqvist", "procedure"),
]


def _demo_desk(sessions: sessionmaker[Session], engine: AssessmentEngine, okafor: int | None) -> None:
    """Today's schedule for both clinicians, three new referrals triaged from their letters (one urgent), and
    Grace Okafor's draft history packet. (No plan decision is recorded here: the clinic outcome report counts
    accepted options as treatments, and the demo report's numbers are pinned by tests/integration.)"""
    from painpath.adapters.db.intake_store import IntakeRecords
    from painpath.adapters.db.tables import Patient

    with sessions() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        patients = list(session.scalars(select(Patient.id).order_by(Patient.id)))
    desk = users["desk.martin"]
    desk_actor = Actor(desk.id, desk.username, Role.FRONT_DESK, ip="demo-loader")
    with sessions() as session:
        store = IntakeRecords(session, desk_actor)
        policy = store.policy()
        today = policy.now().date()
        scheduler = demo_scheduler(session, desk_actor, policy.utc(datetime.combine(today, time(0, 0))))
        for patient_id, (hour, minute, username, kind) in zip(reversed(patients), DEMO_SCHEDULE, strict=False):
            try:  # the clinic's own demo section books some of today's times first: those are skipped
                scheduler.book(patient_id, Booking(starts_at=datetime.combine(today, time(hour, minute)),
                                                   minutes=policy.hours.slot_minutes, kind=kind,
                                                   clinician_id=users[username].id))
            except Invalid:
                continue
        for days_ago, (mrn, family, given, born, referrer, letter) in enumerate(DEMO_REFERRALS):
            patient = PatientRecords(session, desk_actor).create({
                "mrn": mrn, "family_name": family, "given_name": given, "birth_date": born, "sex": None,
                "phone": None, "email": None, "address": None})
            assessing.register_referral(store, engine, DEMO_TEXT_LIMIT, patient.id, source="referral",
                                        referrer=referrer, received_on=today - timedelta(days=days_ago),
                                        letter=letter)
    if okafor is None:
        return
    with sessions() as session:
        account = session.scalar(select(User).where(User.username == "patient.okafor"))
        assert account is not None
        IntakeRecords(session, Actor(account.id, account.username, Role.PATIENT, patient_id=okafor)).save_packet(
            okafor, version=0, content={
                "onset_date": (today - timedelta(days=120)).isoformat(), "onset_how": "lifting boxes at work",
                "story": "My lower back aches after 10 minutes standing and it is worst in the morning",
                "imaging": [{"what": "X-ray lower back", "when": "last summer", "where": "City Hospital"}],
                "medications": [{"name": "ibuprofen", "dose": "400 mg three times a day",
                                 "side_effects": "heartburn", "helped": "a little"}],
                "helps": "sitting and heat", "worsens": "standing and bending", "body_map": ["low_back"],
                "warning_signs": [], "sleep": "", "mood": "", "work": "", "goal_work": "", "goal_life": "",
            })


# -- clinician workspace (/clinic) --------------------------------------------------------------------------
def _demo_clinic(sessions: sessionmaker[Session], actor: Actor, today: datetime) -> None:
    """Today's clinic list: the first three demo patients booked today, two with dr.osei, one with dr.lindqvist."""
    from painpath.adapters.db.tables import Patient

    with sessions() as session:
        scheduler = demo_scheduler(session, actor, today)
        colleague = session.scalar(select(User.id).where(User.username == "dr.lindqvist"))
        first = session.scalars(select(Patient.id).order_by(Patient.id).limit(3)).all()
        for index, patient_id in enumerate(first):
            scheduler.book(patient_id, Booking(
                starts_at=today + timedelta(minutes=45 * index), minutes=30, kind="follow_up" if index else "new",
                clinician_id=colleague if index == 2 else actor.user_id))


def demo_scheduler(session: Session, actor: Actor, day_starts: datetime) -> Scheduler:
    """The clinic's scheduling service on a clock set to ``day_starts``: the demo lays out today's clinic as
    seen from the start of the day, so loading it in the afternoon still books the morning's visits."""
    return Scheduler(SqlAlchemySchedule(session, actor), clock=lambda: day_starts.replace(hour=0, minute=0))


def _logins(session: Session) -> list[DemoLogin]:
    users = session.scalars(select(User).order_by(User.id)).all()
    return [DemoLogin(u.username, u.role, DEMO_PASSWORD) for u in users]


# -- outcomes (issue 6): scores, procedures, measurable goals with check-ins -----------------------------------
# (patient index, instrument, days ago, score); a patient missing here gets an improving rating series.
_DEMO_SCORES: dict[int, list[tuple[str, int, float]]] = {
    # the nurse: 8 -> 3 after the epidural, function (PEG) improving with it
    0: [("nrs", 84, 8), ("peg", 84, 8), ("nrs", 42, 5), ("peg", 42, 6), ("nrs", 7, 3), ("peg", 7, 3)],
    # the retiree: knee pain 7 -> 4 after a genicular nerve block
    1: [("nrs", 84, 7), ("nrs", 42, 6), ("nrs", 7, 4)],
    # improves once, then stalls for two months: a plan-review alert (plateau) on the worklist
    2: [("nrs", 120, 8), ("nrs", 90, 5), ("nrs", 60, 5), ("nrs", 30, 5), ("nrs", 3, 5)],
    # an epidural 24 days ago and no questionnaire since: its 2-week check-in is overdue
    3: [("nrs", 60, 8), ("nrs", 30, 7)],
}
# (patient index, procedure, days ago, relief percent)
_DEMO_PROCEDURES = [(0, "epidural_steroid_injection", 60, 70), (1, "genicular_nerve_block", 50, 60),
                    (3, "epidural_steroid_injection", 24, None), (4, "epidural_steroid_injection", 70, 40),
                    (5, "medial_branch_block", 80, 85), (6, "medial_branch_block", 75, 60)]
# (patient index, kind, statement, measure, baseline, target, set days ago, due in days, [(days ago, value)])
_DEMO_GOALS: list[tuple[int, str, str, str, float, float, int, int, list[tuple[int, float]]]] = [
    (0, "work", "work a full 12-hour shift on the ward", "hours worked per shift", 4, 12, 80, 30,
     [(60, 6), (30, 9), (10, 12)]),
    (0, "life", "sleep six hours without waking from leg pain", "hours slept", 3, 6, 80, 40, [(50, 4), (20, 5)]),
    (1, "life", "walk nine holes without a cart", "holes walked", 0, 9, 85, 20, [(60, 3), (30, 6), (5, 9)]),
    (1, "work", "volunteer at the library two mornings a week", "mornings a week", 0, 2, 85, 20, [(40, 1)]),
    (2, "life", "walk to the shops and back", "minutes walking", 5, 30, 100, 30, [(70, 12), (40, 12), (10, 12)]),
    (2, "work", "return to desk work four hours a day", "hours at the desk", 0, 4, 100, 30, [(60, 2), (20, 2)]),
    (3, "work", "lift patients with a hoist for a full shift", "shifts a week", 0, 3, 40, 60, [(30, 1)]),
    (4, "life", "hold my grandchild for ten minutes", "minutes holding", 1, 10, 90, 30, [(60, 4), (15, 10)]),
    (4, "work", "type for an hour without arm pain", "minutes typing", 15, 60, 90, 30, [(45, 30)]),
    (5, "life", "garden for an hour", "minutes gardening", 10, 60, 70, 30, [(35, 60)]),
]


def _demo_outcomes(
    sessions: sessionmaker[Session], actor: Actor, today: datetime, rng: random.Random
) -> None:
    """Scores, procedures and measurable work and life goals with check-ins for the demo patients: improving
    patients, one whose scores plateau (a plan-review alert), one with an overdue post-procedure check-in,
    one plan without a life goal (the missing-goal warning). Goes through the stores, so alerts are raised as
    in the clinic."""
    from painpath.adapters.db.outcomes_store import OutcomeCare
    from painpath.adapters.db.tables import Patient

    with sessions() as session:
        patients = list(session.scalars(
            select(Patient.id).where(Patient.mrn.like("DEMO-%")).order_by(Patient.mrn)))
    for index, patient_id in enumerate(patients):
        scores = _DEMO_SCORES.get(index) or [
            ("nrs", 84, round(7 + rng.random() * 2)), ("nrs", 42, round(5 + rng.random() * 2)),
            ("nrs", 0, round(3 + rng.random() * 2)),
        ]
        with sessions() as session:
            clinical = ClinicalRecords(session, actor)
            for option_id, performed, relief in [(o, d, r) for i, o, d, r in _DEMO_PROCEDURES if i == index]:
                clinical.create("procedure", patient_id, {
                    "option_id": option_id, "performed_on": (today - timedelta(days=performed)).date(),
                    "relief_percent": relief, "duration_hours": None, "functional_gain": "", "sequence": None})
            for instrument, days_ago, score in scores:
                items = ({"pain": score} if instrument == "nrs" else
                         {"pain_average": round(score), "enjoyment": round(score), "activity": round(score)})
                clinical.create("outcome", patient_id, {
                    "instrument": instrument, "score": None, "items": items,
                    "taken_at": today - timedelta(days=days_ago), "body_site": None})
            care = OutcomeCare(session, actor)
            for _, kind, statement, measure, baseline, target, set_ago, due_in, check_ins in [
                g for g in _DEMO_GOALS if g[0] == index
            ]:
                goal = care.create_goal(patient_id, {
                    "kind": kind, "description": statement, "measure": measure, "baseline_value": baseline,
                    "target_value": target, "set_on": (today - timedelta(days=set_ago)).date(),
                    "due_on": (today + timedelta(days=due_in)).date(), "status": "active"}, today=today.date())
                for days_ago, value in check_ins:
                    care.add_check_in(goal.id, checked_on=(today - timedelta(days=days_ago)).date(), value=value,
                                      note="", today=today.date())
