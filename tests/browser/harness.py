"""Browser-test harness: Debian's Chromium driven by Playwright, axe-core, screenshots and the page guard.

The fixtures in conftest.py are built from these pieces; scenario tests may import them directly too.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

PROJECT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = PROJECT / "docs" / "screenshots"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM = os.environ.get("PAINPATH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

DEMO_PASSWORD = "painpath-demo-2026"
# Who signs in for each role (the demo clinic's logins, src/painpath/demo_clinic.py).
ROLE_USERS = {
    "clinician": "dr.osei",
    "front_desk": "desk.martin",
    "patient": "patient.okafor",
    "admin": "admin",
    "therapist": "pt.reyes",
}
# Where each role starts after signing in (painpath.web.pages.base.HOME).
START_PAGES = {
    "clinician": "/clinic/today",
    "front_desk": "/desk/schedule",
    "patient": "/portal",
    "admin": "/admin",
    "therapist": "/therapy/patients",
}
SERIOUS = ("serious", "critical")
CSP_TEST_PAGE = "/__harness-self-test"  # a path the app does not serve; test_harness.py fulfils it


def missing_tools() -> list[str]:
    """What the browser tests need that is not installed, each with the command that installs it."""
    problems = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        problems.append(
            f"Chromium is not at {CHROMIUM}{f' (found {found}: set PAINPATH_CHROMIUM)' if found else ''}; "
            "install Debian's: apt-get update && apt-get install -y chromium (make test does this)"
        )
    if not AXE_JS.is_file():
        problems.append(
            f"axe-core is not installed ({AXE_JS} is missing): npm ci --prefix tests/browser (make test does this)"
        )
    return problems


@dataclass
class PageGuard:
    """Records what a page must never do: reach outside the test server, break the CSP, throw in JavaScript.

    Requests to any other origin are aborted (no test ever touches the network) and recorded.
    """

    origin: str
    external: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _route(self, route: Any, request: Request) -> None:
        if self.is_local(request.url):
            route.continue_()
        else:
            self.external.append(f"{request.method} {request.url} (from {request.frame.url})")
            route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def problems(self) -> list[str]:
        return (
            [f"requested a URL outside the test server: {u}" for u in self.external]
            + [f"broke the Content-Security-Policy: {m}" for m in self.csp]
            + [f"JavaScript error: {e}" for e in self.errors]
        )


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on a page, readable in an assertion message."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]

    def __repr__(self) -> str:
        where = ", ".join(self.targets[:8]) + (f" (+{len(self.targets) - 8} more)" if len(self.targets) > 8 else "")
        return f"\n  {self.rule} [{self.impact}]: {self.help} -- at {where} ({self.help_url})"


def run_axe(page: Page, impacts: tuple[str, ...] = SERIOUS) -> list[Violation]:
    """Run axe-core on the page as it is now; the violations whose impact is in ``impacts``.

    axe is injected through the DevTools protocol (like Playwright's own scripts), so the page keeps its
    strict Content-Security-Policy and the check sees exactly what a person's browser renders.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return JSON.stringify(r.violations.map(v => ({
                rule: v.id, impact: v.impact || "", help: v.help, help_url: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(" "))})));
        }"""
    )
    found = [Violation(**{**v, "targets": tuple(v["targets"])}) for v in json.loads(result)]
    return [v for v in found if v.impact in impacts]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return int(page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"))


def save_screenshots(page: Page, name: str) -> list[Path]:
    """Full-page screenshots at desktop and phone width: docs/screenshots/{name}-desktop.png and -phone.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    saved = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        target = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True, animations="disabled")
        saved.append(target)
    if before:
        page.set_viewport_size(before)
    return saved


def sign_in_through_form(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as a person does: open /login, type, press the button; stops on the page the server sends."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if urlsplit(page.url).path == "/login":
        alert = page.get_by_role("alert")
        message = alert.inner_text() if alert.count() else "(no message)"
        raise AssertionError(f"signing in as {username} failed: {message}")
