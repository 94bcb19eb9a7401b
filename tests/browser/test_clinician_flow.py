"""Issue 5's clinician scenario in a real browser: sign in, assess a cauda equina note, see the red
flag first, accept a plan option; then record two medial branch block responses and see ablation open up."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

CES_NOTE = (
    "55-year-old man with two days of low back pain and now both legs weak, numb between the legs when he wipes, "
    "and he has not passed urine since last night."
)
FACET_NOTE = (
    "62F with 8 months of axial low back pain worse with extension and twisting, no leg pain. "
    "Facet arthropathy L4-5 on MRI. Failed physical therapy."
)


def new_patient(page: Page, mrn: str, family: str, given: str) -> int:
    """Register a patient for this scenario through the API with the page's own session and CSRF token, so the
    demo patients other browser tests look at stay as they were."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    response = page.request.post("/api/patients", headers={"X-CSRF-Token": token}, data={
        "mrn": mrn, "family_name": family, "given_name": given, "birth_date": "1964-03-02", "sex": "male",
    })
    assert response.status == 201, response.text()
    return int(response.json()["id"])


def assess(page: Page, patient_id: int, note: str) -> None:
    page.goto(f"/clinic/patients/{patient_id}/assess")
    page.get_by_label("Clinical note or the patient's own words").fill(note)
    page.get_by_role("button", name="Assess the note").click()
    page.wait_for_url(re.compile(r"/clinic/assessments/\d+"))


def record_block(page: Page, patient_id: int, performed_on: date, relief: int) -> None:
    page.goto(f"/clinic/patients/{patient_id}/procedures/new")
    page.get_by_label("Procedure").select_option("medial_branch_block")
    page.get_by_label("Performed on").fill(performed_on.isoformat())
    page.get_by_label("Relief of the index pain (%)").fill(str(relief))
    page.get_by_label("How long the relief lasted (hours)").fill("6")
    page.get_by_label("Improved (functional gain)").check()
    page.get_by_role("button", name="Save and update the plan").click()
    page.wait_for_url(re.compile(r"/clinic/assessments/\d+"))


def test_clinician_assesses_ces_accepts_an_option_and_two_blocks_open_ablation(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("clinician")
    expect(page).to_have_url(re.compile(r"/clinic/today$"))
    ces_patient = new_patient(page, "FLOW-CES-1", "Flowtest", "Cedric")

    assess(page, ces_patient, CES_NOTE)
    flag = page.locator("#flag-cauda_equina_syndrome")
    expect(flag).to_be_visible()
    expect(flag).to_contain_text("Emergency department now")
    expect(page.locator(".facts .badge").first).to_have_text("Emergency")
    headings = page.locator("h2").all_inner_texts()
    assert headings.index("Red flags") < headings.index("Leading diagnoses") < headings.index(
        "Differential (most probable first)"), headings
    assert axe_check(page) == []
    screenshot(page, "clinic-flow-ces-result")

    option = page.locator("#opt-emergency_department")
    option.locator("summary").click()  # the option's details and its decision form open on demand
    option.get_by_label("Accept").check()
    option.get_by_role("button", name=re.compile("Save decision")).click()
    expect(page.locator(".notice")).to_contain_text("accepted")
    expect(page.locator("#opt-emergency_department .decision-now")).to_contain_text("Accepted")

    facet_patient = new_patient(page, "FLOW-FACET-1", "Flowtest", "Fiona")
    assess(page, facet_patient, FACET_NOTE)
    ablation = page.locator("#opt-radiofrequency_ablation")
    expect(ablation).to_contain_text("Not yet")

    record_block(page, facet_patient, date.today() - timedelta(days=14), 85)
    expect(page.locator("#opt-radiofrequency_ablation")).to_contain_text("Not yet")
    record_block(page, facet_patient, date.today(), 90)
    expect(page.locator(".notice")).to_contain_text("plan was updated")
    ablation = page.locator("#opt-radiofrequency_ablation")
    expect(ablation).to_contain_text("Available now")
    expect(ablation).to_contain_text("criteria met")
    assert axe_check(page) == []
    screenshot(page, "clinic-flow-ablation-available")

    page.goto(f"/clinic/patients/{facet_patient}")
    expect(page.locator("#proc-heading + table")).to_contain_text("medial branch block #2")


def test_body_map_regions_toggle_their_labelled_checkboxes_and_the_form_assesses(signed_in: Any) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-MAP-1", "Flowtest", "Mara")
    page.goto(f"/clinic/patients/{patient}/assess")
    low_back = page.get_by_label("Low back", exact=True)
    expect(low_back).not_to_be_checked()
    page.locator('[data-body-map] .region[data-region="low_back"]').click()
    expect(low_back).to_be_checked()
    expect(page.locator('[data-body-map] .region[data-region="low_back"]')).to_have_class(re.compile("selected"))
    page.get_by_label("Leg or thigh", exact=True).check()  # the checkbox alone, as a keyboard user would
    expect(page.locator('[data-body-map] .region[data-region="leg"]').first).to_have_class(re.compile("selected"))
    page.locator("#f-q_saddle_anaesthesia").get_by_label("Yes").check()
    page.locator("#f-q_urinary_retention").get_by_label("Yes").check()
    page.get_by_role("button", name="Assess the pain story").click()
    page.wait_for_url(re.compile(r"/clinic/assessments/\d+"))
    expect(page.locator("#flag-cauda_equina_syndrome")).to_be_visible()
