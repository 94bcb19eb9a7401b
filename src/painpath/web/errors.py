"""Domain errors to HTTP, in one place; every error body is ErrorBody with a message a person can act on."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from painpath.services.errors import (
    AlreadyDone,
    AuthenticationFailed,
    BadSearch,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
    SlotTaken,
    StaleWrite,
    TooLarge,
    TooManyAttempts,
)

log = logging.getLogger("painpath.web")
# first match wins: a taken slot is a conflict with the schedule's state, not a malformed request
STATUS = {TooManyAttempts: 429, TooLarge: 413, SlotTaken: 409, AlreadyDone: 409, NotFound: 404, Forbidden: 403,
          Invalid: 422, AuthenticationFailed: 401, StaleWrite: 409, BadSearch: 400}


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    if parts and parts[0] in {"query", "path", "header", "cookie"}:
        parts = parts[1:]
    # unions add the member type's name to the location; a person wants the field
    parts = [p for p in parts if not p[:1].isupper() and not p.startswith(("function-", "literal["))]
    return ".".join(parts) or "body"


def _message(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        return f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'syntax error')})"
    if error.get("type") == "missing":
        return "is required"
    if error.get("type") == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        return _PATTERNS.get(pattern, f"has characters that are not allowed here (allowed: {pattern})")
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


_PATTERNS = {
    r"^[^\x00]*$": "contains a NUL character (\\u0000): remove it",
    r"^[^\x00-\x1f]+$": "contains a control character (tab, newline or NUL): use plain text on one line",
    r"^[a-z0-9_]+$": "use an id of lower-case letters, digits and underscores, e.g. medial_branch_block",
    r"^[A-Za-z0-9][A-Za-z0-9-]*$": "use letters, digits and hyphens, starting with a letter or digit",
    r"^[a-z0-9._-]+$": "use lower-case letters, digits, dots, hyphens and underscores",
    r"^([01]\d|2[0-3]):[0-5]\d$": "use a 24-hour clock time HH:MM, e.g. 08:30",
    r"^[a-z]{2,3}$": "use a 2- or 3-letter lower-case language code (ISO 639), e.g. en or es",
}


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    items, seen = [], set()
    for error in errors:
        item = {"field": _where(tuple(error.get("loc", ()))), "message": _message(error)}
        if (item["field"], item["message"]) not in seen:
            seen.add((item["field"], item["message"]))
            items.append(item)
    first = items[0] if items else {"field": "body", "message": "is not valid"}
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    return {"detail": f"{first['field']}: {first['message']}{more}", "errors": items}


def stale_body(exc: StaleWrite) -> dict[str, Any]:
    """A 409's ``current`` and ``changes``, built only from the caller's read view of the record (set by the route
    with ``stale_view``): the current version alone when no view was built, and the edits since the caller's
    version only for fields that view shows (a desk user never learns a referral letter, nobody a password hash)."""
    view = exc.view or {"version": exc.version}
    changes = [
        {"version": c["version"], "by": c["by"], "at": c["at"],
         "fields": {k: v for k, v in c["fields"].items() if k in view and k != "version"}}
        for c in exc.changes
    ]
    return {"current": view, "changes": changes}


@contextmanager
def stale_view(read: Callable[[], BaseModel]) -> Iterator[None]:
    """Around a versioned write: a stale write's 409 shows the record as ``read`` gives it to this caller (the
    route's own read schema for the caller's role), never the stored row."""
    try:
        yield
    except StaleWrite as err:
        err.view = read().model_dump(mode="json")
        raise


FHIR_ISSUE = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 409: "conflict", 422: "invalid"}


def _fhir_outcome(status: int, text: str) -> JSONResponse:
    """Errors under /fhir are FHIR OperationOutcome resources."""
    from painpath.adapters.fhir_r4 import FHIR_JSON, outcome

    return JSONResponse(outcome("error", FHIR_ISSUE.get(status, "processing"), text), status_code=status,
                        media_type=FHIR_JSON, headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)


def _is_fhir(request: Request) -> bool:
    return request.url.path == "/fhir" or request.url.path.startswith("/fhir/")


def audit_denied(request: Request, status: int) -> None:
    """A signed-in person was refused (403) or asked for something they may not see (404): one audit entry.

    Written in its own transaction (the request's own work was rolled back); the patient is the one the address
    names, when it names one. Anonymous requests are answered 401 before this and are not recorded here."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        return
    from painpath.adapters.db import audit

    raw_patient = request.path_params.get("patient_id")
    said = str(raw_patient) if isinstance(raw_patient, (int, str)) else ""
    # ASCII digits only: "³" is a digit to str.isdigit() but not to int()
    patient_id = int(said) if said.isascii() and said.isdigit() and len(said) < 18 else None
    session = request.app.state.sessions()
    try:
        audit.append(session, actor, action="denied", record_type=f"http_{status}",
                     record_id=f"{request.method} {request.url.path}"[:80], patient_id=patient_id)
        session.commit()
    except Exception:  # the refusal still goes out; the failure to record it is logged loudly
        session.rollback()
        log.exception("could not audit a denied request to %s", request.url.path)
    finally:
        session.close()


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = validation_body(list(exc.errors()))
        if _is_fhir(request):
            return _fhir_outcome(422, body["detail"])
        return JSONResponse(body, status_code=422)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        if status in (403, 404):  # refusals are audited on /api, the pages and /fhir alike
            await run_in_threadpool(audit_denied, request, status)
        if _is_fhir(request):
            return _fhir_outcome(status, str(exc))
        body: dict[str, Any] = {"detail": str(exc), "errors": []}
        if isinstance(exc, StaleWrite):
            body.update(stale_body(exc))
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # the body could not be parsed at all (e.g. not UTF-8): still a 422
            detail = f"body: could not be read ({exc.detail}); send UTF-8 JSON"
            if _is_fhir(request):
                return _fhir_outcome(422, detail)
            return JSONResponse({"detail": detail, "errors": [{"field": "body", "message": detail}]}, 422)
        if _is_fhir(request):
            return _fhir_outcome(exc.status_code, str(exc.detail))
        return JSONResponse(
            {"detail": str(exc.detail), "errors": []},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.exception("unexpected error %s", reference, exc_info=exc)
        return JSONResponse(
            {
                "detail": f"internal error (reference {reference}): nothing was saved; tell the administrator",
                "errors": [],
            },
            status_code=500,
        )


def documented_errors(model: Any) -> dict[int | str, dict[str, Any]]:
    """The error statuses every operation documents, all with the ErrorBody schema."""
    return {int(code): {"model": model, "description": text} for code, text in _DESCRIPTIONS.items()}


_DESCRIPTIONS = {
    "401": "Not signed in, session expired, or wrong credentials",
    "403": "The role may not do this, or the CSRF token is missing",
    "404": "No such record, or not one you may see",
    "409": "Stale write (the record changed since your version; the body says what changed), or the time is "
    "taken by another appointment",
    "413": "The body, or a text in it, is longer than the configured limit (the message names it)",
    "422": "Invalid input; the message says which field and what to change",
}
