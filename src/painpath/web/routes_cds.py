"""CDS Hooks 2.0 at /cds-services (issue 14): discovery, the hook services and card feedback.

Every service call and feedback carries a JWT signed by a registered client (adapters/cds_auth.py; `painpath
cds-client add`); discovery is public, as CDS clients read it before they are configured. The client's reads of
PainPath's record are audited under its name. Missing prefetch that cannot be fetched answers 412 (the spec)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from painpath.adapters.cds_auth import ClientKeys, KeyCache, NeedsLookup, Verified, verify, verify_signature
from painpath.adapters.cds_record import StoreRecord, catalog, fetch_fhir
from painpath.adapters.db.cds_store import CdsRecords
from painpath.adapters.db.clinical_store import AssessmentEngine
from painpath.adapters.db.store import ONE_TRANSACTION
from painpath.config import Settings
from painpath.services.access import Actor, Role
from painpath.services.cds import CdsServices, HookCall, PrefetchMissing, indicator_order
from painpath.services.errors import AuthenticationFailed, NotFound
from painpath.web.deps import Public, client_ip
from painpath.web.schemas_more import ErrorBody

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])
ServiceId = Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9-]+$")]


class FhirAuthorization(BaseModel):
    access_token: str = Field(max_length=4000)
    token_type: str = Field(max_length=20)
    expires_in: int | None = None
    scope: str = Field(default="", max_length=2000)
    subject: str = Field(default="", max_length=200)


class HookRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    hook: str = Field(max_length=80)
    hookInstance: str = Field(min_length=1, max_length=100)
    fhirServer: str | None = Field(default=None, max_length=500, pattern=r"^https?://")
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class OverrideReason(BaseModel):
    reason: dict[str, Any] | None = None
    userComment: str = Field(default="", max_length=2000)


class AcceptedSuggestion(BaseModel):
    id: str = Field(max_length=100)


class FeedbackItem(BaseModel):
    card: str = Field(min_length=1, max_length=36)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] = Field(default_factory=list, max_length=20)
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: datetime


class FeedbackRequest(BaseModel):
    feedback: list[FeedbackItem] = Field(min_length=1, max_length=100)


def _records(request: Request) -> CdsRecords:
    return CdsRecords(request.app.state.sessions)


def _keys(request: Request) -> KeyCache:
    """The registered clients' parsed keys, kept per process (adapters/cds_auth.py KeyCache)."""
    keys = getattr(request.app.state, "cds_keys", None)
    if keys is None:
        keys = request.app.state.cds_keys = KeyCache(_records(request))
    return keys


def _url(request: Request) -> str:
    return str(request.url).split("?", 1)[0]


async def signed_call(request: Request, authorization: Annotated[str, Header()] = "") -> Verified:
    """A JWT signed by a registered client for the URL called (or its service's URL); its jti is recorded with
    the call's cards, in the call's one transaction (CdsRecords.settle). Checked on the event loop when the
    client's keys are already parsed (a signature check is CPU only; a sync dependency cost a hop to a worker
    thread and back on every call), in a worker thread when the registration must be read."""
    keys, url = _keys(request), _url(request)
    try:
        verified = verify_signature(keys, authorization, url, offline=True)
    except NeedsLookup:
        verified = await run_in_threadpool(verify_signature, keys, authorization, url)
    request.state.cds_client = verified.client.name
    return verified


def cds_client(request: Request, authorization: Annotated[str, Header()] = "") -> ClientKeys:
    """The registered client whose JWT signs this call, its jti recorded at once."""
    client, _ = verify(_keys(request), authorization, _url(request))
    request.state.cds_client = client.name
    return client


signed_call.permission = "cds:signed-jwt"  # type: ignore[attr-defined]
cds_client.permission = "cds:signed-jwt"  # type: ignore[attr-defined]
Signed = Annotated[Verified, Depends(signed_call)]
Client = Annotated[ClientKeys, Depends(cds_client)]


