"""No page shows a code where a person expects words (issue 16): the demo clinic's pages, opened as each role by
following the links a person can follow, must not show snake_case ids such as ``medial_branch_block``,
``facet_lcd`` or ``follow_up`` in their visible text. Every code that reaches a page has a human label."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.browser.harness import ROLE_USERS, START_PAGES

# A snake_case id: lower-case words joined by underscores (medial_branch_block, facet_lcd, follow_up).
CODE = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
# Paths not followed: sign-out, downloads, calendar feeds, machine formats, and forms that change something.
SKIP = re.compile(r"^/(logout|static/|api/|fhir|docs|openapi|activate/|calendar/)|\.(csv|pdf|ics|json)$")
# A name said twice before its detail, as in "tramadol: tramadol: 50 mg" (a label pasted in front of itself).
# The browser's own date and time pickers, which write the day and hour the browser's way (12/04/2026, 02:30 PM).
PICKER = re.compile(r"<input\b[^>]*\btype=[\"']?(date|datetime-local|time|month|week)\b", re.IGNORECASE)
# A 12-hour time (2:30 PM, 9 am, 11.15 p.m.) or a day written with the month's name (04 December 2026, Dec 4, 2026).
TWELVE_HOUR = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*[AaPp]\.?[Mm]\b\.?")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_WORDS = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b) \d{{4}}\b"
                         rf"|\b(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{{1,2}}, \d{{4}}\b")
STUTTER = re.compile(r"(?<!\w)([A-Za-z][\w -]{2,40}): \1:")
PER_SHAPE = 20  # pages of one shape (/clinic/patients/N) opened per role: every demo patient's
MAX_PAGES = 400


class VisibleText(HTMLParser):
    """The text a sighted person reads, plus the words a screen reader says (aria-label, alt, title, placeholder,
    the chosen option of a select is already text); scripts, styles and hidden inputs say nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("script", "style", "template"):
            self._silent += 1
        for name in ("aria-label", "alt", "title", "placeholder"):
            if found.get(name):
                self.parts.append(str(found[name]))
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(str(found["value"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.parts.append(data)


def read(page_html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(page_html)
    return parser


def shape(path: str) -> str:
    return re.sub(r"/[0-9]+(?=/|$)", "/N", path)


def crawl(client: TestClient, start: list[str]) -> Iterator[tuple[str, str, str]]:
    """(path, visible text, page HTML) of every page reachable by links from ``start``, a few of each shape."""
    queue, seen, shapes = deque(start), set(start), dict[str, int]()
    opened = 0
    while queue and opened < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        opened += 1
        if response.status_code >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page = read(response.text)
        yield path, " ".join(page.parts), response.text
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "notice=" not in parts.query else "")
            key = shape(parts.path)
            if target in seen or shapes.get(key, 0) >= PER_SHAPE:
                continue
            seen.add(target)
            shapes[key] = shapes.get(key, 0) + 1
            queue.append(target)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory, assessor: Any) -> Iterator[TestClient]:
    """The demo clinic (the one `painpath demo` loads and the screenshots show) on a migrated temp SQLite."""
    from argon2 import PasswordHasher

    from painpath.adapters.db import accounts_store
    from painpath.adapters.db.clinical_store import AssessmentEngine
    from painpath.adapters.db.database import make_engine, session_factory, upgrade
    from painpath.config import Settings
    from painpath.demo_clinic import demo_notes, load_demo
    from painpath.web.app import create_app

    production = accounts_store.HASHER
    accounts_store.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    url = f"sqlite:///{tmp_path_factory.mktemp('codes') / 'clinic.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_demo(session_factory(engine), AssessmentEngine(assessor), demo_notes())
    engine.dispose()
    app = create_app(Settings(database_url=url, cookie_secure=False), assessor=assessor)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        accounts_store.HASHER = production


def signed_in(app_client: TestClient, username: str) -> TestClient:
    from painpath.demo_clinic import DEMO_PASSWORD

    client = TestClient(app_client.app)
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    done = client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
                       follow_redirects=False)
    assert done.status_code == 303, done.text[:200]
    return client


def test_the_scanner_finds_codes_and_ignores_words() -> None:
    page = read('<p>Plan: medial_branch_block #3 <span title="facet_lcd">x</span></p>'
                '<script>var a_b = 1</script><input type="hidden" name="follow_up" value="x_y">'
                '<a href="/clinic/patients/3/summary_pdf">Summary</a> <p>e-mail a.b_c@example.org, Follow-up</p>')
    assert CODE.findall(" ".join(page.parts)) == ["medial_branch_block", "facet_lcd"]
    assert STUTTER.search("Current: tramadol: tramadol: 50 mg twice a day")
    assert not STUTTER.search("Tramadol: 50 mg: twice a day")


@pytest.mark.parametrize("role", ["clinician", "front_desk", "patient", "admin"])
def test_no_page_shows_an_unlabelled_code(demo_app: TestClient, role: str) -> None:
    from tests.browser.pages import MAIN_PAGES

    client = signed_in(demo_app, ROLE_USERS[role])
    start = [START_PAGES[role]] + [p for r, p, _ in MAIN_PAGES if r == role and "{" not in p]
    found: dict[str, set[str]] = {}
    seen_in: dict[str, str] = {}
    pages = 0
    for path, text, _ in crawl(client, start):
        pages += 1
        for match in [*CODE.finditer(text), *STUTTER.finditer(text)]:
            found.setdefault(match.group(), set()).add(path)
            seen_in.setdefault(match.group(), " ".join(text[max(0, match.start() - 60):match.end() + 40].split()))
    assert pages >= 3, f"only {pages} pages opened for {role}"
    report = "\n".join(f"  {code}: {', '.join(sorted(paths)[:3])}\n    ...{seen_in[code]}..."
                       for code, paths in sorted(found.items()))
    assert not found, f"codes shown to the {role} without a label:\n{report}"


def test_every_knowledge_source_has_a_short_name_for_pages() -> None:
    from painpath.adapters.knowledge_files import load_default
    from painpath.web.pages.base import source_words

    for source in load_default().sources.values():
        assert source.short and "_" not in source.short and len(source.short) <= 95, source.id
    assert source_words("eular_fm2017; practice_description") == (
        "Macfarlane GJ et al., 2017; The clinic's practice description")


def date_and_time_problems(page_html: str, text: str) -> list[str]:
    """What on one page breaks the one date and time format: a browser picker, a 12-hour time, a month's name."""
    return ([f'<input type="{m.group(1)}">' for m in PICKER.finditer(page_html)]
            + [m.group().strip() for m in TWELVE_HOUR.finditer(text)]
            + [m.group() for m in MONTH_WORDS.finditer(text)])


def test_the_date_scanner_finds_pickers_12_hour_times_and_month_names() -> None:
    page_html = ('<input id="f-day" name="day" type="date"><input type=\'time\' name="at">'
                 '<input name="q" type="text" placeholder="YYYY-MM-DD"><p>x</p>')
    text = "Seen 2:30 PM, back at 9 am; letter of 04 December 2026 and Dec 4, 2026; 14:30 on 2026-12-04; 5 pm."
    assert date_and_time_problems(page_html, text) == [
        '<input type="date">', '<input type="time">', "2:30 PM", "9 am", "5 pm.", "04 December 2026", "Dec 4, 2026"]
    assert date_and_time_problems('<input type="text" inputmode="numeric">',
                                  "Friday 2026-12-04 at 14:30, 30 min; 10 mg twice a day; 3 amitriptyline") == []


@pytest.mark.parametrize("role", ["clinician", "front_desk", "patient", "admin", "therapist"])
def test_no_page_has_a_browser_date_picker_or_another_date_format(demo_app: TestClient, role: str) -> None:
    """Issue 16: one time zone and one 24-hour, year-month-day format everywhere. Every page a role can reach (the
    same crawl as the code scan) is free of the browser's date/time pickers, 12-hour times and month-name dates,
    so a new page cannot bring them back."""
    from tests.browser.pages import MAIN_PAGES

    client = signed_in(demo_app, ROLE_USERS[role])
    start = [START_PAGES[role]] + [p for r, p, _ in MAIN_PAGES if r == role and "{" not in p]
    found: dict[str, list[str]] = {}
    pages = 0
    for path, text, page_html in crawl(client, start):
        pages += 1
        problems = date_and_time_problems(page_html, text)
        if problems:
            found[path] = problems
    assert pages >= 3, f"only {pages} pages opened for {role}"
    report = "\n".join(f"  {path}: {', '.join(sorted(set(problems))[:5])}" for path, problems in found.items())
    assert not found, f"pages for the {role} with another date or time format:\n{report}"
