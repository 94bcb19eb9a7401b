"""The front desk (/desk): the day's schedule, new referrals by urgency, registering and finding patients,
booking, moving and cancelling appointments. Nothing clinical: the desk sees a referral's triage level and
booking window, never the letter or the assessment."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from painpath.adapters.db.intake_store import IntakeRecords
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.schedule_repo import SqlAlchemySchedule
from painpath.adapters.db.tables import Patient, Referral
from painpath.adapters.scheduling_policy import Policy
from painpath.domain.scheduling import booking_window, free_slots, offer_slots
from painpath.services import assessing
from painpath.services.access import Perm
from painpath.services.assessing import TextLimit
from painpath.services.errors import Invalid, NotFound, StaleWrite, TooLarge
from painpath.services.scheduling import Booking, Scheduler
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import (
    FormState,
    PageUser,
    calendar_problem,
    form,
    form_int,
    form_values,
    page,
    redirect,
    render,
    validate,
)
from painpath.web.schemas import MAX_ID, Mrn, Name, Sex, Text40, Text200, Text400

router = APIRouter(include_in_schema=False)
KINDS = [("new", "New patient"), ("follow_up", "Follow-up"), ("procedure", "Procedure"), ("telehealth", "Telehealth")]
SEXES = [("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Not known")]
SOURCES = [("referral", "Referral letter"), ("self_booked", "Self-booked (the patient's own words)")]
LEVEL_WORDS = {"emergency": "Emergency", "urgent": "Urgent (same day)", "soon": "Soon (within a week)",
               "routine": "Routine"}


def stores(db: Db, user: PageUser, request: Request) -> tuple[IntakeRecords, PatientRecords]:
    audit_reads = request.app.state.settings.audit_reads
    return (IntakeRecords(db, user.actor, audit_reads=audit_reads),
            PatientRecords(db, user.actor, audit_reads=audit_reads))


def scheduler(db: Db, user: PageUser, request: Request) -> Scheduler:
    """The one scheduling use case, as the API uses it."""
    from painpath.adapters.db.waitlist_store import Waitlist

    audit_reads = request.app.state.settings.audit_reads
    waitlist = Waitlist(db, user.actor, audit_reads=audit_reads)
    return Scheduler(SqlAlchemySchedule(db, user.actor, audit_reads=audit_reads),
                     after_free=waitlist.sweep)


def field_of(err: Exception, default: str, known: tuple[str, ...]) -> tuple[str, str]:
    """A store message 'starts_at: ...' becomes a field error on that field."""
    text = str(err)
    name, sep, rest = text.partition(": ")
    if sep and name in known:
        return name, rest
    if text.startswith("record number"):
        return "mrn", text
    return default, text


def parse_day(value: str | None, fallback: date) -> date:
    if not value:
        return fallback
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"day: {value!r} is not a date; use YYYY-MM-DD, e.g. {fallback.isoformat()}") from None
    problem = calendar_problem(day)
    if problem:
        raise Invalid(f"day: {problem}")
    return day


# -- schedule -----------------------------------------------------------------------------------------------
@router.get("/desk")
def desk_home(user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]) -> Response:
    return redirect("/desk/schedule")


STATUS_WORDS = {"booked": "Booked", "arrived": "Arrived", "done": "Seen", "no_show": "Did not come",
                "cancelled": "Cancelled"}


def day_grid(slot_starts: list[datetime], slot_minutes: int, columns: list[tuple[int | None, str]],
             visits: list[dict[str, Any]], free: list[Any], busy: list[Any]) -> list[dict[str, Any]]:
    """The day as rows of time slots and a cell per clinician: a visit (spanning the slots it takes; a visit
    starting inside a taken slot joins that cell), a free slot (held for urgent or not), blocked time, or
    nothing bookable. Times are the clinic's wall clock (naive)."""
    step = timedelta(minutes=slot_minutes)
    index = {start: i for i, start in enumerate(slot_starts)}
    cells: dict[tuple[int | None, int], dict[str, Any]] = {}
    covered: dict[tuple[int | None, int], tuple[int | None, int]] = {}
    for visit in visits:
        column = visit["visit"].appointment.clinician_id if any(
            c == visit["visit"].appointment.clinician_id for c, _ in columns) else None
        at: datetime = visit["time"]
        slot = next((i for start, i in index.items() if start <= at < start + step), None)
        if slot is None:  # outside clinic hours: first or last row
            slot = 0 if not slot_starts or at < slot_starts[0] else len(slot_starts) - 1
        owner = covered.get((column, slot), (column, slot))
        if owner in cells:
            cells[owner]["visits"].append(visit)
            continue
        ends = at + timedelta(minutes=visit["visit"].appointment.minutes)
        span = 1
        while slot + span < len(slot_starts) and slot_starts[slot + span] < ends \
                and (column, slot + span) not in cells:
            covered[(column, slot + span)] = owner
            span += 1
        cells[owner] = {"kind": "visit", "visits": [visit], "rows": span}
    free_at = {(f.clinician_id, f.starts_at): f for f in free}
    rows = []
    for i, start in enumerate(slot_starts):
        row: list[dict[str, Any] | None] = []
        for column, _ in columns:
            if (column, i) in cells:
                row.append(cells[(column, i)])
            elif (column, i) in covered:
                row.append(None)  # under a visit's rowspan
            elif (column, start) in free_at:
                row.append({"kind": "free", "held": free_at[(column, start)].held})
            else:
                block = next((b for b in busy if b.status == "blocked" and b.clinician_id == column
                              and b.overlaps(start, slot_minutes)), None)
                row.append({"kind": "blocked", "label": block.label} if block is not None else {"kind": "closed"})
        rows.append({"time": start, "cells": row})
    return rows


