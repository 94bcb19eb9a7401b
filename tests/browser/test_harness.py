"""The harness itself catches what it is there to catch (so a green browser run means something)."""

from __future__ import annotations

from typing import Any

from tests.browser.harness import CSP_TEST_PAGE, horizontal_overflow

BAD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main>
<h1>A page that breaks every rule</h1>
<img src="/static/no-such-picture.png">
<img src="https://cdn.example.com/logo.png" alt="logo from outside">
<input id="unlabelled">
<script>document.title = "inline script ran";</script>
<div class="wide">wide</div>
</main></body></html>"""


def test_the_guard_axe_and_the_overflow_check_catch_a_bad_page(new_page: Any, base_url: str, axe_check: Any) -> None:
    page = new_page()
    # served from the test server's origin; its policy lets the image out (to reach the request guard) but
    # not the inline script (to reach the CSP check)
    page.route(f"{base_url}{CSP_TEST_PAGE}", lambda route: route.fulfill(
        status=200, content_type="text/html", body=BAD_PAGE,
        headers={"Content-Security-Policy": "default-src 'self'; img-src *; style-src 'self'; script-src 'self'"}))
    page.goto(CSP_TEST_PAGE)
    page.wait_for_load_state("networkidle")

    rules = {violation.rule for violation in axe_check(page)}
    assert {"image-alt", "label"} <= rules, f"axe did not report the missing alt text and label: {rules}"
    assert "image-alt" in repr(axe_check(page)), "the violation message should name the rule"

    problems = page.guard.problems()
    assert "requested a URL outside the test server: GET https://cdn.example.com/logo.png" in " ".join(problems)
    assert any("Content-Security-Policy" in p for p in problems), problems
    assert page.title() == "bad", "the inline script ran despite the Content-Security-Policy"

    page.set_viewport_size({"width": 375, "height": 812})
    page.evaluate("() => { document.querySelector('.wide').style.width = '900px'; }")  # CSSOM: allowed by CSP
    assert horizontal_overflow(page) > 0

    # this test wanted those problems; clear them so the fixture's own check passes
    page.guard.external.clear()
    page.guard.csp.clear()


def test_a_javascript_error_is_caught(new_page: Any, base_url: str) -> None:
    page = new_page()
    page.goto("/login")
    with page.expect_event("pageerror"):
        page.evaluate("() => setTimeout(() => { throw new Error('boom from the page'); }, 0)")
    assert any("boom from the page" in p for p in page.guard.problems())
    page.guard.errors.clear()
