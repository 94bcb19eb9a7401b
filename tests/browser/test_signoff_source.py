"""Issue 12 in a real browser: a referral letter and a re-plan are proposals on the chart until a clinician signs
one off (the letter's red flag shows at once); the source view shows the letter beside its assessment with the
words behind each finding highlighted, escaped; axe-checked, no outside request, no sideways scroll at phone width."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.harness import PHONE, horizontal_overflow
from tests.browser.test_clinician_flow import CES_NOTE, FACET_NOTE, assess, new_patient, record_block


def refer(page: Page, patient_id: int, letter: str) -> None:
    """The desk registers a referral letter through the API with its page's session and CSRF token."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    response = page.request.post("/api/referrals", headers={"X-CSRF-Token": token}, data={
        "patient_id": patient_id, "received_on": (date.today() - timedelta(days=1)).isoformat(),
        "referrer": "Dr Ames", "letter": letter + ' <script>document.title="pwned"</script>'})
    assert response.status == 201, response.text()


def test_a_referral_is_a_proposal_with_its_red_flag_shown_and_its_letter_as_the_source(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-SIGNOFF-1", "Signofftest", "Sam")
    assess(page, patient, FACET_NOTE)
    desk = signed_in("front_desk")
    refer(desk, patient, CES_NOTE)

    page.goto(f"/clinic/patients/{patient}")
    expect(page.locator("#working-assessment")).to_contain_text("Clinician's note")
    proposals = page.locator("#proposals")
    expect(proposals).to_contain_text("Proposals awaiting sign-off (1)")
    expect(proposals).to_contain_text("Referral letter, by")
    expect(page.locator("#open-alerts")).to_be_visible()  # the letter's emergency is on the worklist at once
    expect(page.locator(".red-flags")).to_contain_text("From the referral letter awaiting sign-off")
    assert axe_check(page) == []
    screenshot(page, "clinic-chart-proposal-sign-off")

    proposals.locator("li").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/clinic/assessments/\d+"))
    expect(page.locator("#assessment-status")).to_contain_text("Proposal awaiting a clinician's sign-off")
    source = page.locator("#source")
    expect(source.locator("h2")).to_have_text("Source: the referral letter from Dr Ames")
    expect(source.locator("mark.src-red-flag").first).to_be_visible()
    expect(source.locator(".source-text")).to_contain_text('<script>document.title="pwned"</script>')
    assert page.title() != "pwned"
    assert axe_check(page) == []
    screenshot(page, "clinic-assessment-source-view")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0

    page.get_by_role("button", name=re.compile("^Sign off as the working assessment")).first.click()
    expect(page).to_have_url(re.compile(rf"/clinic/patients/{patient}"))
    expect(page.locator(".notice")).to_contain_text("now the working assessment")
    expect(page.locator("#working-assessment")).to_contain_text("Referral letter")
    expect(page.locator("#working-assessment")).to_contain_text("signed off by")
    expect(page.locator("#proposals")).to_have_count(0)
    expect(page.locator("#history-heading + ul")).to_contain_text("Clinician's note")
    assert horizontal_overflow(page) == 0


def test_a_replan_awaits_sign_off_on_the_chart(signed_in: Any, axe_check: Any) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-SIGNOFF-2", "Signofftest", "Rae")
    assess(page, patient, FACET_NOTE)
    record_block(page, patient, date.today() - timedelta(days=14), 85)
    record_block(page, patient, date.today(), 90)
    page.goto(f"/clinic/patients/{patient}")
    expect(page.locator("#next-available")).to_contain_text("in the re-plan awaiting sign-off")
    pending = page.locator("#replan-pending")
    expect(pending).to_be_visible()
    assert axe_check(page) == []
    pending.get_by_role("button", name=re.compile("^Sign off")).click()
    expect(page.locator(".notice")).to_contain_text("automatic re-plan is now the working assessment")
    expect(page.locator("#plan-heading ~ ul").first).to_be_visible()
    expect(page.locator("#next-available")).not_to_contain_text("awaiting sign-off")
