"""Browser tests: one live PainPath server (temp SQLite, the demo clinic) and one headless Chromium for the whole
of tests/browser (package scope: both stop before the rest of the suite runs).

Fixtures for scenario tests:
  base_url              the server's address, e.g. http://127.0.0.1:43121
  demo                  the live server: .base_url and .ids (ids of demo records, for paths such as
                        /clinic/patients/{patient_id}; see pages.py)
  browser               the Playwright Browser (Debian's /usr/bin/chromium, never a downloaded build)
  new_page(role=None, viewport="desktop")
                        a fresh browser context and page; role "clinician", "front_desk", "patient" or "admin"
                        (or a demo username) signs in through the real /login form first. Every page is
                        guarded: a request outside the test server, a Content-Security-Policy violation or a
                        JavaScript error fails the test.
  signed_in(role)       the same factory, for readability: signed_in("clinician")
  axe_check(page)       the axe-core violations of serious or critical impact (a list; assert it is empty)
  screenshot(page, name)
                        writes docs/screenshots/{name}-desktop.png and {name}-phone.png
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from sqlalchemy import select

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROLE_USERS,
    VIEWPORTS,
    PageGuard,
    Violation,
    missing_tools,
    run_axe,
    save_screenshots,
    sign_in_through_form,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser carries the browser marker (make screenshots selects it)."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    base_url: str
    ids: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="package")
def _fast_password_hashing() -> Iterator[None]:
    """Production argon2 parameters cost ~25 ms of CPU a hash; the demo clinic and every sign-in hash passwords."""
    from argon2 import PasswordHasher

    from painpath.adapters.db import accounts_store

    production = accounts_store.HASHER
    accounts_store.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts_store.HASHER = production


def _demo_ids(sessions: Any) -> dict[str, int]:
    """Ids of demo records that page paths may name: Grace Okafor (the demo patient who can sign in), her
    latest assessment and next appointment."""
    from painpath.adapters.db.tables import Appointment, Assessment, Patient, User

    with sessions() as session:
        patient = session.scalar(select(User.patient_id).where(User.username == ROLE_USERS["patient"]))
        assert patient is not None, "the demo clinic has no patient login"
        assessment = session.scalar(
            select(Assessment.id).where(Assessment.patient_id == patient).order_by(Assessment.id.desc())
        )
        appointment = session.scalar(
            select(Appointment.id).where(Appointment.patient_id == patient).order_by(Appointment.starts_at)
        )
        other = session.scalar(select(Patient.id).where(Patient.id != patient).order_by(Patient.id))
    return {
        "patient_id": patient,
        "assessment_id": assessment or 0,
        "appointment_id": appointment or 0,
        "other_patient_id": other or 0,
    }


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory, assessor: Any, _fast_password_hashing: None) -> Iterator[LiveServer]:
    """The app served by uvicorn on 127.0.0.1 (a free port) over a migrated temp SQLite with the demo clinic."""
    import uvicorn

    from painpath.adapters.db.clinical_store import AssessmentEngine
    from painpath.adapters.db.database import make_engine, session_factory, upgrade
    from painpath.config import Settings
    from painpath.demo_clinic import demo_notes, load_demo
    from painpath.web.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'clinic.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    load_demo(sessions, AssessmentEngine(assessor), demo_notes())
    ids = _demo_ids(sessions)
    engine.dispose()

    app = create_app(Settings(database_url=url, cookie_secure=False), assessor=assessor)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="painpath-live-server",
                              daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/api/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if not thread.is_alive():
            pytest.fail("the live PainPath server stopped while starting (see the captured log above)")
        if time.monotonic() > deadline:
            pytest.fail(f"the live PainPath server did not answer {base_url}/api/health within 60 s")
        time.sleep(0.05)
    yield LiveServer(base_url=base_url, ids=ids)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="package")
def base_url(demo: LiveServer) -> str:
    return demo.base_url


@pytest.fixture(scope="package")
def _playwright() -> Iterator[Playwright]:
    problems = missing_tools()
    if problems:
        pytest.fail("browser tests cannot run:\n  " + "\n  ".join(problems), pytrace=False)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for the session (Playwright's own browser builds are never downloaded)."""
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


PageFactory = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator[PageFactory]:
    """Open a guarded page in a fresh context, signed in as ``role`` (or a demo username) if given."""
    opened: list[tuple[BrowserContext, PageGuard]] = []

    def factory(role: str | None = None, *, viewport: str = "desktop") -> Page:
        context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=base_url, locale="en-US")
        context.set_default_timeout(10_000)
        guard = PageGuard(origin=base_url)
        guard.watch(context)
        opened.append((context, guard))
        page = context.new_page()
        page.guard = guard  # type: ignore[attr-defined]  # for tests that check mid-scenario
        if role is not None:
            sign_in_through_form(page, base_url, ROLE_USERS.get(role, role))
        return page

    yield factory
    problems = [problem for _, guard in opened for problem in guard.problems()]
    for context, _ in opened:
        context.close()
    if problems:
        pytest.fail("a page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def signed_in(new_page: PageFactory) -> PageFactory:
    """signed_in("clinician") -> a page signed in through /login, on that role's start page."""
    return new_page


@pytest.fixture(scope="session")
def axe_check() -> Callable[[Page], list[Violation]]:
    """axe_check(page) -> the serious and critical axe-core violations on the page (assert it is [])."""
    return run_axe


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Page, str], list[Path]]:
    """screenshot(page, name) -> docs/screenshots/{name}-desktop.png and {name}-phone.png."""
    return save_screenshots
