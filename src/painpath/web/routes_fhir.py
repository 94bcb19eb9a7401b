"""FHIR R4 at /fhir: the CapabilityStatement; read and search of the Patient, the Practitioners, every type of a
patient's compartment (one pair of routes per type, made by one function), the Questionnaires and, for
administrators, the AuditEvents; Patient/$everything, bulk export and transaction import. Same bearer tokens,
permissions and audit trail as /api; errors are OperationOutcome (web/errors.py), a search parameter or value
not supported a 400 naming it (adapters/fhir_search.py). Resources are built and checked in
adapters/fhir_r4.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from painpath import __version__
from painpath.adapters import fhir_r4, fhir_search
from painpath.adapters.bulk_export import PATIENT_TYPES, SYSTEM_TYPES
from painpath.adapters.fhir_record import FhirRecord
from painpath.services.access import Actor, Perm
from painpath.services.errors import BadSearch, Invalid, NotFound
from painpath.web.deps import Ctx, PathId, Public, require
from painpath.web.schemas import BirthDate, Moment

_OUTCOME: dict[str, Any] = {"content": {fhir_r4.FHIR_JSON: {"schema": {"type": "object"}}},
                            "description": "an OperationOutcome saying what went wrong"}
router = APIRouter(prefix="/fhir", tags=["fhir"], responses={code: _OUTCOME for code in (400, 401, 403, 404, 413, 422)})
FHIR_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {fhir_r4.FHIR_JSON: {"schema": {"type": "object"}}}, "description": "a FHIR R4 resource"}}
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
) -> JSONResponse:
    """Search by name prefix, date of birth, record number or id; a searchset Bundle, paged (_count, _offset)."""
    search = _parse(request, "Patient")
    records = ctx.patients(actor)
    if id_ is not None:
        rows, total = [records.get(id_)][search.offset:search.offset + search.count], 1
    else:
        mrn = identifier.split("|", 1)[1] if identifier and "|" in identifier else identifier
        if identifier and "|" in identifier and not identifier.startswith(fhir_r4.MRN_SYSTEM + "|"):
            raise Invalid(f"identifier: only the record number system {fhir_r4.MRN_SYSTEM} is searchable")
        if not (name or birthdate or mrn):
            raise Invalid("name: search by name, birthdate, identifier or _id")
        rows, total, more = records.search(name=name, birth_date=birthdate, mrn=mrn, sort="family_name",
                                           limit=search.count, offset=search.offset)
        if more:  # counting stopped: no Bundle.total (it is optional), and a next link while there are more
            return _bundle(request, [fhir_r4.patient(r) for r in rows], None, search,
                           more_than=total)
    return _bundle(request, [fhir_r4.patient(r) for r in rows], total, search)


# -- searching: one implementation for every type (adapters/fhir_search.py) ---------------------------------
def _parse(request: Request, kind: str) -> fhir_search.Search:
    return fhir_search.parse(request.query_params.multi_items(), kind, fhir_r4.TYPE_SEARCH[kind])


def _bundle(request: Request, page: list[dict[str, Any]], total: int | None, search: fhir_search.Search,
            *, more_than: int = 0) -> JSONResponse:
    """A searchset of one page, with self, previous and next links (the same query, another _offset). With no
    total, ``more_than`` patients were counted and more match."""
    here = str(request.url).split("?", 1)[0]
    links = fhir_search.links(here, request.query_params.multi_items(), search,
                              more_than + 1 if total is None else total)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), page, total, links))


def _select(request: Request, kind: str, resources: list[dict[str, Any]],
            search: fhir_search.Search) -> JSONResponse:
    page, total = fhir_search.select(resources, search, fhir_r4.TYPE_SEARCH[kind])
    return _bundle(request, page, total, search)


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
def search_practitioners(request: Request, ctx: Ctx,
                         actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> JSONResponse:
    """The practice's active clinicians."""
    search = _parse(request, "Practitioner")
    return _select(request, "Practitioner", [fhir_r4.practitioner(u) for u in _practitioners(ctx, actor)], search)


# -- the patient's record: every compartment type is read and searched the same way -----------------------------
def _record(ctx: Ctx, actor: Actor, request: Request | None = None) -> FhirRecord:
    return FhirRecord(ctx.db, actor, ctx.engine.assessor.kb, audit_reads=ctx.settings.audit_reads,
                      base=_base(request) if request is not None else "")


