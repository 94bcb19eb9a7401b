"""FHIR R4 at /fhir: the CapabilityStatement, Patient read and search, and the working assessment's Conditions,
Flags and RiskAssessments by patient. Same bearer tokens, permissions and audit trail as /api; errors are
OperationOutcome (web/errors.py). Resources are built and checked in adapters/fhir_r4.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from painpath import __version__
from painpath.adapters import fhir_r4
from painpath.adapters.bulk_export import PATIENT_TYPES, SYSTEM_TYPES
from painpath.adapters.fhir_record import FhirRecord
from painpath.services.access import Actor, Perm
from painpath.services.errors import Invalid, NotFound
from painpath.web.deps import Ctx, PathId, Public, require
from painpath.web.schemas import BirthDate, Moment

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


# -- Practitioner ----------------------------------------------------------------------------------------------
def _practitioners(ctx: Ctx, actor: Actor) -> list[Any]:
    from painpath.web.routes_providers import records

    return [user for user, _ in records(ctx, actor).providers()]


@router.get("/Practitioner/{practitioner_id}", responses=FHIR_RESPONSE, response_class=JSONResponse)
def read_practitioner(practitioner_id: PathId, ctx: Ctx,
                      actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> JSONResponse:
    """One of the practice's clinicians (404 for any other account)."""
    found = [u for u in _practitioners(ctx, actor) if u.id == practitioner_id]
    if not found:
        raise NotFound(f"no practitioner {practitioner_id}")
    return _fhir(fhir_r4.practitioner(found[0]))


@router.get("/Practitioner", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_practitioners(request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))],
                         count: Count = 50) -> JSONResponse:
    """The practice's active clinicians."""
    users = _practitioners(ctx, actor)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url),
                                   [fhir_r4.practitioner(u) for u in users[:count]], len(users)))


# -- the patient's record -------------------------------------------------------------------------------------
def _record(ctx: Ctx, actor: Actor) -> FhirRecord:
    return FhirRecord(ctx.db, actor, ctx.engine.assessor.kb, audit_reads=ctx.settings.audit_reads)


def _search_record(request: Request, ctx: Ctx, actor: Actor, kind: str, patient: str, count: int) -> JSONResponse:
    found, total = _record(ctx, actor).search(kind, _patient_id(patient), count)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, total))


ClinicalReader = Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]


@router.get("/Encounter", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_encounters(request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef,
                      count: Count = 50) -> JSONResponse:
    """The patient's visits, newest first."""
    return _search_record(request, ctx, actor, "encounter", patient, count)


@router.get("/MedicationStatement", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_medications(request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef,
                       count: Count = 50) -> JSONResponse:
    """The medication list: what is taken, tried, failed or not tolerated (and why), with each current opioid's
    CDC 2022 MME/day."""
    return _search_record(request, ctx, actor, "medication", patient, count)


@router.get("/AllergyIntolerance", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_allergies(request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef,
                     count: Count = 50) -> JSONResponse:
    """Recorded allergies and intolerances with their reactions."""
    return _search_record(request, ctx, actor, "allergy", patient, count)


@router.get("/Procedure", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_procedures(request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef,
                      count: Count = 50) -> JSONResponse:
    """Procedures done, newest first, each with its recorded response (relief and duration) as the outcome."""
    return _search_record(request, ctx, actor, "procedure", patient, count)


@router.get("/Goal", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_goals(request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef,
                 count: Count = 50) -> JSONResponse:
    """The functional goals (work and life) with their measurable targets."""
    return _search_record(request, ctx, actor, "goal", patient, count)


@router.get("/Observation", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_observations(
    request: Request, ctx: Ctx, actor: ClinicalReader, patient: PatientRef, count: Count = 50,
    code: Annotated[str | None, Query(max_length=120, pattern=r"^[^\x00]*$",
                                      description="http://loinc.org|44261-6, 44261-6 or a PainPath id")] = None,
) -> JSONResponse:
    """Scored questionnaires, newest first; ``code`` keeps one instrument."""
    record = _record(ctx, actor)
    wanted = record.instruments_for(code) if code is not None else None
    found, total = record.search("outcome", _patient_id(patient), count,
                                 keep=(lambda r: r.instrument in wanted) if wanted is not None else None)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, total))


@router.get("/Appointment", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_appointments(request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))],
                        patient: PatientRef, count: Count = 50) -> JSONResponse:
    """The patient's appointments (the front desk reads these too)."""
    found, total = _record(ctx, actor).appointments(_patient_id(patient), count)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, total))


