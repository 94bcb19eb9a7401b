"""What every browser page shares: who is signed in, one permission per page, CSRF on forms, rendering,
field-level form errors, and HTML error pages (the JSON API keeps its own error bodies).

Pages are server-rendered with Jinja2 (autoescaped) and work without JavaScript; static/app.js only adds
conveniences (the body map, progress on long actions). Every page sends a Content-Security-Policy that
allows nothing from outside the app.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.tables import ClinicSetting
from painpath.services.access import Actor, Perm, Role
from painpath.services.errors import AuthenticationFailed, Forbidden, NotFound, ServiceError, StaleWrite
from painpath.web.deps import SESSION_COOKIE, Db, client_ip
from painpath.web.errors import _message, _where, audit_denied
from painpath.web.schemas import MAX_ID

WEB = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=str(WEB / "templates"))
STATIC_DIR = WEB / "static"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

# What each role sees in the top navigation: (label, path).
NAV: dict[Role, list[tuple[str, str]]] = {
    Role.CLINICIAN: [
        ("Today", "/clinic/today"),
        ("Worklist", "/clinic/worklist"),
        ("Patients", "/clinic/patients"),
        ("Outcomes report", "/clinic/reports/outcomes"),
    ],
    Role.FRONT_DESK: [
        ("Schedule", "/desk/schedule"),
        ("Referrals", "/desk/referrals"),
        ("Patients", "/desk/patients"),
        ("Register patient", "/desk/patients/new"),
        ("Waitlist", "/desk/waitlist"),
        ("Blocked time", "/desk/blocked-time"),
    ],
    Role.PATIENT: [
        ("My care", "/portal"),
        ("History packet", "/portal/history"),
        ("Questionnaires", "/portal/questionnaires"),
        ("Appointments", "/portal/appointments"),
        ("Reminders", "/portal/reminders"),
    ],
    Role.ADMIN: [("Administration", "/admin")],
}
HOME = {
    Role.CLINICIAN: "/clinic/today",
    Role.FRONT_DESK: "/desk/schedule",
    Role.PATIENT: "/portal",
    Role.ADMIN: "/admin",
}


class LoginRequired(Exception):
    """No valid browser session: send the person to the sign-in page, then back here."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True)
class PageUser:
    """The signed-in person behind a page request and their session's CSRF token."""

    actor: Actor
    csrf: str

    @property
    def role(self) -> Role:
        return self.actor.role


def _session_user(request: Request, db: Any) -> PageUser:
    cookie = request.cookies.get(SESSION_COOKIE)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not cookie:
        raise LoginRequired(target)
    accounts = Accounts(db, Actor(None, "anonymous", Role.ADMIN, ip=client_ip(request)))
    try:
        actor, csrf = accounts.authenticate(cookie, kind="browser")
    except AuthenticationFailed:
        raise LoginRequired(target) from None
    user = PageUser(actor, csrf)
    request.state.page_user = user  # error pages keep the person's navigation
    request.state.actor = actor  # a refusal is audited as this person
    return user


def page(perm: Perm) -> Callable[..., PageUser]:
    """A page (GET) that needs ``perm``: not signed in goes to /login; the wrong role gets a 403 page."""

    def dependency(request: Request, db: Db) -> PageUser:
        user = _session_user(request, db)
        if not user.actor.has(perm):
            raise Forbidden(f"the {user.role.value.replace('_', ' ')} role may not open this page")
        return user

    dependency.permission = perm.value  # type: ignore[attr-defined]
    return dependency


def form(perm: Perm) -> Callable[..., Awaitable[PageUser]]:
    """A form submission (POST) that needs ``perm`` and the session's CSRF token in the csrf_token field."""

    async def dependency(request: Request, db: Db) -> PageUser:
        user = _session_user(request, db)
        if not user.actor.has(perm):
            raise Forbidden(f"the {user.role.value.replace('_', ' ')} role may not do this")
        sent = str((await request.form()).get("csrf_token", ""))
        if not sent or not secrets.compare_digest(sent, user.csrf):
            raise Forbidden("this form expired or was not sent from this site: go back, reload and try again")
        return user

    dependency.permission = perm.value  # type: ignore[attr-defined]
    return dependency


@dataclass
class FormState:
    """What the person typed and what is wrong with it, field by field, to show the form again."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def values_of(self, name: str) -> list[str]:
        found = self.values.get(name, [])
        return list(found) if isinstance(found, list | tuple) else [found]


async def form_values(request: Request, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The submitted fields, trimmed; fields named in ``lists`` (checkbox groups) keep every value."""
    data = await request.form()
    values: dict[str, Any] = {}
    for key in data:
        if key == "csrf_token":
            continue
        if key in lists:
            values[key] = [str(v).strip() for v in data.getlist(key) if str(v).strip()]
        else:
            values[key] = str(data.get(key, "")).strip()
    for key in lists:
        values.setdefault(key, [])
    return values


M = TypeVar("M", bound=BaseModel)


_WHOLE = re.compile(r"[0-9]{1,12}")


def form_int(value: Any, *, default: int | None = None) -> int | None:
    """A form field holding an id or a version: ASCII digits only and at most MAX_ID, else ``default``.
    (``str.isdigit`` accepts '²' and 5000-digit numbers, which int() and the database then refuse.)"""
    text = str(value or "")
    if not _WHOLE.fullmatch(text) or int(text) > MAX_ID:
        return default
    return int(text)


FIRST_DAY = date(1900, 1, 1)