@router.get("/desk/schedule")
def schedule(
    request: Request,
    db: Db,
    user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))],
    day: Annotated[str | None, Query(max_length=20)] = None,
    clinician: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """The day as a grid: a column per clinician (or the one chosen, for a phone), a row per slot, each visit
    with its status and a check-in button on the day itself."""
    store, _ = stores(db, user, request)
    policy = store.policy()
    now = policy.now()
    chosen = parse_day(day, now.date())
    visits = store.day_schedule(policy, chosen)
    clinicians = store.clinicians()
    names = {c.id: c.display_name for c in clinicians}
    busy = store.busy_on(policy, chosen)
    free = [] if chosen < now.date() else free_slots(
        chosen, policy.hours, busy, [c.id for c in clinicians], now=now if chosen == now.date() else None)
    blocked = [b for b in busy if b.status == "blocked"]  # leave and meetings (/desk/blocked-time)
    rows: list[dict[str, Any]] = [{"time": policy.local(v.appointment.starts_at), "visit": v} for v in visits]
    live = [r for r in rows if r["visit"].appointment.status != "cancelled"]
    columns: list[tuple[int | None, str]] = [(c.id, c.display_name) for c in clinicians
                                             if clinician is None or c.id == clinician]
    if clinician is None and any(r["visit"].appointment.clinician_id not in names for r in live):
        columns.append((None, "Any clinician"))
    shown = {c for c, _ in columns}
    grid = day_grid(policy.hours.slot_starts(chosen), policy.hours.slot_minutes, columns,
                    [r for r in live if r["visit"].appointment.clinician_id in shown
                     or (None in shown and r["visit"].appointment.clinician_id not in names)], free, busy)
    counts = {status: sum(r["visit"].appointment.status == status for r in rows) for status in STATUS_WORDS}
    return render(request, "desk/schedule.html", user, title=f"Schedule {chosen.isoformat()}", day=chosen,
                  rows=rows, grid=grid, columns=columns, clinicians=clinicians, chosen_clinician=clinician,
                  cancelled=[r for r in rows if r["visit"].appointment.status == "cancelled"], counts=counts,
                  statuses=STATUS_WORDS, names=names, is_today=chosen == now.date(),
                  prev=chosen - timedelta(days=1), next=chosen + timedelta(days=1), hours=policy.hours,
                  open=policy.hours.is_open(chosen), kinds=dict(KINDS), past=chosen < now.date(), blocked=blocked,
                  free_count=len(free))


class ArriveForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=0)
    day: date | None = None
    clinician: int | None = Field(default=None, ge=1, le=MAX_ID)


@router.post("/desk/appointments/{appointment_id}/arrive")
async def arrive(request: Request, appointment_id: PathId, db: Db,
                 user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]) -> Response:
    """Check a patient in (status booked -> arrived) from the day grid, through the scheduling service (audited,
    version-checked like any change of an appointment)."""
    values = await form_values(request)
    state = FormState(values)
    body = validate(ArriveForm, state)
    back = "/desk/schedule"
    if body is not None:
        query = "&".join(part for part in (f"day={body.day.isoformat()}" if body.day else "",
                                           f"clinician={body.clinician}" if body.clinician else "") if part)
        back += f"?{query}" if query else ""
    if body is None:
        raise Invalid("version: the check-in form is out of date; reload the schedule and press Check in again")
    store, _ = stores(db, user, request)
    row, patient, _ = store.appointment(appointment_id)
    if row.status != "booked":
        return redirect(back, notice=f"{patient.given_name} {patient.family_name} is already "
                                     f"{STATUS_WORDS.get(row.status, row.status).lower()}.")
    try:
        scheduler(db, user, request).move(appointment_id, version=body.version, fields={"status": "arrived"})
    except StaleWrite:
        return redirect(back, notice="That appointment changed meanwhile: check it and press Check in again.")
    return redirect(back, notice=f"{patient.given_name} {patient.family_name} has arrived "
                                 f"(checked in at {policy_clock(store)}).")


def policy_clock(store: Any) -> str:
    return str(store.policy().now().strftime("%H:%M"))


# -- referrals ----------------------------------------------------------------------------------------------
def window_of(policy: Policy, level: str) -> Any:
    return booking_window(level, policy.now().date(), policy.windows)


@router.get("/desk/referrals")
def referrals(
    request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]
) -> Response:
    store, _ = stores(db, user, request)
    policy = store.policy()
    items = [{"referral": r, "patient": p, "window": window_of(policy, r.triage_level)}
             for r, p in store.referrals(status="new")]
    return render(request, "desk/referrals.html", user, title="New referrals", items=items)


class NewPatientForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    mrn: Mrn
    family_name: Name
    given_name: Name
    birth_date: date
    sex: Sex | None = None
    phone: Text40 | None = None
    email: Annotated[str, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    address: Text400 | None = None

    @field_validator("birth_date")
    @classmethod
    def _past(cls, value: date) -> date:
        if value > datetime.now(UTC).date():
            raise ValueError("the date of birth cannot be in the future")
        if value < date(1900, 1, 1):
            raise ValueError("give a date of birth after 1900")
        return value


class ReferralForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    source: Annotated[str, Field(pattern=r"^(referral|self_booked)$")] = "referral"
    referrer: Text200 = ""
    received_on: date
    letter: Annotated[str, Field(min_length=1, max_length=50_000)]

    @field_validator("received_on")
    @classmethod
    def _received(cls, value: date) -> date:
        if value > datetime.now(UTC).date():
            raise ValueError("a referral cannot be received in the future")
        return value


def _referral_form(request: Request, user: PageUser, state: FormState, status: int = 200) -> Response:
    return render(request, "desk/referral_new.html", user, title="Register a referral", form=state,
                  sexes=SEXES, sources=SOURCES, status=status)


@router.get("/desk/referrals/new")
def referral_new(
    request: Request,
    user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))],
    patient: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    values = {"who": "existing" if patient else "new", "existing_mrn": patient or "",
              "received_on": datetime.now(UTC).date().isoformat(), "source": "referral"}
    return _referral_form(request, user, FormState(values))


