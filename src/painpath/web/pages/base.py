"""What every browser page shares: who is signed in, one permission per page, CSRF on forms, rendering,
field-level form errors, and HTML error pages (the JSON API keeps its own error bodies).

Pages are server-rendered with Jinja2 (autoescaped) and work without JavaScript; static/app.js only adds
conveniences (the body map, progress on long actions). Every page sends a Content-Security-Policy that
allows nothing from outside the app.
"""

from __future__ import annotations

import functools
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
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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

def source_words(ids: object) -> str:
    """Knowledge source ids as pages show them ('kdigo2012; nsaid_older_adults' -> 'KDIGO kidney disease guideline,
    2012; Review of NSAID use in older adults'): each source's short name from the knowledge base (Source.short)."""
    from painpath.adapters.knowledge_files import load_default

    sources = load_default().sources
    names = [part.strip() for part in re.split(r"[;,]", str(ids or "")) if part.strip()]
    return "; ".join(sources[n].short if n in sources else n.replace("_", " ") for n in names)


templates.env.filters["source_words"] = source_words

MOMENT = "%Y-%m-%d %H:%M"  # the one way pages write a moment: year-month-day and a 24-hour time, clinic time


def _in_zone(context: Any, moment: datetime) -> datetime:
    zone = context.get("clinic_tz") or UTC
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # everything stored is UTC
    return aware.astimezone(zone)


@pass_context
def when(context: Any, moment: datetime | None) -> str:
    """A stored moment on the clinic's wall clock: 2026-03-01 14:05 (the footer names the zone; a page rendered
    without the clinic's zone says UTC)."""
    if moment is None:
        return ""
    return _in_zone(context, moment).strftime(MOMENT) + ("" if context.get("clinic_tz") else " UTC")


@pass_context
def clock(context: Any, moment: datetime | None) -> str:
    """The time of day of a stored moment on the clinic's wall clock, 24-hour: 14:05."""
    return _in_zone(context, moment).strftime("%H:%M") if moment is not None else ""


templates.env.filters["when"] = when
templates.env.filters["clock"] = clock
# the example in every day field's hint (shared/macros.html `date`): today, written year-month-day
templates.env.globals["date_example"] = lambda: date.today().isoformat()


def _zone_of(session: Any) -> ZoneInfo:
    from painpath.adapters.db.schedule_repo import clinic_policy

    return clinic_policy(session).tz