def _observations_coded(record: FhirRecord, code: str, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Observation ``code``: LOINC (http://loinc.org|44261-6 or 44261-6) or PainPath's instrument id."""
    wanted = record.instruments_for(code)
    return [r for r in resources if any(c["system"] == fhir_r4.INSTRUMENT_SYSTEM and c["code"] in wanted
                                        for c in r["code"]["coding"])]


# type -> (permission, what a search answers)
COMPARTMENT: dict[str, tuple[Perm, str]] = {
    "Encounter": (Perm.CLINICAL_READ, "The patient's visits, newest first."),
    "Condition": (Perm.CLINICAL_READ, "The working assessment's differential (the latest proposal's while none is "
                                      "signed off): the leading condition provisional, the others differential."),
    "Flag": (Perm.CLINICAL_READ, "The red flags of the working assessment and of every proposal awaiting sign-off "
                                 "(never held back until sign-off), with their evidence and the action each needs."),
    "RiskAssessment": (Perm.CLINICAL_READ, "Each assessment, newest first: the triage level, then the "
                                           "differential's probabilities."),
    "MedicationStatement": (Perm.CLINICAL_READ, "The medication list: taken, tried, failed or not tolerated (and "
                                                "why), with each current opioid's CDC 2022 MME/day."),
    "AllergyIntolerance": (Perm.CLINICAL_READ, "Recorded allergies and intolerances with their reactions."),
    "Procedure": (Perm.CLINICAL_READ, "Procedures done, newest first, each with its recorded response."),
    "Goal": (Perm.CLINICAL_READ, "The functional goals (work and life) with their measurable targets."),
    "Observation": (Perm.CLINICAL_READ, "Scored questionnaires, newest first; ``code`` keeps one instrument "
                                        "(http://loinc.org|44261-6, 44261-6 or a PainPath id)."),
    "Appointment": (Perm.SCHEDULE_READ, "The patient's appointments (the front desk reads these too)."),
    "CarePlan": (Perm.CLINICAL_READ, "Each assessment's staged plan: active (working), draft (awaiting sign-off) "
                                     "or revoked (superseded); each option an activity with the decisions on it."),
    "ServiceRequest": (Perm.CLINICAL_READ, "Referrals into the practice, and the working plan's accepted "
                                           "procedures, therapies and referrals."),
    "QuestionnaireResponse": (Perm.CLINICAL_READ, "The questionnaires answered, item by item."),
    "DocumentReference": (Perm.CLINICAL_READ, "Visit notes, notes assessed, referral letters and history packets "
                                              "(base64 text/plain), and the visit summary PDF (a link)."),
    "Provenance": (Perm.CLINICAL_READ, "Who authored each assessment (and the knowledge base) and who signed it "
                                       "off."),
}
ResourceId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9\-.]{1,64}$")]


def _compartment_routes(kind: str, perm: Perm, summary: str) -> None:
    def search(request: Request, ctx: Ctx, patient: PatientRef,
               actor: Actor = Depends(require(perm))) -> JSONResponse:  # noqa: B008
        parsed = _parse(request, kind)
        record = _record(ctx, actor, request)
        keep: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
        code = request.query_params.get("code")
        if kind == "Observation" and code is not None:
            keep = partial(_observations_coded, record, code)
        elif kind in fhir_r4.CODED and code is not None:
            try:
                fhir_r4.coded([], kind, code)  # a token with nothing to match answers 400 before any read
            except ValueError as err:
                raise BadSearch(str(err)) from None
            keep = partial(fhir_r4.coded, kind=kind, value=code)
        page, total = record.search(kind, _patient_id(patient), parsed, keep)
        return _bundle(request, page, total, parsed)

    def read(resource_id: ResourceId, request: Request, ctx: Ctx,
             actor: Actor = Depends(require(perm))) -> JSONResponse:  # noqa: B008
        return _fhir(_record(ctx, actor, request).read(kind, resource_id))

    search.__doc__ = f"{summary} Search parameters: {', '.join(n for n, _, _ in fhir_r4.SEARCH_PARAMS[kind])}."
    read.__doc__ = f"One {kind} by id (the same permissions and audit as a search of its patient)."
    router.add_api_route(f"/{kind}", search, methods=["GET"], responses=FHIR_RESPONSE, response_class=JSONResponse,
                         name=f"search_{kind}")
    router.add_api_route(f"/{kind}/{{resource_id}}", read, methods=["GET"], responses=FHIR_RESPONSE,
                         response_class=JSONResponse, name=f"read_{kind}")


for _kind, (_perm, _summary) in COMPARTMENT.items():
    _compartment_routes(_kind, _perm, _summary)


@router.get("/Patient/{patient_id}/$everything", responses=FHIR_RESPONSE, response_class=JSONResponse)
def patient_everything(patient_id: PathId, request: Request, ctx: Ctx,
                       actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]) -> JSONResponse:
    """The patient's whole record as one searchset Bundle: the Patient, then every resource of their compartment
    (every record, no cap)."""
    found = _record(ctx, actor, request).everything(patient_id)
    return _fhir(fhir_r4.searchset(_base(request), str(request.url), found, len(found)))


