"""The main pages in a real browser: accessibility (axe-core), keyboard use, phone layout, screenshots, sign-in."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from painpath.services.access import Role
from painpath.web.pages.base import NAV
from tests.browser.harness import ROLE_USERS, START_PAGES, horizontal_overflow
from tests.browser.pages import MAIN_PAGES


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def focused(page: Page) -> str:
    """A short description of the focused element: tag#id or tag 'text'."""
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
                if (!e || e === document.body) return "body";
                return e.tagName.toLowerCase() + (e.id ? "#" + e.id : " '" + (e.textContent || "").trim() + "'"); }"""
        )
    )


def tab_sequence(page: Page, presses: int) -> list[str]:
    sequence = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        sequence.append(focused(page))
    return sequence


def test_the_main_pages_table_is_well_formed(demo: Any) -> None:
    names = [name for _, _, name in MAIN_PAGES]
    assert len(names) == len(set(names)), "two MAIN_PAGES rows share a screenshot name"
    for role, path, name in MAIN_PAGES:
        assert role is None or role in ROLE_USERS, f"{name}: unknown role {role!r}"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{name}: use lowercase words joined by hyphens"
        assert path.startswith("/"), f"{name}: the path should start with /"
        path.format(**demo.ids)  # names only known demo ids


@pytest.mark.parametrize(("role", "path", "name"), MAIN_PAGES, ids=[name for _, _, name in MAIN_PAGES])
def test_main_page_is_accessible_self_contained_and_fits_a_phone(
    role: str | None, path: str, name: str, new_page: Any, demo: Any, axe_check: Any, screenshot: Any
) -> None:
    page = new_page(role)
    response = page.goto(path.format(**demo.ids))
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    assert page.locator("h1").count() == 1, f"{path} should have exactly one h1"
    assert axe_check(page) == [], f"{path} has serious or critical accessibility problems"
    screenshot(page, name)
    page.set_viewport_size({"width": 375, "height": 812})
    assert horizontal_overflow(page) == 0, f"{path} scrolls sideways on a 375 px phone"
    assert page.guard.problems() == []


def test_sign_in_page_keyboard_order(new_page: Any) -> None:
    page = new_page()
    page.goto("/login")
    order = tab_sequence(page, 6)
    assert order[0] == "a 'Skip to main content'"
    wanted = ["input#f-username", "input#f-password", "button 'Sign in'"]
    positions = [order.index(w) if w in order else -1 for w in wanted]
    assert -1 not in positions and positions == sorted(positions), f"tab order was {order}"


def test_wrong_password_shows_the_error_and_keeps_the_username(new_page: Any, axe_check: Any, screenshot: Any) -> None:
    page = new_page()
    page.goto("/login")
    page.get_by_label("Username").fill("dr.lindqvist")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 401
    assert path_of(page) == "/login"
    assert page.get_by_role("alert").inner_text().strip(), "the sign-in error is not shown"
    assert page.get_by_label("Username").input_value() == "dr.lindqvist"
    assert page.get_by_label("Password").input_value() == ""
    assert axe_check(page) == []
    screenshot(page, "sign-in-error")
    # and the right password still works afterwards
    page.get_by_label("Password").fill("painpath-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert path_of(page) == START_PAGES["clinician"]


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_signing_in_lands_on_the_roles_start_page_with_its_navigation(role: str, new_page: Any) -> None:
    page = new_page(role, viewport="phone")
    assert path_of(page) == START_PAGES[role]
    nav = page.get_by_role("navigation", name="Main")
    labels = [label.strip() for label in nav.get_by_role("link").all_inner_texts()]
    assert labels == [label for label, _ in NAV[Role(role)]]
    assert nav.locator("a[aria-current=page]").get_attribute("href") == START_PAGES[role]
    assert page.get_by_role("button", name="Sign out").is_visible()
    # whatever the start page holds, the header with the role's navigation fits a phone
    assert horizontal_overflow(page) == 0, f"{START_PAGES[role]} scrolls sideways on a 375 px phone"


def test_the_skip_link_is_first_visible_on_focus_and_moves_to_the_main_content(signed_in: Any) -> None:
    page = signed_in("admin")
    skip = page.get_by_role("link", name="Skip to main content")
    box = skip.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, "the skip link should be off screen until focused"
    page.keyboard.press("Tab")
    assert focused(page) == "a 'Skip to main content'"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is not on screen"
    page.keyboard.press("Enter")
    assert focused(page) == "main#main"
    # the next Tab continues inside the main content, not back in the header
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert inside, f"after the skip link, Tab went to {focused(page)}"


def test_a_page_asked_for_before_signing_in_follows_sign_in(new_page: Any) -> None:
    page = new_page()
    page.goto("/admin")
    assert path_of(page) == "/login" and "next=/admin" in page.url
    page.get_by_label("Username").fill(ROLE_USERS["admin"])
    page.get_by_label("Password").fill("painpath-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert path_of(page) == "/admin"
    assert page.get_by_role("heading", level=1).inner_text() == "Administration"


def test_signing_out_ends_the_session(signed_in: Any) -> None:
    page = signed_in("admin")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert path_of(page) == "/login"
    page.goto("/admin")
    assert path_of(page) == "/login", "the session still opened /admin after signing out"


def test_the_api_docs_render_every_operation_inside_the_csp(new_page: Any) -> None:
    """/docs is Swagger UI from the app's own files (issue 11): it renders the OpenAPI 3.1 document, with no
    request outside the app and no Content-Security-Policy violation (the page guard fails the test on either)."""
    page = new_page()
    page.goto("/docs", timeout=60_000)
    page.wait_for_selector(".opblock", timeout=60_000)  # a 1.4 MB script and a 200 KB document: slow under load
    assert page.locator(".opblock").count() > 50
    assert "PainPath clinic service" in page.locator(".info .title").inner_text()
