"""Request dependencies: the database session, the signed-in actor, and one explicit permission per route."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.clinical_store import AssessmentEngine, ClinicalRecords
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.reports_store import OutcomeReports
from painpath.adapters.db.schedule_repo import SqlAlchemySchedule
from painpath.config import Settings
from painpath.services.access import Actor, Perm, Role
from painpath.services.assessing import TextLimit
from painpath.services.errors import AuthenticationFailed, Forbidden
from painpath.services.scheduling import Scheduler
from painpath.web.schemas import MAX_ID

SESSION_COOKIE = "painpath_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PUBLIC = "public"
ANONYMOUS = Actor(user_id=None, username="anonymous", role=Role.ADMIN)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session. Opening one and closing one that holds no transaction is bookkeeping (no I/O), done
    on the event loop; FastAPI would run a plain generator's two halves on worker threads, two hops a request
    (issue 13). One left holding a connection (a route that failed mid-transaction) is closed on a thread."""
    session: Session = request.app.state.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


Db = Annotated[Session, Depends(get_session)]


def client_ip(request: Request) -> str:
    """The peer's address; X-Forwarded-For is believed only when the peer is a configured trusted proxy, and
    then the nearest address in it that is not itself a trusted proxy is the client."""
    peer = request.client.host if request.client else "unknown"
    settings: Settings = request.app.state.settings
    if not settings.trusted_proxies or not _is_trusted(peer, settings.trusted_proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain is not believed
        if not _is_trusted(hop, settings.trusted_proxies):
            return hop
    return peer


def _is_trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def authenticate(request: Request, db: Db) -> Actor:
    """Bearer token for API clients; session cookie (plus CSRF header on writes) for the browser."""
    return _sign_in(request, db, own_transaction=True)


def _credentials(request: Request) -> tuple[str, str]:
    """The token and its kind ("api" or "browser") the request carries; 401 when it carries none (no database)."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationFailed(
                "send the API token as 'Authorization: Bearer <token>' (POST /api/auth/token)"
            )
        return token.strip(), "api"
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie, "browser"
    raise AuthenticationFailed("sign in first: POST /api/auth/token for an API token, or /login in a browser")


def _sign_in(request: Request, db: Session, *, own_transaction: bool) -> Actor:
    """The token check: in a transaction of its own (committed here), or in the caller's (`SignIn`)."""
    token, kind = _credentials(request)
    accounts = Accounts(db, Actor(None, "anonymous", Role.ADMIN, ip=client_ip(request)))
    check = accounts.authenticate if own_transaction else accounts.check_token
    actor, csrf = check(token, kind=kind)
    request.state.actor = actor  # a refusal is audited as this person
    if kind == "browser" and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not secrets.compare_digest(sent, csrf):
            raise Forbidden(f"missing or wrong {CSRF_HEADER} header: send the token from the signed-in page")
    return actor


def _admit(actor: Actor, perm: Perm) -> Actor:
    if not actor.has(perm):
        raise Forbidden(f"the {actor.role.value} role may not do this (needs {perm.value})")
    return actor


def require(perm: Perm) -> Callable[..., Awaitable[Actor]]:
    """The dependency that admits only actors whose role grants ``perm`` (the route's one permission)."""

    async def dependency(actor: Annotated[Actor, Depends(authenticate)]) -> Actor:  # no I/O: on the event loop
        return _admit(actor, perm)

    dependency.permission = perm.value  # type: ignore[attr-defined]
    return dependency


class SignIn:
    """A route's sign-in that the route runs itself, first, in the transaction of the records it then reads
    (`require_in_route`): the same token, CSRF and permission checks as `require`, with one transaction and one
    connection checkout a request instead of two (issue 13, the chart read). Only for a route that does nothing
    but that transaction: the connection is taken and given back within the route's one thread, so a request
    never holds a connection (or SQLite's write turn) while it waits for a thread, the engine's lock or a render."""

    def __init__(self, request: Request, perm: Perm) -> None:
        self.request, self.perm = request, perm

    def actor(self, db: Session) -> Actor:
        """The signed-in actor, admitted to the route's permission; the transaction stays open for the route."""
        try:
            return _admit(_sign_in(self.request, db, own_transaction=False), self.perm)
        except BaseException:
            db.rollback()  # refused: end the transaction now (on SQLite it holds the write turn)
            raise


def require_in_route(perm: Perm) -> Callable[..., Awaitable[SignIn]]:
    """Like `require`, but the database check is left to the route (`SignIn.actor`, its first call); a request
    with no credentials at all is still refused here, before anything else."""

    async def dependency(request: Request) -> SignIn:
        _credentials(request)
        return SignIn(request, perm)

    dependency.permission = perm.value  # type: ignore[attr-defined]
    return dependency


def public() -> None:
    """Marks a route that needs no sign-in (health, sign-in itself)."""


public.permission = PUBLIC  # type: ignore[attr-defined]
Public = Depends(public)


def route_permission(dependant: Any) -> list[str]:
    """Every permission marker in a route's dependency tree (the app refuses routes with none)."""
    found = []
    for dep in dependant.dependencies:
        marker = getattr(dep.call, "permission", None)
        if marker is not None:
            found.append(marker)
        found.extend(route_permission(dep))
    return found


class Context:
    """What a route needs to build a store: the session, settings and the shared engine."""

    def __init__(self, request: Request, db: Db) -> None:
        self.db = db
        self.settings: Settings = request.app.state.settings
        self.request = request

    def patients(self, actor: Actor) -> PatientRecords:
        return PatientRecords(self.db, actor, audit_reads=self.settings.audit_reads)

    def clinical(self, actor: Actor) -> ClinicalRecords:
        return ClinicalRecords(self.db, actor, audit_reads=self.settings.audit_reads)

    def reports(self, actor: Actor) -> OutcomeReports:
        return OutcomeReports(self.db, actor, audit_reads=self.settings.audit_reads)

    def scheduler(self, actor: Actor) -> Scheduler:
        """The one scheduling use case (pages and API): booking rules, triage windows, no double booking."""
        from painpath.adapters.db.waitlist_store import Waitlist

        waitlist = Waitlist(self.db, actor, audit_reads=self.settings.audit_reads)
        return Scheduler(SqlAlchemySchedule(self.db, actor, audit_reads=self.settings.audit_reads),
                         after_free=waitlist.sweep)

    def accounts(self, actor: Actor) -> Accounts:
        return Accounts(self.db, actor, audit_reads=self.settings.audit_reads)

    @property
    def text_limit(self) -> TextLimit:
        return TextLimit(self.settings.max_text_chars)

    @property
    def engine(self) -> AssessmentEngine:
        engine: AssessmentEngine = self.request.app.state.assessment_engine()
        return engine


async def _context(request: Request, db: Db) -> Context:
    """The Context, built on the event loop (no I/O; a class dependency would cost a hop to a worker thread)."""
    return Context(request, db)


Ctx = Annotated[Context, Depends(_context)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
