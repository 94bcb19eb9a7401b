"""Patients, the chart and appointments."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from painpath.services.access import Actor, Perm
from painpath.services.scheduling import Booking
from painpath.web.chart_route import chart_answer
from painpath.web.deps import Ctx, Limit, Offset, PathId, SignIn, require, require_in_route
from painpath.web.errors import stale_view
from painpath.web.schemas import (
    BirthDate,
    PatientCreate,
    PatientPage,
    PatientRead,
    PatientUpdate,
)
from painpath.web.schemas_more import (
    AppointmentCreate,
    AppointmentPage,
    AppointmentRead,
    AppointmentUpdate,
    Chart,
)

router = APIRouter(prefix="/api", tags=["patients"])
PatientSort = Literal[
    "family_name",
    "-family_name",
    "given_name",
    "-given_name",
    "birth_date",
    "-birth_date",
    "mrn",
    "-mrn",
    "created_at",
    "-created_at",
]
AppointmentSort = Literal["starts_at", "-starts_at", "status", "-status"]


@router.get("/patients")
def search_patients(
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.PATIENT_SEARCH))],
    name: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=r"^[^\x00]*$",
            description="prefix of family or given name; 'family given' narrows",
        ),
    ] = None,
    birth_date: Annotated[BirthDate | None, Query(description="exact date of birth, YYYY-MM-DD")] = None,
    mrn: Annotated[
        str | None, Query(max_length=40, pattern=r"^[^\x00]*$", description="record number")
    ] = None,
    sort: PatientSort = "family_name",
    limit: Limit = 50,
    offset: Offset = 0,
    similar: Annotated[bool, Query(
        description="when no name starts with `name`, list names that look like it (a misspelling), closest "
                    "first; `match` in the answer says which kind of match was listed")] = False,
) -> PatientPage:
    """Search patients by name, date of birth or record number."""
    records = ctx.patients(actor)
    rows, total, more = records.search(name=name, birth_date=birth_date, mrn=mrn, sort=sort, limit=limit,
                                       offset=offset)
    if similar and total == 0 and name and not mrn and not birth_date and offset == 0:
        close = records.similar(name, limit=limit)
        return PatientPage(items=[PatientRead.model_validate(r) for r in close], total=len(close), limit=limit,
                           offset=0, match="similar")
    return PatientPage(
        items=[PatientRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset, more=more
    )


@router.post("/patients", status_code=201)
def create_patient(
    body: PatientCreate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_WRITE))],
) -> PatientRead:
    """Register a patient (record number must be unique)."""
    return PatientRead.model_validate(ctx.patients(actor).create(body.model_dump()))


@router.get("/patients/{patient_id}")
def read_patient(
    patient_id: PathId,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_READ))],
) -> PatientRead:
    """One patient's demographics."""
    return PatientRead.model_validate(ctx.patients(actor).get(patient_id))


@router.patch("/patients/{patient_id}")
def update_patient(
    patient_id: PathId,
    body: PatientUpdate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_WRITE))],
) -> PatientRead:
    """Change demographics; send the version you read (a stale version gets 409 with what changed)."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    store = ctx.patients(actor)
    with stale_view(lambda: PatientRead.model_validate(store.get(patient_id))):
        row = store.update(patient_id, version=body.version, fields=fields)
    return PatientRead.model_validate(row)


@router.get("/patients/{patient_id}/chart", tags=["clinical"], response_model=Chart)
def read_chart(
    patient_id: PathId,
    ctx: Ctx,
    sign_in: Annotated[SignIn, Depends(require_in_route(Perm.CLINICAL_READ))],
) -> Response:
    """The whole chart at a glance: demographics, recent visits, assessments, medications, procedures, scores."""
    # Served by `chart_route.ChartRoute` ahead of this route (issue 13, the seventh round: no FastAPI routing or
    # dependency solving); this route documents it and answers what that one leaves to FastAPI (e.g. an id FastAPI
    # refuses with 422). Both run `chart_answer`: the token check first in the read's transaction, the access
    # check, one statement for the whole chart (issue 13, the sixth round) and its audit entry.
    return Response(chart_answer(ctx.request, ctx.db, sign_in, patient_id), media_type="application/json")


@router.get("/patients/{patient_id}/appointments", tags=["scheduling"])
def list_appointments(
    patient_id: PathId,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))],
    sort: AppointmentSort = "starts_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> AppointmentPage:
    """A patient's appointments."""
    rows, total = ctx.patients(actor).appointments(patient_id, sort=sort, limit=limit, offset=offset)
    return AppointmentPage(
        items=[AppointmentRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/patients/{patient_id}/appointments", status_code=201, tags=["scheduling"])
def book_appointment(
    patient_id: PathId,
    body: AppointmentCreate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))],
) -> AppointmentRead:
    """Book an appointment: inside clinic hours, not in the past, no collision (409), held same-day slots only for
    urgent patients, and the referral's triage window (an emergency is never booked; a later time needs
    window_reason, is audited and goes on the clinicians' worklist)."""
    booking = Booking(starts_at=body.starts_at, minutes=body.minutes, kind=body.kind, clinician_id=body.clinician_id,
                      note=body.note, referral_id=body.referral_id, window_reason=body.window_reason,
                      site_id=body.site_id)
    return AppointmentRead.model_validate(ctx.scheduler(actor).book(patient_id, booking))


@router.get("/appointments/{appointment_id}", tags=["scheduling"])
def read_appointment(
    appointment_id: PathId,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))],
) -> AppointmentRead:
    """One appointment."""
    return AppointmentRead.model_validate(ctx.patients(actor).get_appointment(appointment_id))


@router.patch("/appointments/{appointment_id}", tags=["scheduling"])
def update_appointment(
    appointment_id: PathId,
    body: AppointmentUpdate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))],
) -> AppointmentRead:
    """Move, cancel (status 'cancelled' with a reason) or mark an appointment; send the version you read. A new
    time, length or clinician passes the same rules as a booking."""
    scheduler = ctx.scheduler(actor)
    with stale_view(lambda: AppointmentRead.model_validate(ctx.patients(actor).get_appointment(appointment_id))):
        if body.status == "cancelled":
            row = scheduler.cancel(appointment_id, version=body.version, reason=body.reason)
        else:
            fields = body.model_dump(exclude_unset=True, exclude={
                "version", "starts_at", "minutes", "clinician_id", "reason", "window_reason", "site_id"})
            row = scheduler.move(appointment_id, version=body.version, starts_at=body.starts_at,
                                 minutes=body.minutes, clinician_id=body.clinician_id, keep_clinician=True,
                                 window_reason=body.window_reason, fields=fields, site_id=body.site_id)
    return AppointmentRead.model_validate(row)
