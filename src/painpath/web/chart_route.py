"""The chart read, served outside FastAPI's router and dependency solving (issue 13, the seventh round).

`GET /api/patients/{patient_id}/chart` is the practice's busiest read. FastAPI's route for it
(`routes_patients.read_chart`) stays registered and documented (OpenAPI, `x-permission`, schemathesis reads it),
but a plain Starlette route put first in the app's routes answers every request it can: a GET whose id FastAPI
would accept as it is written (digits, no leading zero, 1 to MAX_ID). Anything else (another method, an id FastAPI
answers 422, a HEAD) is not matched here and reaches FastAPI's route exactly as before.

The checks are the route's own, called explicitly and in the same order, with the same exceptions (so the app's
exception handlers answer the same statuses and bodies, and audit a refusal the same way): no credentials at all,
401 before anything else (`deps._credentials`); then, in the chart read's one transaction, the token check, the
CSRF rule and the role's permission (`deps.SignIn`, the same object the FastAPI route uses), the patient access
rule and the audited read (`PatientRecords.chart_json`), and a patient's own outcomes worded for them
(`chart_answer`). The request still passes every middleware (body limit, API headers, page security headers)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from starlette import concurrency
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

from painpath.adapters.db.patients_store import PatientRecords
from painpath.services.access import Perm, Role
from painpath.web.deps import SignIn, _credentials
from painpath.web.patient_wording import outcome_for
from painpath.web.schemas import MAX_ID
from painpath.web.schemas_more import Chart

PATH = "/api/patients/{patient_id}/chart"
PERMISSION = Perm.CLINICAL_READ  # the FastAPI route's (its `x-permission`); test_chart_route.py holds them equal
# The chart's answer, encoded as FastAPI encodes a returned Chart (pydantic's JSON, by alias), built once.
CHART_JSON: TypeAdapter[Chart] = TypeAdapter(Chart)
_ONE_STATEMENT_EACH = {"isolation_level": "AUTOCOMMIT"}


def chart_answer(request: Request, db: Session, sign_in: SignIn, patient_id: int) -> bytes:
    """The chart read both routes run: the token check first, in the read's transaction; the access check, the one
    statement (the chart as one JSON document) and its audit entry; the answer's bytes."""
    settings = request.app.state.settings
    if not db.in_transaction() and db.get_bind().dialect.name == "postgresql":
        # PostgreSQL: each statement its own transaction (issue 13, the eighth round). The read writes one row, its
        # audit entry, inside the chart's own statement, which PostgreSQL runs atomically and commits as it ends:
        # no BEGIN and no COMMIT round trips. READ COMMITTED gave each statement its own snapshot already.
        db.connection(execution_options=_ONE_STATEMENT_EACH)
    actor = sign_in.actor(db)  # the token, CSRF and permission checks, first
    answer = CHART_JSON.validate_json(PatientRecords(db, actor, audit_reads=settings.audit_reads)
                                      .chart_json(patient_id))
    if actor.role is Role.PATIENT:
        answer.outcomes = [outcome_for(actor, o) for o in answer.outcomes]
    return CHART_JSON.dump_json(answer, by_alias=True)


def _read(request: Request) -> bytes:
    session: Session = request.app.state.sessions()
    try:
        return chart_answer(request, session, SignIn(request, PERMISSION), int(request.path_params["patient_id"]))
    finally:
        session.close()


async def read_chart_fast(request: Request) -> Response:
    _credentials(request)  # no credentials at all: 401 before anything else, as `require_in_route` refuses it
    # the token check, the read and its commit on a worker thread (they wait for the database), as FastAPI's route
    body = await concurrency.run_in_threadpool(_read, request)
    return Response(body, media_type="application/json")


def _canonical_id(raw: str) -> bool:
    """An id FastAPI's `PathId` reads as itself: ASCII digits without a leading zero, 1 to MAX_ID."""
    return raw.isascii() and raw.isdigit() and raw[0] != "0" and len(raw) <= 10 and int(raw) <= MAX_ID


class ChartRoute(Route):
    """Matches only what it serves (a GET with a canonical id); everything else falls through to FastAPI."""

    def __init__(self) -> None:
        super().__init__(PATH, read_chart_fast, methods=["GET"], name="read_chart_fast", include_in_schema=False)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return Match.NONE, {}
        match, child = super().matches(scope)
        if match is not Match.FULL or not _canonical_id(child["path_params"]["patient_id"]):
            return Match.NONE, {}
        return match, child


def install(app: Any) -> None:
    """Put the chart route before every other route of the app."""
    app.router.routes.insert(0, ChartRoute())
