"""The FastAPI application: create_app(settings) wires settings, database, engine and routes."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from painpath import __version__
from painpath.adapters.db import audit, token_cache
from painpath.adapters.db.clinical_store import AssessmentEngine
from painpath.adapters.db.database import check_ready, make_engine, session_factory
from painpath.adapters.db.throttle_store import SignInFailures
from painpath.config import Settings
from painpath.services.throttle import SignInThrottle, ThrottleLimits
from painpath.web import (
    api_docs,
    chart_route,
    errors,
    routes_admin,
    routes_auth,
    routes_cds,
    routes_clinical,
    routes_fhir,
    routes_intake,
    routes_jobs,
    routes_outcomes,
    routes_patients,
    routes_providers,
    routes_reports,
    routes_service,
    routes_waitlist,
)
from painpath.web.deps import route_permission
from painpath.web.pages import PAGE_ROUTERS
from painpath.web.pages import base as pages_base
from painpath.web.protection import RequestProtection
from painpath.web.schemas_more import ErrorBody


class LazyEngine:
    """Builds the assessment engine once, on first use or at start-up (loading spaCy takes a second or two)."""

    def __init__(self, assessor: Any = None) -> None:
        self._engine = AssessmentEngine(assessor) if assessor is not None else None
        self._lock = threading.Lock()

    def __call__(self) -> AssessmentEngine:
        with self._lock:
            if self._engine is None:
                from painpath.adapters.knowledge_files import load_default
                from painpath.services.assessment import Assessor

                self._engine = AssessmentEngine(Assessor(load_default()))
            return self._engine


def create_app(settings: Settings, *, assessor: Any = None, check_schema: bool = True) -> FastAPI:
    """The service; refuses to build on an unmigrated database (DatabaseNotReady says what to run)."""
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size,
                         max_overflow=settings.db_max_overflow)
    token_cache.install(engine, settings.session_cache_seconds)  # accepted token checks, a second or so
    if check_schema:
        check_ready(engine)
    audit.seal_for(session_factory(engine)())  # a missing or short audit key stops the start, not a request
    lazy = LazyEngine(assessor)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        lazy()  # load the language model before the first request, not during it
        chainer = None
        if engine.dialect.name == "postgresql" and settings.audit_chain_seconds > 0:
            # requests insert their audit entries unchained; this links them, once per batch (audit.py)
            chainer = audit.Chainer(session_factory(engine), interval=settings.audit_chain_seconds)
            chainer.start()
        yield
        if chainer is not None:
            chainer.stop()
        engine.dispose()

    app = FastAPI(
        title="PainPath clinic service",
        version=__version__,
        description="Patient records, assessments, plans and outcomes for a pain practice. Every route names its "
        "permission (x-permission); every read and write of patient data is audited.",
        lifespan=lifespan,
        responses=errors.documented_errors(ErrorBody),
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db_engine = engine
    app.state.sessions = session_factory(engine)
    app.state.assessment_engine = lazy
    _wire_jobs(app, settings)
    app.state.sign_in_throttle = SignInThrottle(
        ThrottleLimits(
            per_account_address=settings.max_failed_logins,
            per_account=settings.max_failed_logins_account,
            per_address=settings.max_failed_logins_address,
            window_seconds=settings.lockout_minutes * 60,
        ),
        SignInFailures(engine),  # in the database: every worker and machine counts the same failures
    )
    errors.install(app)
    pages_base.install(app)  # HTML error pages and security headers for the browser pages
    # CDS Hooks first: a request is matched against the routers in this order, route by route, and a hook call
    # (issue 14's speed goal: p95 <= 100 ms at 20 callers) spent more time being matched against the API's
    # hundreds of routes than in its JWT check. No other router's paths start with /cds-services.
    routers = [routes_cds.router]
    routers.append(routes_service.router)  # readiness for load balancers and `painpath serve --workers`
    routers += [m.router for m in (routes_auth, routes_patients, routes_clinical, routes_admin, routes_reports)]
    routers.append(routes_outcomes.router)  # goals, questionnaires due, worklist (issue 6)
    routers.append(routes_intake.router)  # referrals and history packets (issue 5)
    routers.append(routes_providers.router)  # clinicians, sites, insurance, matching, prior auth (issue 15)
    routers.append(routes_waitlist.router)  # the waitlist (issue 15)
    routers.append(routes_jobs.router)  # background jobs and dead letters (issue 13)
    routers.append(routes_fhir.router)  # FHIR R4 (issue 14)
    routers.append(routes_providers.feed_router)  # iCalendar feeds behind secret links (issue 15)
    for router in [*routers, *PAGE_ROUTERS]:
        _declare_permissions(router)
        app.include_router(router)
    chart_route.install(app)  # the chart read ahead of FastAPI's router (issue 13, the seventh round)
    api_docs.install(app)  # /docs from the app's own files (issue 11, point 7)
    app.mount("/static", StaticFiles(directory=pages_base.STATIC_DIR), name="static")
    app.add_middleware(RequestProtection, max_body_bytes=settings.max_body_bytes)
    return app


def _wire_jobs(app: FastAPI, settings: Settings) -> None:
    """Background jobs: Redis (arq) when PAINPATH_REDIS_URL is set, else threads in this process."""
    from painpath.adapters.db.jobs_store import JobRecords
    from painpath.adapters.job_queue import ArqQueue, InProcessQueue
    from painpath.adapters.jobs_registry import REGISTRY, context_from_env
    from painpath.services.jobs import JobRunner

    records = JobRecords(app.state.sessions)
    runner = JobRunner(records, context_from_env(app.state.sessions), REGISTRY, settings.job_retry_seconds)
    app.state.job_records = records
    app.state.job_runner = runner
    app.state.job_queue = (ArqQueue(settings.redis_url, settings.queue_name) if settings.redis_url
                           else InProcessQueue(runner))


def app_from_env() -> FastAPI:
    """The application factory each server worker process calls (`painpath serve --workers N`): every worker
    reads the PAINPATH_* settings and builds its own database pool and reader; nothing is shared across them."""
    return create_app(Settings.from_env())


def _declare_permissions(router: APIRouter) -> None:
    """Every route carries exactly one explicit permission; a route without one is a start-up error."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        found = route_permission(route.dependant)
        if len(set(found)) != 1:
            raise RuntimeError(
                f"route {route.path} {sorted(route.methods or [])} must declare one permission, has {found}"
            )
        route.openapi_extra = {**(route.openapi_extra or {}), "x-permission": found[0]}