def calendar_problem(day: date) -> str | None:
    """Why a schedule day cannot be used (beyond what a clinic books), or None: keeps date arithmetic in range."""
    last = date.today().replace(year=date.today().year + 5)
    if day < FIRST_DAY or day > last:
        return f"choose a day between {FIRST_DAY.isoformat()} and {last.isoformat()}"
    return None


def validate(model: type[M], state: FormState, data: Mapping[str, Any] | None = None) -> M | None:
    """Validate the form with a pydantic model; on failure, record one message per field in ``state``.
    Empty strings count as not given, so optional fields may be left blank."""
    payload = {k: v for k, v in (state.values if data is None else data).items() if v not in ("", [])}
    try:
        return model.model_validate(payload)
    except ValidationError as err:
        for error in err.errors():
            name = _where(tuple(error.get("loc", ()))).split(".")[0]
            state.errors.setdefault(name, _message(dict(error)))
        return None


def clinic_contact(request: Request) -> dict[str, str]:
    """The clinic's name and phone number (clinic settings clinic_name and clinic_phone) for the portal's
    every page: how a patient reaches the care team. An empty phone when the clinic has not set one."""
    with request.app.state.sessions() as session:
        values = {row.key: row.value for row in session.scalars(
            select(ClinicSetting).where(ClinicSetting.key.in_(("clinic_name", "clinic_phone"))))}
    return {"name": values.get("clinic_name") or "your clinic", "phone": values.get("clinic_phone", "")}


def render(
    request: Request, template: str, user: PageUser | None, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page with the layout's context: the user, their navigation and the CSRF token."""
    nav = NAV.get(user.role, []) if user else []
    if user is not None and user.role is Role.PATIENT and "clinic_contact" not in context:
        context["clinic_contact"] = clinic_contact(request)
    return templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf": user.csrf if user else "",
            "nav": nav,
            "path": request.url.path,
            "today": date.today(),
            "notice": signed_notice(request),
            **context,
        },
        status_code=status,
    )


# Notices travel in the redirect's address with a signature, so a link cannot put words of its own in the page's
# status box ("?notice=stop taking your medicines"). The key lives for the process: a notice from before a
# restart is simply not shown.
_NOTICE_KEY = secrets.token_bytes(32)


def _notice_signature(text: str) -> str:
    return hmac.new(_NOTICE_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def signed_notice(request: Request) -> str:
    """The notice of this page, if the app itself wrote it."""
    text = request.query_params.get("notice", "")[:200]
    signature = request.query_params.get("ns", "")
    if text and signature and hmac.compare_digest(signature, _notice_signature(text)):
        return text
    return ""


def redirect(path: str, *, notice: str = "") -> RedirectResponse:
    """After a successful form: redirect (303) so a reload does not submit twice, with a short notice."""
    if notice:
        notice = notice[:200]
        fragment = ""
        if "#" in path:
            path, _, fragment = path.partition("#")
            fragment = "#" + fragment
        path += ("&" if "?" in path else "?") + f"notice={quote(notice)}&ns={_notice_signature(notice)}" + fragment
    return RedirectResponse(path, status_code=303)


def safe_next(value: str) -> str:
    """Only a path on this site may follow sign-in (no open redirects)."""
    parts = urlsplit(value)
    if not value.startswith("/") or value.startswith("//") or parts.scheme or parts.netloc or "\\" in value:
        return ""
    return value


def is_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith(("/api/", "/fhir/", "/cds-services"))
                or path in {"/fhir", "/openapi.json", "/docs", "/redoc"})


_TITLES = {
    401: "Please sign in",
    403: "Not available to your role",
    404: "Not found",
    409: "Changed by someone else",
    422: "Please check what was entered",
}


def error_page(request: Request, status: int, message: str) -> Response:
    """An HTML error page for browser routes; the person keeps their navigation."""
    user = getattr(request.state, "page_user", None)
    if user is None and request.cookies.get(SESSION_COOKIE):
        db = request.app.state.sessions()
        try:  # a signed-in person on a missing page keeps their navigation
            user = _session_user(request, db)
        except LoginRequired:
            user = None
        finally:
            db.close()
    return render(request, "shared/error.html", user, status=status, title=_TITLES.get(status, "Error"),
                  message=message)


def install(app: FastAPI) -> None:
    """HTML responses for errors on page routes, the sign-in redirect, and the security headers."""
    api_service_handler: Any = app.exception_handlers.get(ServiceError)  # the JSON handlers from errors.install
    api_http_handler: Any = app.exception_handlers.get(HTTPException)

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> Response:
        target = safe_next(exc.next_path)
        suffix = f"?next={quote(target)}" if target and target != "/" else ""
        return RedirectResponse(f"/login{suffix}", status_code=303)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> Response:
        if not is_page(request) and api_service_handler is not None:
            return cast(Response, await api_service_handler(request, exc))
        status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden) else 409 if isinstance(
            exc, StaleWrite) else 422
        if isinstance(exc, AuthenticationFailed):
            raise LoginRequired(request.url.path)
        if status in (403, 404):
            await run_in_threadpool(audit_denied, request, status)
        return error_page(request, status, str(exc))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if not is_page(request) and api_http_handler is not None:
            return cast(Response, await api_http_handler(request, exc))
        message = "There is no page at this address." if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, message)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if is_page(request):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            if response.headers.get("content-type", "").startswith("text/html"):
                response.headers.setdefault("Cache-Control", "no-store")
        return response


def now_utc() -> datetime:
    return datetime.now(UTC)


PageDep = Annotated[PageUser, Depends(page(Perm.SELF))]