@router.post("/desk/referrals/new")
async def referral_create(
    request: Request, db: Db, user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    store, patients = stores(db, user, request)
    details = validate(ReferralForm, state)
    patient_id: int | None = None
    new_patient: NewPatientForm | None = None
    if state.value("who") == "existing":
        mrn = state.value("existing_mrn")
        if not mrn:
            state.errors["existing_mrn"] = "enter the patient's record number (or choose 'new patient')"
        else:
            found, _, _ = patients.search(name=None, birth_date=None, mrn=mrn, sort="mrn", limit=1, offset=0)
            if not found:
                state.errors["existing_mrn"] = f"no patient has record number {mrn!r}: check it or register them"
            else:
                patient_id = found[0].id
    else:
        new_patient = validate(NewPatientForm, state)
    if not state.ok or details is None:
        return _referral_form(request, user, state, 422)
    if new_patient is not None:
        try:
            patient_id = patients.create(new_patient.model_dump()).id
        except Invalid as err:
            name, message = field_of(err, "mrn", ("mrn",))
            state.errors[name] = message
            return _referral_form(request, user, state, 422)
    assert patient_id is not None
    try:
        row = assessing.register_referral(
            store, request.app.state.assessment_engine(), TextLimit(request.app.state.settings.max_text_chars),
            patient_id, source=details.source, referrer=details.referrer, received_on=details.received_on,
            letter=details.letter)
    except (Invalid, TooLarge) as err:
        state.errors["letter"] = str(err).removeprefix("letter: ")
        return _referral_form(request, user, state, 422)
    return redirect(f"/desk/referrals/{row.id}", notice="Referral registered and triaged")


@router.get("/desk/referrals/{referral_id}")
def referral_page(
    request: Request, db: Db, referral_id: PathId, user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]
) -> Response:
    store, _ = stores(db, user, request)
    referral, patient = store.get_referral(referral_id)
    policy = store.policy()
    return render(request, "desk/referral.html", user, title="Referral", referral=referral, patient=patient,
                  window=window_of(policy, referral.triage_level))