def clinic_zone(request: Request) -> ZoneInfo:
    """The clinic's time zone (clinic setting clinic_timezone, else the scheduling policy file's), as read when the
    page's user was signed in (a fresh read, on a connection of its own, otherwise)."""
    found = getattr(request.state, "clinic_tz", None)
    if isinstance(found, ZoneInfo):
        return found
    with request.app.state.sessions() as session:
        return _zone_of(session)

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
    Role.THERAPIST: [
        ("Patients", "/therapy/patients"),
    ],
    Role.ADMIN: [
        ("Administration", "/admin"),
        ("Users", "/admin/users"),
        ("Clinic settings", "/admin/settings"),
        ("Audit log", "/admin/audit"),
        ("Clinicians", "/admin/clinicians"),
        ("Sites", "/admin/sites"),
        ("Background jobs", "/admin/jobs"),
    ],
}
HOME = {
    Role.CLINICIAN: "/clinic/today",
    Role.FRONT_DESK: "/desk/schedule",
    Role.PATIENT: "/portal",
    Role.ADMIN: "/admin",
    Role.THERAPIST: "/therapy/patients",
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
    request.state.clinic_tz = _zone_of(db)  # every time on the page on the clinic's clock
    db.commit()  # end this read: the request holds no database lock while it works and renders
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
    """What the person typed and what is wrong with it, field by field, to show the form again. ``labels`` are the
    fields' visible labels (filled by render() from the template), so the error summary names what people see."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def label(self, name: str) -> str:
        """The field's visible label ("Record number (MRN)"), else its name in words ("Due on")."""
        return self.labels.get(name) or name.replace("_", " ").strip().capitalize()

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
    """Validate the form with a pydantic model; on failure, record one message per field in ``state``, in words
    that say how to put it right (human_message). Empty strings count as not given, so optional fields may be
    left blank."""
    payload = {k: v for k, v in (state.values if data is None else data).items() if v not in ("", [])}
    try:
        return model.model_validate(payload)
    except ValidationError as err:
        for error in err.errors():
            name = _where(tuple(error.get("loc", ()))).split(".")[0]
            state.errors.setdefault(name, human_message(dict(error)))
        return None


def _number(value: Any) -> str:
    """A limit as people write it: 100, 2.5, 1,000,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}" if isinstance(value, float) else str(value)


def human_message(error: Mapping[str, Any]) -> str:
    """A pydantic error as a person reads it next to the field: what to type instead ("use a number from ... ",
    "give the date as year-month-day, e.g. 2026-03-01"), never "Input should be ..." or a parser's words."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    example = date.today().isoformat()
    if kind == "missing":
        return "is required: fill it in"
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return f"is too large: use {'at most' if kind == 'less_than_equal' else 'less than'} {_number(limit)}"
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return f"is too small: use {'at least' if kind == 'greater_than_equal' else 'more than'} {_number(limit)}"
    if kind in ("float_parsing", "float_type", "decimal_parsing", "finite_number"):
        return "type a number, with a dot for decimals, e.g. 7 or 2.5"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "type a whole number, e.g. 7"
    if (kind.startswith("date") and "time" not in kind) or kind in ("date_from_datetime_parsing",
                                                                 "date_from_datetime_inexact"):
        return f"give the date as year-month-day, e.g. {example}"
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return f"give the date as year-month-day and a 24-hour time, e.g. {example} 14:30"
    if kind.startswith("time"):
        return "give a 24-hour time, e.g. 14:30"
    if kind in ("literal_error", "enum"):
        return "choose one of the options offered"
    if kind in ("bool_parsing", "bool_type"):
        return "choose yes or no"
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        return "is required: fill it in" if least <= 1 else f"is too short: use at least {least} characters"
    if kind == "string_too_long":
        return f"is too long: use at most {ctx.get('max_length')} characters (shorten it)"
    if kind in ("too_long", "too_short"):
        return f"has too {'many' if kind == 'too_long' else 'few'} entries: choose " + (
            f"at most {ctx.get('max_length')}" if kind == "too_long" else f"at least {ctx.get('min_length')}")
    if kind == "extra_forbidden":
        return "is not a field of this form: reload the page and try again"
    return _message(dict(error))


_LABELLED = re.compile(r'm\.(?:input|date|time|textarea|select|radios|checkboxes)\(\s*\w+,\s*"(\w+)",\s*"([^"{}]+)"')
_INCLUDE = re.compile(r'\{%-?\s*include\s+"([^"]+)"')


def field_labels(template: str) -> dict[str, str]:
    """The visible label of each field a template (and what it includes) draws with the form macros."""
    return dict(_field_labels(template))


@functools.cache
def _field_labels(template: str) -> tuple[tuple[str, str], ...]:
    path = WEB / "templates" / template
    if not path.is_file():
        return ()
    text = path.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for included in _INCLUDE.findall(text):
        found.update(_field_labels(included))
    for name, label in _LABELLED.findall(text):
        found.setdefault(name, label)
    return tuple(found.items())


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
    labels = field_labels(template)
    for value in [*context.values(), *(v for d in context.values() if isinstance(d, dict) for v in d.values())]:
        if isinstance(value, FormState):  # the error summary names each field as the page labels it
            value.labels = {**labels, **value.labels}
    if user is not None and "clinic_tz" not in context:
        context["clinic_tz"] = clinic_zone(request)
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


def _part_words(loc: tuple[Any, ...]) -> str:
    """Where in a request a problem is, in words: ('path', 'patient_id') -> 'the patient number'."""
    name = _where(loc).split(".")[-1]
    if name == "body":
        return "the form"
    words = name.removesuffix("_id").replace("_", " ") + (" number" if name.endswith("_id") else "")
    return f"the {words}"


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
    api_invalid_handler: Any = app.exception_handlers.get(RequestValidationError)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        """A page address or form PainPath cannot read (/desk/patients/abc, ?day=tomorrow): an HTML page saying
        which part and how to put it right; /api and /fhir keep their JSON (and FHIR OperationOutcome) bodies."""
        if not is_page(request) and api_invalid_handler is not None:
            return cast(Response, await api_invalid_handler(request, exc))
        problems = list(dict.fromkeys(f"{_part_words(tuple(e.get('loc', ())))} {human_message(e)}"
                                      for e in exc.errors()))
        where = "form" if request.method == "POST" else "address"
        message = (f"This {where} has something PainPath cannot read: {'; '.join(problems[:3])}. Go back and use "
                   "the page's links and buttons rather than typing or editing the address.")
        return error_page(request, 422, message)

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

    app.add_middleware(PageHeaders)


class PageHeaders:
    """The browser pages' security headers (CSP, nosniff, same-origin referrer; no-store on HTML), added where a
    response does not set them already. A pure ASGI middleware: Starlette's BaseHTTPMiddleware ran every request
    (the API and CDS Hooks calls too) through a task group, memory streams and a streaming response just to look
    at the path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_page(Request(scope)):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Cache-Control", "no-store")
                message = {**message, "headers": headers.raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def now_utc() -> datetime:
    return datetime.now(UTC)


PageDep = Annotated[PageUser, Depends(page(Perm.SELF))]