@router.get("/Patient/{patient_id}/$everything", responses=FHIR_RESPONSE, response_class=JSONResponse)
def patient_everything(patient_id: PathId, request: Request, ctx: Ctx, actor: ClinicalReader) -> JSONResponse:
    """The patient's whole record as one searchset Bundle: the Patient, then every resource of their compartment
    (up to 1,000 of each kind)."""
    found = _record(ctx, actor).everything(patient_id)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, len(found)))


# -- Bulk Data export (FHIR Bulk Data Access IG) ----------------------------------------------------------------
NDJSON = "application/fhir+ndjson"
OUTPUT_FORMATS = {NDJSON, "application/ndjson", "ndjson"}
BulkExporter = Annotated[Actor, Depends(require(Perm.BULK_EXPORT))]


def _kick_off(request: Request, actor: Actor, level: str, allowed: tuple[str, ...], prefer: str | None,
              types: str | None, since: datetime | None, output_format: str | None) -> JSONResponse:
    from painpath.adapters.db.bulk_store import BulkExports

    if "respond-async" not in (prefer or ""):
        raise Invalid("Prefer: a bulk export runs in the background; send the header 'Prefer: respond-async'")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise Invalid(f"_outputFormat: only {NDJSON} is written")
    wanted = [t.strip() for t in (types or "").split(",") if t.strip()] or list(allowed)
    unknown = sorted(set(wanted) - set(allowed))
    if unknown:
        raise Invalid(f"_type: {', '.join(unknown)} cannot be exported; choose from {', '.join(allowed)}")
    assert actor.user_id is not None
    row = BulkExports(request.app.state.sessions).create(
        user_id=actor.user_id, username=actor.username, role=actor.role.value, level=level,
        types=list(dict.fromkeys(wanted)), since=since, request_url=str(request.url))
    job, _ = request.app.state.job_runner.submit("bulk_export", f"bulk_export:{row.id}", queued_by=actor.username)
    request.app.state.job_queue.enqueue(int(job.id))
    return JSONResponse(None, status_code=202, headers={"Content-Location": f"{_base(request)}/bulk-status/{row.id}"})


ExportTypes = Annotated[str | None, Query(alias="_type", max_length=500, pattern=r"^[A-Za-z, ]*$")]
ExportSince = Annotated[Moment | None, Query(alias="_since")]
ExportFormat = Annotated[str | None, Query(alias="_outputFormat", max_length=60)]
Prefer = Annotated[str | None, Header(max_length=200)]
_KICK_OFF: dict[int | str, dict[str, Any]] = {202: {"description": "accepted: poll the Content-Location URL"}}


@router.get("/$export", status_code=202, responses=_KICK_OFF, response_class=JSONResponse)
def export_system(request: Request, actor: BulkExporter, prefer: Prefer = None, types: ExportTypes = None,
                  since: ExportSince = None, output_format: ExportFormat = None) -> JSONResponse:
    """Everything (every patient's record and the practitioners) as NDJSON files, in the background."""
    return _kick_off(request, actor, "system", SYSTEM_TYPES, prefer, types, since, output_format)


@router.get("/Patient/$export", status_code=202, responses=_KICK_OFF, response_class=JSONResponse)
def export_patients(request: Request, actor: BulkExporter, prefer: Prefer = None, types: ExportTypes = None,
                    since: ExportSince = None, output_format: ExportFormat = None) -> JSONResponse:
    """Every patient's compartment as NDJSON files, in the background."""
    return _kick_off(request, actor, "patient", PATIENT_TYPES, prefer, types, since, output_format)


@router.get("/bulk-status/{export_id}", responses={200: {"description": "the manifest"},
                                                   202: {"description": "still running"}},
            response_class=JSONResponse)