def _reader(request: Request, engine: Any) -> Any:
    """The note reader for condition lists, with the last 512 answers kept: an EHR sends the same problem list
    on every hook call for a patient, and a PatientStory is immutable."""
    cached = getattr(request.app.state, "cds_read", None)
    if cached is None:
        cached = request.app.state.cds_read = lru_cache(maxsize=512)(engine.read)
    return cached


def _known(service_id: str) -> None:
    if service_id not in catalog().services:
        raise NotFound(f"no CDS service {service_id!r}: GET /cds-services lists them")


@router.get("", dependencies=[Public])
def discovery() -> dict[str, Any]:
    """The services offered, each with its hook and prefetch templates."""
    return {"services": [s.discovery() for s in catalog().services.values()]}


@router.post("/{service_id}", responses={412: {"model": ErrorBody, "description": "Prefetch data the service "
                                            "needs was not sent and could not be fetched from fhirServer"}})
def call_service(service_id: ServiceId, body: HookRequest, request: Request, signed: Signed) -> JSONResponse:
    """One hook call: cards (critical first), each recorded so feedback can refer to it. The call writes once:
    the audit entries of its reads of PainPath's record, its JWT id (a replay is refused) and its cards commit
    together in one transaction, or none of them do. The route opens its own session rather than through the
    shared Ctx dependency: that is two more hops to a worker thread and back (open, close) on every call."""
    _known(service_id)
    with request.app.state.sessions() as db:
        return _call_service(service_id, body, request, signed, db)


def _call_service(service_id: str, body: HookRequest, request: Request, signed: Verified,
                  db: Session) -> JSONResponse:
    client = signed.client
    actor = Actor(None, f"cds:{client.name}", Role.CLINICIAN, ip=client_ip(request))
    engine: AssessmentEngine = request.app.state.assessment_engine()
    settings: Settings = request.app.state.settings
    db.info[ONE_TRANSACTION] = True
    services = CdsServices(engine.assessor.kb, engine.assessor, catalog(),
                           StoreRecord(db, actor, audit_reads=settings.audit_reads), fetch_fhir,
                           read=_reader(request, engine))
    call = HookCall(body.hook, body.hookInstance, body.context, body.prefetch or {}, body.fhirServer,
                    body.fhirAuthorization.access_token if body.fhirAuthorization else None)
    missing: PrefetchMissing | None = None
    try:
        cards, patient_id = services.call(service_id, call)
    except PrefetchMissing as exc:  # still a call made with this JWT: its id is recorded
        missing, cards, patient_id = exc, [], None
    cards = indicator_order(cards)
    try:
        ids = _records(request).settle(db, client_id=client.id, client_fingerprint=client.fingerprint,
                                       jti=signed.jti, expires_at=signed.expires_at, service=service_id,
                                       hook_instance=body.hookInstance, patient_id=patient_id,
                                       cards=[(c.indicator, c.summary, c.rule) for c in cards])
    except AuthenticationFailed:
        _keys(request).forget(client.issuer)  # a revoked client or new keys: read the registration again
        raise
    if missing is not None:
        return JSONResponse({"detail": str(missing)}, status_code=412)
    return JSONResponse({"cards": [c.json(i) for c, i in zip(cards, ids, strict=True)]},
                        headers={"Cache-Control": "no-store"})


@router.post("/{service_id}/feedback")
def feedback(service_id: ServiceId, body: FeedbackRequest, request: Request, client: Client) -> dict[str, int]:
    """What the clinician did with each card: accepted (with the suggestions taken) or overridden (why)."""
    _known(service_id)
    items = []
    for item in body.feedback:
        reason = item.overrideReason
        code = (reason.reason or {}) if reason else {}
        items.append({"card": item.card, "outcome": item.outcome,
                      "accepted": [s.id for s in item.acceptedSuggestions],
                      "reason": str(code.get("display") or code.get("code") or ""),
                      "comment": reason.userComment if reason else "", "at": item.outcomeTimestamp})
    return {"recorded": _records(request).feedback(client.id, service_id, items)}