# -- the instruments -------------------------------------------------------------------------------------------
def _questionnaires() -> list[dict[str, Any]]:
    from painpath.adapters.instrument_files import load_default_outcomes

    return [fhir_r4.questionnaire(d) for d in load_default_outcomes().instruments.values()]


@router.get("/Questionnaire", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_questionnaires(request: Request,
                          actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]) -> JSONResponse:
    """The instruments PainPath scores (item text only where the wording is free to reproduce); ``_id`` keeps
    one, ``status`` by status."""
    search = _parse(request, "Questionnaire")
    found = _questionnaires()
    wanted = request.query_params.getlist("_id")
    if wanted:
        ids = {i.strip() for value in wanted for i in value.split(",")}
        found = [q for q in found if q["id"] in ids]
    return _select(request, "Questionnaire", found, search)


@router.get("/Questionnaire/{resource_id}", responses=FHIR_RESPONSE, response_class=JSONResponse)
def read_questionnaire(resource_id: ResourceId,
                       actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]) -> JSONResponse:
    """One instrument (e.g. phq9, start-back)."""
    found = [q for q in _questionnaires() if q["id"] == resource_id]
    if not found:
        raise NotFound(f"no Questionnaire {resource_id}")
    return _fhir(found[0])


# -- the audit trail (administrators) --------------------------------------------------------------------------
AuditReader = Annotated[Actor, Depends(require(Perm.AUDIT_READ))]


@router.get("/AuditEvent", responses=FHIR_RESPONSE, response_class=JSONResponse)
def search_audit_events(request: Request, ctx: Ctx, actor: AuditReader,
                        patient: Annotated[str | None, Query(max_length=40, pattern=r"^(Patient/)?[0-9]{1,10}$",
                                                             description="only this patient's entries")] = None,
                        ) -> JSONResponse:
    """Who read or changed what, when and from where (this search is itself audited); ``date`` bounds the time,
    ``_sort`` date or -date (newest first by default)."""
    search = _parse(request, "AuditEvent")
    since: datetime | None = None
    until: datetime | None = None
    for test in search.dates:
        if test.prefix == "ne":
            raise BadSearch("date: ne is not supported on AuditEvent; send two dates (ge and lt) for a range")
        low, high = test.bounds()
        since = max(since, low) if since is not None and low is not None else (low or since)
        until = min(until, high) if until is not None and high is not None else (high or until)
    rows, total = ctx.accounts(actor).audit_report(
        user_id=None, patient_id=_patient_id(patient) if patient else None, since=since, until=until,
        sort="-at" if search.sort == "-date" else "at", limit=search.count, offset=search.offset)
    return _bundle(request, [fhir_r4.audit_event(r) for r in rows], total, search)


@router.get("/AuditEvent/{resource_id}", responses=FHIR_RESPONSE, response_class=JSONResponse)
def read_audit_event(resource_id: PathId, ctx: Ctx, actor: AuditReader) -> JSONResponse:
    """One entry of the audit trail by its sequence number."""
    from painpath.adapters.db.fhir_store import FhirReads

    reads = FhirReads(ctx.db, actor, audit_reads=ctx.settings.audit_reads)
    return _fhir(fhir_r4.audit_event(reads.audit_entry(resource_id)))


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
    # where each record reads back under /fhir; an imported problem is not (yet) a FHIR Condition here (those are
    # the assessments' diagnoses): it reads back at /api/patients/{id}/problems, so it has no location
    kinds = {"patient": "Patient/", "medication": "MedicationStatement/", "allergy": "AllergyIntolerance/",
             "outcome": "Observation/", "procedure": "Procedure/", "document": "DocumentReference/note-"}
    return _fhir(fhir_r4.checked({"resourceType": "Bundle", "type": "transaction-response", "entry": [
        {"response": {"status": status[outcome],
                      **({"location": f"{kinds[entry.kind]}{record_id}"} if entry.kind in kinds else {}),
                      "outcome": fhir_r4.outcome("information", "informational", outcome)}}
        for entry, outcome, record_id in results]}))