def export_status(export_id: PathId, request: Request, actor: BulkExporter) -> JSONResponse:
    """202 with X-Progress while running; the manifest of files when done; an OperationOutcome when it failed."""
    from painpath.adapters.db.bulk_store import BulkExports

    exports = BulkExports(request.app.state.sessions)
    assert actor.user_id is not None
    row = exports.mine(export_id, actor.user_id)
    if row.status in {"queued", "running"}:
        return JSONResponse(None, status_code=202, headers={"X-Progress": row.progress or row.status,
                                                            "Retry-After": "2"})
    if row.status == "failed":
        return _fhir(fhir_r4.outcome("error", "exception", f"the export failed: {row.error}"), 500)
    base = _base(request)
    manifest = {
        "transactionTime": fhir_r4.instant(row.started_at or row.created_at),
        "request": row.request_url,
        "requiresAccessToken": True,
        "output": [{"type": t, "url": f"{base}/bulk-files/{row.id}/{file_id}.ndjson", "count": count}
                   for file_id, t, count in exports.files(row.id)],
        "error": [],
    }
    return JSONResponse(manifest, headers={"Cache-Control": "no-store", "Expires": "0"})


@router.delete("/bulk-status/{export_id}", status_code=202, response_class=JSONResponse)
def export_cancel(export_id: PathId, request: Request, actor: BulkExporter) -> JSONResponse:
    """Cancel a running export, or delete a finished one's files."""
    from painpath.adapters.db.bulk_store import BulkExports

    assert actor.user_id is not None
    BulkExports(request.app.state.sessions).cancel(export_id, actor.user_id)
    return JSONResponse(None, status_code=202)


@router.get("/bulk-files/{export_id}/{file_id}.ndjson", responses={200: {"content": {NDJSON: {}}}},
            response_class=Response)
def export_file(export_id: PathId, file_id: PathId, request: Request, actor: BulkExporter) -> Response:
    """One file of a finished export (only for the person who asked for it)."""
    from painpath.adapters.db.bulk_store import BulkExports

    assert actor.user_id is not None
    _, body = BulkExports(request.app.state.sessions).file_body(export_id, file_id, actor.user_id)
    return Response(body, media_type=NDJSON, headers={"Cache-Control": "no-store"})


# "/Patient/$export" must be matched before "/Patient/{patient_id}" (routes are tried in order)
router.routes.sort(key=lambda route: 0 if getattr(route, "path", "").endswith("/$export") else 1)


# -- import: a transaction Bundle from another system ---------------------------------------------------------
@router.post("", responses=FHIR_RESPONSE, response_class=JSONResponse)
def import_bundle(bundle: dict[str, Any], ctx: Ctx,
                  actor: Annotated[Actor, Depends(require(Perm.CLINICAL_WRITE))]) -> JSONResponse:
    """Create or update records from a transaction Bundle (Patient, MedicationStatement, AllergyIntolerance,
    Observation, Procedure, Condition, DocumentReference), matched by identifier: all entries are stored, or none
    (422 names each entry and element to fix). Answers a transaction-response Bundle."""
    from painpath.adapters.db.import_store import FhirImports
    from painpath.adapters.fhir_import import BundleRejected, read_bundle
    from painpath.adapters.instrument_files import load_default_outcomes
    from painpath.domain.planning import planning_knowledge

    instruments: dict[str, str] = {}
    for instrument_id, definition in load_default_outcomes().instruments.items():
        instruments[instrument_id] = instrument_id
        if definition.loinc:
            instruments[definition.loinc] = instrument_id
    pk = planning_knowledge(ctx.engine.assessor.kb)
    procedures: dict[str, str] = {}
    for option in (pk.options.values() if pk is not None else ()):
        if option.kind.value == "procedure":
            for name in (option.id, option.id.replace("_", " "), option.label, *option.names):
                procedures[name.lower()] = option.id
    try:
        plan = read_bundle(bundle, instruments=instruments, procedures=procedures)
        results = FhirImports(ctx.db, actor, audit_reads=ctx.settings.audit_reads).apply(plan)
    except BundleRejected as rejected:
        return _fhir(fhir_r4.checked({"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "invalid", "diagnostics": what, "expression": [where]}
            for where, what in rejected.problems]}), 422)
    status = {"created": "201 Created", "updated": "200 OK", "unchanged": "200 OK"}
    kinds = {"patient": "Patient", "medication": "MedicationStatement", "allergy": "AllergyIntolerance",
             "outcome": "Observation", "procedure": "Procedure", "problem": "Condition",
             "document": "DocumentReference"}
    return _fhir(fhir_r4.checked({"resourceType": "Bundle", "type": "transaction-response", "entry": [
        {"response": {"status": status[outcome], "location": f"{kinds[entry.kind]}/{record_id}",
                      "outcome": fhir_r4.outcome("information", "informational", outcome)}}
        for entry, outcome, record_id in results]}))
