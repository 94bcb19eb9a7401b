"""Issue 12 in a real browser: an open alert is a banner in the chart header (axe-checked, screenshot), an icon
on Today's row and in search results, and acknowledging it from the banner takes it off the chart."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.test_clinician_flow import CES_NOTE, assess, new_patient


def test_chart_banner_shows_an_open_alert_until_it_is_acknowledged(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("clinician")
    expect(page).to_have_url(re.compile(r"/clinic/today$"))
    patient = new_patient(page, "FLOW-BANNER-1", "Bannertest", "Bea")
    assess(page, patient, CES_NOTE)  # cauda equina: an emergency on the worklist

    page.goto(f"/clinic/patients/{patient}")
    banner = page.locator("#open-alerts")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Open alert (1)")
    expect(banner).to_contain_text("Red flag")
    expect(banner.locator(".badge").first).to_have_text("Emergency")
    assert axe_check(page) == []
    screenshot(page, "clinic-chart-alert-banner")

    page.goto("/clinic/patients?name=bannertest")
    expect(page.locator("tbody .alert-icon")).to_contain_text("1 open alert, emergency")
    assert axe_check(page) == []

    page.goto(f"/clinic/patients/{patient}")
    page.get_by_label("Action note").fill("sent to the emergency department, MRI booked")
    page.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(page).to_have_url(re.compile(rf"/clinic/patients/{patient}"))
    expect(page.locator(".notice")).to_contain_text("Alert acknowledged")
    expect(page.locator("#open-alerts")).to_have_count(0)


LBP_NOTE = ("38M with 2 weeks of acute low back pain after lifting, no leg pain, no red flags. Takes ibuprofen "
            "400 mg three times daily and tramadol 50 mg twice daily.")


def test_allergy_and_medicine_reconciliation_on_the_chart(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-ALLERGY-1", "Allergytest", "Alex")
    assess(page, patient, LBP_NOTE)
    page.goto(f"/clinic/patients/{patient}")
    expect(page.locator("#medicine-summary")).to_contain_text("ibuprofen 400 mg three times daily")
    expect(page.locator("#triage-reason")).to_contain_text("because")
    page.get_by_label("Substance").fill("ibuprofen")
    page.get_by_label("Reaction").fill("hives")
    page.get_by_label("Severity").select_option("moderate")
    page.get_by_role("button", name="Record the allergy and update the plan").click()
    expect(page.locator(".notice")).to_contain_text("Allergy to ibuprofen recorded")
    expect(page.locator("#allergy-summary")).to_contain_text("ibuprofen (hives, moderate)")
    page.locator("#reconcile form", has=page.locator("input[value=tramadol]")).get_by_role("button").click()
    expect(page.locator(".notice")).to_contain_text("tramadol added")
    expect(page.locator("#meds-heading + table")).to_contain_text("tramadol")
    assert axe_check(page) == []
    screenshot(page, "clinic-chart-allergy-reconcile")
