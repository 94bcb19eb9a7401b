"""The desk's day grid and the referral form in a real browser (issue 16): a column per clinician with each
visit's status and a check-in button; on a phone the grid scrolls inside its own box (the page does not) and one
clinician's column can be chosen; the referral form shows only the section chosen, with or without script; day
fields say year-month-day as the pages print dates. Shared state is put back: the checked-in visit is booked
again."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, expect

from tests.browser.harness import PHONE, ROLE_USERS, VIEWPORTS, horizontal_overflow, sign_in_through_form
from tests.browser.test_assessment_result import page_height, record_heights


def test_the_day_grid_shows_each_clinicians_column_and_checks_a_patient_in(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("front_desk")
    page.goto("/desk/schedule")
    grid = page.locator("table.day-grid")
    expect(grid).to_be_visible()
    columns = grid.locator("thead th").all_inner_texts()[1:]
    assert "Dr Ama Osei" in columns and len(columns) >= 2, columns
    visits = grid.locator("td.slot-visit .visit")
    assert visits.count() >= 3  # the demo's clinic list for today
    assert axe_check(page) == []
    heights = {viewport: page_height(page, viewport) for viewport in ("desktop", "phone")}
    record_heights("desk-schedule", heights)
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0  # the grid scrolls in its own box, the page does not
    screenshot(page, "desk-schedule-grid")
    assert heights["phone"] < 2500, heights  # not thousands of pixels of cards
    screenshot(page, "desk-schedule-grid")

    visit = visits.filter(has=page.get_by_role("button", name=re.compile("^Check in"))).first
    link = visit.locator('a[href^="/desk/appointments/"]').last.get_attribute("href")
    assert link is not None
    appointment = int(link.rsplit("/", 1)[1])
    name = visit.locator('a[href^="/desk/patients/"]').inner_text()
    visit.get_by_role("button", name=re.compile("^Check in")).click()
    expect(page.locator(".notice")).to_contain_text("has arrived")
    arrived = page.locator("td.slot-visit .visit", has_text=name).first
    expect(arrived.locator(".visit-status")).to_have_text("Arrived")
    expect(arrived.get_by_role("button", name=re.compile("^Check in"))).to_have_count(0)
    # put the shared demo back: booked again
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    current = page.request.get(f"/api/appointments/{appointment}").json()
    assert current["status"] == "arrived"
    restored = page.request.patch(f"/api/appointments/{appointment}", headers={"X-CSRF-Token": token},
                                  data={"status": "booked", "version": current["version"]})
    assert restored.status == 200, restored.text()

    page.set_viewport_size(VIEWPORTS["desktop"])
    page.get_by_role("link", name="Dr Ama Osei", exact=True).click()
    expect(page.locator("table.day-grid thead th")).to_have_count(2)  # time and the one clinician
    page.get_by_role("link", name=re.compile("Next day")).click()
    expect(page.locator("table.day-grid td.slot-free").first).to_be_visible()  # tomorrow's free slots in the grid
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0
    assert axe_check(page) == []


def test_the_referral_form_shows_the_chosen_section_with_and_without_script(
    browser: Browser, base_url: str, axe_check: Any, screenshot: Any
) -> None:
    for script in (True, False):
        context = browser.new_context(viewport=VIEWPORTS["phone"], base_url=base_url, java_script_enabled=script)
        try:
            page = context.new_page()
            sign_in_through_form(page, base_url, ROLE_USERS["front_desk"])
            page.goto("/desk/referrals/new")
            existing = page.locator("fieldset.who-existing")
            new = page.locator("fieldset.who-new")
            page.get_by_role("radio", name="Already registered").check()
            expect(existing).to_be_visible()
            expect(new).to_be_hidden()
            page.get_by_role("radio", name="New patient").check()
            expect(new).to_be_visible()
            expect(existing).to_be_hidden()
            hint = page.locator("#h-birth_date")
            expect(hint).to_contain_text("year-month-day")
            assert page.get_by_label("Date of birth").get_attribute("placeholder") == "YYYY-MM-DD"
            assert horizontal_overflow(page) == 0
            if script:
                assert axe_check(page) == []
                screenshot(page, "desk-referral-new-patient")
        finally:
            context.close()