@router.post("/desk/referrals/{referral_id}/close")
async def referral_close(
    request: Request, db: Db, referral_id: PathId, user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    store, _ = stores(db, user, request)
    try:
        store.update_referral(referral_id, version=_version(state), status="closed", appointment_id=None)
    except StaleWrite as err:
        referral, patient = store.get_referral(referral_id)
        return render(request, "desk/referral.html", user, title="Referral", referral=referral, patient=patient,
                      window=window_of(store.policy(), referral.triage_level), stale=err, status=409)
    return redirect("/desk/referrals", notice="Referral closed")


# -- patients -----------------------------------------------------------------------------------------------
@router.get("/desk/patients")
def patient_search(
    request: Request,
    db: Db,
    user: Annotated[PageUser, Depends(page(Perm.PATIENT_SEARCH))],
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    _, patients = stores(db, user, request)
    q = q.strip().replace("\x00", "")
    rows: list[Patient] = []
    total = 0
    more = False
    error = ""
    similar = False
    if q:
        birth: date | None = None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", q):
            try:
                birth = date.fromisoformat(q)
            except ValueError:
                error = f"{q!r} is not a real date: use YYYY-MM-DD"
        if not error:
            if birth is not None:
                rows, total, more = patients.search(name=None, birth_date=birth, mrn=None, sort="family_name",
                                              limit=50, offset=0)
            else:
                rows, total, more = patients.search(name=None, birth_date=None, mrn=q, sort="mrn", limit=1, offset=0)
                if not rows:
                    rows, total, more = patients.search(name=q, birth_date=None, mrn=None, sort="family_name",
                                                  limit=50, offset=0)
                if not rows:  # nothing starts with it: names that look like it (a misspelling)
                    rows = patients.similar(q, limit=10)
                    similar, total = bool(rows), len(rows)
    return render(request, "desk/patients.html", user, title="Find a patient", q=q, rows=rows, total=total,
                  more=more, error=error, similar=similar)


def _patient_form(request: Request, user: PageUser, state: FormState, status: int = 200) -> Response:
    return render(request, "desk/patient_new.html", user, title="Register a patient", form=state, sexes=SEXES,
                  status=status)


@router.get("/desk/patients/new")
def patient_new(request: Request, user: Annotated[PageUser, Depends(page(Perm.DEMOGRAPHICS_WRITE))]) -> Response:
    return _patient_form(request, user, FormState())


@router.post("/desk/patients/new")
async def patient_create(
    request: Request, db: Db, user: Annotated[PageUser, Depends(form(Perm.DEMOGRAPHICS_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    model = validate(NewPatientForm, state)
    if model is None:
        return _patient_form(request, user, state, 422)
    _, patients = stores(db, user, request)
    try:
        row = patients.create(model.model_dump())
    except Invalid as err:
        name, message = field_of(err, "mrn", ("mrn",))
        state.errors[name] = message
        return _patient_form(request, user, state, 422)
    return redirect(f"/desk/patients/{row.id}", notice=f"{row.given_name} {row.family_name} registered")


def _patient_values(p: Patient) -> dict[str, Any]:
    return {"mrn": p.mrn, "family_name": p.family_name, "given_name": p.given_name,
            "birth_date": p.birth_date.isoformat(), "sex": p.sex or "", "phone": p.phone or "",
            "email": p.email or "", "address": p.address or "", "version": str(p.version)}


def _patient_page(request: Request, db: Db, user: PageUser, patient_id: int, state: FormState | None,
                  *, status: int = 200, stale: StaleWrite | None = None) -> Response:
    store, patients = stores(db, user, request)
    patient = patients.get(patient_id)
    policy = store.policy()
    appointments: list[dict[str, Any]] = [{"a": a, "clinician": c, "time": policy.local(a.starts_at)}
                    for a, c in store.patient_appointments(patient_id)]
    now = policy.now()
    referral = store.open_referral(patient_id)
    return render(request, "desk/patient.html", user, title=f"{patient.given_name} {patient.family_name}",
                  patient=patient, form=state or FormState(_patient_values(patient)), sexes=SEXES,
                  upcoming=[x for x in appointments if x["time"] >= now and x["a"].status != "cancelled"],
                  past=[x for x in appointments if x["time"] < now or x["a"].status == "cancelled"],
                  referral=referral, window=window_of(policy, referral.triage_level) if referral else None,
                  stale=stale, kinds=dict(KINDS), status=status)


@router.get("/desk/patients/{patient_id}")
def patient_page(
    request: Request, db: Db, patient_id: PathId, user: Annotated[PageUser, Depends(page(Perm.DEMOGRAPHICS_WRITE))]
) -> Response:
    return _patient_page(request, db, user, patient_id, None)


@router.post("/desk/patients/{patient_id}")
async def patient_update(
    request: Request, db: Db, patient_id: PathId, user: Annotated[PageUser, Depends(form(Perm.DEMOGRAPHICS_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    model = validate(NewPatientForm, state)
    version = form_int(state.value("version"), default=0) or 0
    if model is None:
        return _patient_page(request, db, user, patient_id, state, status=422)
    _, patients = stores(db, user, request)
    fields = model.model_dump()
    try:
        patients.update(patient_id, version=version, fields=fields)
    except StaleWrite as err:
        state.values["version"] = str(err.version)
        return _patient_page(request, db, user, patient_id, state, status=409, stale=err)
    except Invalid as err:
        name, message = field_of(err, "mrn", ("mrn",))
        state.errors[name] = message
        return _patient_page(request, db, user, patient_id, state, status=422)
    return redirect(f"/desk/patients/{patient_id}", notice="Details saved")


# -- booking ------------------------------------------------------------------------------------------------
class TimeForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    day: date
    at: time
    clinician_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @field_validator("day")
    @classmethod
    def _bookable_day(cls, value: date) -> date:
        problem = calendar_problem(value)
        if problem:
            raise ValueError(problem)
        return value


def _book_page(request: Request, db: Db, user: PageUser, patient_id: int, referral_id: int | None,
               state: FormState, status: int = 200) -> Response:
    store, patients = stores(db, user, request)
    patient = patients.get(patient_id)
    policy = store.policy()
    referral: Referral | None = None
    if referral_id is not None:
        referral, owner = store.get_referral(referral_id)
        if owner.id != patient_id:
            raise NotFound(f"no referral {referral_id} for this patient")
    else:  # a referral waiting to be booked is what this booking is for (the service links it the same way)
        waiting = store.open_referral(patient_id)
        referral = waiting if waiting is not None and waiting.status == "new" else None
    level = referral.triage_level if referral else "routine"
    clinicians = store.clinicians()
    state.values.setdefault("kind", "new" if referral else "follow_up")
    # the slots offered fit the whole visit of the chosen kind (a new patient's hour, a 20-minute follow-up)
    minutes = policy.visit_minutes.get(state.values["kind"], policy.hours.slot_minutes)
    kind = state.values["kind"]
    offer = offer_slots(level, policy.now(), policy.hours, lambda d: store.busy_on(policy, d, kind=kind),
                        [c.id for c in clinicians], rules=policy.windows, minutes=minutes)
    if "slot" not in state.values and offer.slots:
        state.values["slot"] = offer.slots[0].key
    where = store.working_sites({s.starts_at.date() for s in offer.slots})
    sites = store.sites()
    return render(request, "desk/book.html", user, title=f"Book: {patient.given_name} {patient.family_name}",
                  patient=patient, referral=referral, offer=offer, level=level, form=state, kinds=KINDS,
                  site_of=lambda s: where.get((s.clinician_id, s.starts_at.date())),
                  sites=[(str(x.id), f"{x.name}, {x.address}" if x.address else x.name) for x in sites.values()],
                  minutes=minutes, kind_name=dict(KINDS).get(state.values["kind"], "visit"),
                  names={c.id: c.display_name for c in clinicians},
                  clinicians=[(str(c.id), c.display_name) for c in clinicians], hours=policy.hours, status=status)


@router.get("/desk/patients/{patient_id}/book")
def book_page(
    request: Request,
    db: Db,
    patient_id: PathId,
    user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))],
    referral: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    return _book_page(request, db, user, patient_id, referral, FormState())


def parse_slot(key: str) -> tuple[datetime, int | None]:
    when, _, clinician = key.partition("|")
    try:
        start = datetime.strptime(when, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise Invalid("slot: choose one of the free slots listed") from None
    clinician_id = form_int(clinician)
    if calendar_problem(start.date()) or (clinician and clinician_id is None):
        raise Invalid("slot: choose one of the free slots listed")
    return start, clinician_id


@router.post("/desk/patients/{patient_id}/book")
async def book_submit(
    request: Request, db: Db, patient_id: PathId, user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    referral_id = form_int(state.value("referral_id"))
    if state.value("referral_id") and referral_id is None:
        state.errors["slot"] = "the referral of this booking is not valid: open the booking from the referral again"
    store, _ = stores(db, user, request)
    policy = store.policy()
    kind = state.value("kind") or "follow_up"
    if kind not in dict(KINDS):
        state.errors["kind"] = "choose the kind of visit"
    start: datetime | None = None
    clinician: int | None = None
    target = "slot"
    if state.value("slot") and state.value("slot") != "other":
        try:
            start, clinician = parse_slot(state.value("slot"))
        except Invalid as err:
            state.errors["slot"] = str(err).removeprefix("slot: ")
    else:
        target = "at"
        chosen = validate(TimeForm, state)
        if chosen is not None:
            start, clinician = datetime.combine(chosen.day, chosen.at), chosen.clinician_id
            if start < policy.now():
                state.errors["at"] = "this time has passed: choose a later time"
    site_id = form_int(state.value("site_id"))
    if state.value("site_id") and site_id is None:
        state.errors["site_id"] = "choose one of the sites listed"
    if state.ok and start is not None:
        try:
            row = scheduler(db, user, request).book(patient_id, Booking(
                starts_at=start, minutes=None, kind=kind, clinician_id=clinician,
                note=state.value("note")[:400], referral_id=referral_id,
                window_reason=state.value("window_reason")[:400], site_id=site_id))
        except Invalid as err:
            name, message = field_of(err, target, ("starts_at", "clinician_id", "window_reason", "referral_id",
                                                   "site_id"))
            state.errors[target if name in ("starts_at", "referral_id") else name] = message
        else:
            return redirect(f"/desk/appointments/{row.id}",
                            notice=f"Booked {start:%a %Y-%m-%d at %H:%M}")
    return _book_page(request, db, user, patient_id, referral_id, state, 422)


# -- one appointment: move or cancel ------------------------------------------------------------------------
def _appointment_page(request: Request, db: Db, user: PageUser, appointment_id: int, state: FormState | None,
                      *, status: int = 200, stale: StaleWrite | None = None) -> Response:
    store, _ = stores(db, user, request)
    policy = store.policy()
    appointment, patient, clinician = store.appointment(appointment_id)
    local = policy.local(appointment.starts_at)
    clinicians = store.clinicians()
    values = {"day": local.date().isoformat(), "at": f"{local:%H:%M}", "version": str(appointment.version),
              "clinician_id": str(appointment.clinician_id or "")}
    form_state = FormState({**values, "slot": "other", **(state.values if state else {})},
                           state.errors if state else {})
    level = store.appointment_level(appointment_id) or "routine"
    offer = offer_slots(level, policy.now(), policy.hours,
                        lambda d: store.busy_on(policy, d, exclude=appointment.id,  # moving: its own time is free
                                                kind=appointment.kind),
                        [c.id for c in clinicians], rules=policy.windows, limit=6, minutes=appointment.minutes)
    site = store.sites().get(appointment.site_id) if appointment.site_id is not None else None
    return render(request, "desk/appointment.html", user, title="Appointment", a=appointment, patient=patient,
                  clinician=clinician, local=local, site=site, form=form_state, stale=stale, kinds=dict(KINDS),
                  clinicians=[(str(c.id), c.display_name) for c in clinicians], status=status, offer=offer,
                  names={c.id: c.display_name for c in clinicians})


@router.get("/desk/appointments/{appointment_id}")
def appointment_page(
    request: Request, db: Db, appointment_id: PathId, user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_WRITE))]
) -> Response:
    return _appointment_page(request, db, user, appointment_id, None)


def _version(state: FormState) -> int:
    value = str(state.value("version"))
    return form_int(value, default=0) or 0


@router.post("/desk/appointments/{appointment_id}/move")
async def appointment_move(
    request: Request, db: Db, appointment_id: PathId, user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    store, _ = stores(db, user, request)
    policy = store.policy()
    start: datetime | None = None
    clinician: int | None = None
    target = "at"
    if state.value("slot") and state.value("slot") != "other":
        target = "slot"
        try:
            start, clinician = parse_slot(state.value("slot"))
        except Invalid as err:
            state.errors["slot"] = str(err).removeprefix("slot: ")
    else:
        chosen = validate(TimeForm, state)
        if chosen is not None:
            start, clinician = datetime.combine(chosen.day, chosen.at), chosen.clinician_id
    if start is not None and start < policy.now():
        state.errors[target] = "this time has passed: choose a later time"
    elif start is not None:
        try:
            scheduler(db, user, request).move(appointment_id, version=_version(state), starts_at=start,
                                              clinician_id=clinician, window_reason=state.value("window_reason")[:400])
        except StaleWrite as err:
            state.values["version"] = str(err.version)
            return _appointment_page(request, db, user, appointment_id, state, status=409, stale=err)
        except Invalid as err:
            name, message = field_of(err, target, ("starts_at", "clinician_id", "status", "window_reason",
                                                   "referral_id"))
            state.errors[target if name in ("starts_at", "status", "referral_id") else name] = message
        else:
            return redirect(f"/desk/appointments/{appointment_id}", notice=f"Moved to {start:%a %Y-%m-%d at %H:%M}")
    return _appointment_page(request, db, user, appointment_id, state, status=422)


@router.post("/desk/appointments/{appointment_id}/cancel")
async def appointment_cancel(
    request: Request, db: Db, appointment_id: PathId, user: Annotated[PageUser, Depends(form(Perm.SCHEDULE_WRITE))]
) -> Response:
    state = FormState(await form_values(request))
    try:
        scheduler(db, user, request).cancel(appointment_id, version=_version(state), reason=state.value("reason"))
    except StaleWrite as err:
        state.values["version"] = str(err.version)
        return _appointment_page(request, db, user, appointment_id, state, status=409, stale=err)
    except Invalid as err:
        state.errors["reason"] = str(err).removeprefix("reason: ")
        return _appointment_page(request, db, user, appointment_id, state, status=422)
    return redirect(f"/desk/appointments/{appointment_id}", notice="Appointment cancelled")
