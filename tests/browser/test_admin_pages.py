"""The administrator invites a user, fixes a settings mistake and reads the audit log, in a real browser (issue 16):
each page checked with axe-core (also with its error messages showing), at phone width, and saved as screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.harness import horizontal_overflow


def test_the_admin_invites_a_user_and_gets_an_activation_link(signed_in: Any, axe_check: Any,
                                                              screenshot: Any) -> None:
    page = signed_in("admin")
    page.goto("/admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    page.wait_for_url("**/admin/users")
    page.get_by_label("Username").fill("Dr Nolan")
    page.get_by_label("Full name").fill("Dr Sam Nolan")
    page.get_by_role("button", name="Invite and make an activation link").click()
    assert "lower-case letters" in page.locator("#e-username").inner_text()
    assert page.get_by_label("Full name").input_value() == "Dr Sam Nolan"
    assert axe_check(page) == []
    page.get_by_label("Username").fill("dr.nolan")
    page.get_by_role("button", name="Invite and make an activation link").click()
    link = page.get_by_role("textbox", name="Activation link").input_value()
    assert "/activate/" in link
    assert page.locator("tr", has_text="dr.nolan").locator("td[data-label='Sign-in']").inner_text() == (
        "Waiting for activation")
    assert axe_check(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert horizontal_overflow(page) == 0


def test_the_admin_sees_settings_errors_next_to_the_field(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    page = signed_in("admin")
    page.goto("/admin/settings")
    original = page.get_by_label("Clinic time zone").input_value()
    page.get_by_label("Clinic time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save settings").click()
    assert "not an IANA time zone" in page.locator("#e-clinic_timezone").inner_text()
    assert page.get_by_label("Clinic time zone").get_attribute("aria-invalid") == "true"
    assert axe_check(page) == []
    screenshot(page, "admin-settings-error")
    page.get_by_label("Clinic time zone").fill("America/Chicago" if original != "America/Chicago" else "UTC")
    page.get_by_role("button", name="Save settings").click()
    assert "Saved: Clinic time zone" in page.locator(".notice").inner_text()
    # the server is shared by every browser test: the clinic's clock goes back as it was (bookings read it)
    before = original or "UTC"  # unset means the scheduling policy's zone, UTC in the demo
    page.get_by_label("Clinic time zone").fill(before)
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_label("Clinic time zone").input_value() == before


def test_the_admin_filters_the_audit_log(signed_in: Any, axe_check: Any) -> None:
    page = signed_in("admin")
    page.goto("/admin/audit")
    assert "entries are intact" in page.locator("main").inner_text()
    page.get_by_label("Action").select_option(label="Signed in")
    page.get_by_role("button", name="Show entries").click()
    actions = page.locator("td[data-label='Action']").all_inner_texts()
    assert actions and set(actions) == {"Signed in"}
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these entries as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("seq,at_utc,username") and ",login," in text
    assert axe_check(page) == []
