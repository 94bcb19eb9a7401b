"""FHIR R4 at /fhir: the CapabilityStatement, Patient read and search, and the working assessment's Conditions,
Flags and RiskAssessments by patient. Same bearer tokens, permissions and audit trail as /api; errors are
OperationOutcome (web/errors.py). Resources are built and checked in adapters/fhir_r4.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from painpath import __version__
from painpath.adapters import fhir_r4
from painpath.services.access import Actor, Perm
from painpath.services.errors import Invalid
from painpath.web.deps import Ctx, PathId, Public, require
from painpath.web.schemas import BirthDate

_OUTCOME: dict[str, Any] = {"content": {fhir_r4.FHIR_JSON: {"schema": {"type": "object"}}},
                            "description": "an OperationOutcome saying what went wrong"}
router = APIRouter(prefix="/fhir", tags=["fhir"], responses={code: _OUTCOME for code in (401, 403, 404, 413, 422)})
FHIR_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {fhir_r4.FHIR_JSON: {"schema": {"type": "object"}}}, "description": "a FHIR R4 resource"}}
Count = Annotated[int, Query(alias="_count", ge=1, le=200, description="page size")]
PatientRef = Annotated[str, Query(max_length=40, pattern=r"^(Patient/)?[0-9]{1,10}$",
                                  description="the patient: 123 or Patient/123")]


def _fhir(resource: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(resource, status_code=status, media_type=fhir_r4.FHIR_JSON,
                        headers={"Cache-Control": "no-store"})


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/fhir"


def _patient_id(reference: str) -> int:
    return int(reference.removeprefix("Patient/"))


@router.get("/metadata", dependencies=[Public], responses=FHIR_RESPONSE, response_class=JSONResponse)
def metadata(request: Request) -> JSONResponse:
    """The CapabilityStatement: exactly the resources, interactions and search parameters supported."""
    return _fhir(fhir_r4.capability_statement(__version__, _base(request)))


@router.get("/Patient/{patient_id}", responses=FHIR_RESPONSE, response_class=JSONResponse)
def read_patient(patient_id: PathId, ctx: Ctx,
                 actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_READ))]) -> JSONResponse:
    """One patient (a patient may read only their own; another id is 404)."""
    return _fhir(fhir_r4.patient(ctx.patients(actor).get(patient_id)))


@router.get("/Patient", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_patients(
    request: Request,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.PATIENT_SEARCH))],
    name: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$")] = None,
    birthdate: Annotated[BirthDate | None, Query()] = None,
    identifier: Annotated[str | None, Query(max_length=120, pattern=r"^[^\x00]*$",
                                            description="record number, or urn:painpath:mrn|number")] = None,
    id_: Annotated[int | None, Query(alias="_id", ge=1, le=2_147_483_647)] = None,
    count: Count = 50,
) -> JSONResponse:
    """Search by name prefix, date of birth, record number or id; a searchset Bundle."""
    records = ctx.patients(actor)
    if id_ is not None:
        rows, total = [records.get(id_)], 1
    else:
        mrn = identifier.split("|", 1)[1] if identifier and "|" in identifier else identifier
        if identifier and "|" in identifier and not identifier.startswith(fhir_r4.MRN_SYSTEM + "|"):
            raise Invalid(f"identifier: only the record number system {fhir_r4.MRN_SYSTEM} is searchable")
        if not (name or birthdate or mrn):
            raise Invalid("name: search by name, birthdate, identifier or _id")
        rows, total = records.search(name=name, birth_date=birthdate, mrn=mrn, sort="family_name", limit=count,
                                     offset=0)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), [fhir_r4.patient(r) for r in rows], total))


def _current(ctx: Ctx, actor: Actor, patient_id: int) -> tuple[Any, list[Any]]:
    """The working assessment (a clinician's own or signed off) and the proposals awaiting sign-off."""
    working, pending = ctx.clinical(actor).current_assessments(patient_id)
    return working, pending


@router.get("/Condition", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_conditions(request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))],
                      patient: PatientRef) -> JSONResponse:
    """The working assessment's differential (the latest proposal's while none is signed off): the leading
    condition provisional, the others differential."""
    working, pending = _current(ctx, actor, _patient_id(patient))
    latest = working if working is not None else (pending[0] if pending else None)
    found = fhir_r4.conditions(latest) if latest is not None else []
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, len(found)))


@router.get("/Flag", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_flags(request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))],
                 patient: PatientRef) -> JSONResponse:
    """The red flags of the working assessment and of every proposal awaiting sign-off (a red flag is never held
    back until sign-off), with their evidence and the action each needs."""
    working, pending = _current(ctx, actor, _patient_id(patient))
    found = [flag for row in ([working] if working is not None else []) + pending for flag in fhir_r4.flags(row)]
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, len(found)))


@router.get("/RiskAssessment", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_risk(request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))],
                patient: PatientRef, count: Count = 50) -> JSONResponse:
    """Each assessment, newest first: the triage level, then the differential's probabilities."""
    rows, total = ctx.clinical(actor).list_records("assessment", _patient_id(patient), sort="-created_at",
                                                   limit=count, offset=0)
    found = [fhir_r4.risk_assessment(r) for r in rows]
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, total))
