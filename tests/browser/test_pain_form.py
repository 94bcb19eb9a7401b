"""The structured pain form in a real browser (issue 16): age and sex come from the record, clicking one side of
the body map marks that side (and both sides when the other side is clicked too), the red-flag questions are
one compact block, and the whole form is far shorter than before (6,009 px desktop and 9,007 px phone when
measured on the same page before this change)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import PHONE, horizontal_overflow
from tests.browser.test_assessment_result import page_height, record_heights
from tests.browser.test_clinician_flow import new_patient

BEFORE = {"desktop": 6009, "phone": 9007}


def test_the_pain_form_prefills_marks_sides_and_is_compact(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FORM-SIDES-1", "Formtest", "Sid")  # born 1964-03-02, male
    page.goto(f"/clinic/patients/{patient}/assess")
    expect(page.get_by_label("Age (years)")).not_to_have_value("")
    expect(page.get_by_label("Sex")).to_have_value("male")

    knee_right = page.locator('[data-body-map] .region[data-region="knee"][data-side="right"]')
    knee_left = page.locator('[data-body-map] .region[data-region="knee"][data-side="left"]')
    knee_right.click()
    expect(page.get_by_label("Knee", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Right", exact=True)).to_be_checked()
    expect(knee_right).to_have_class("region selected")
    expect(knee_left).not_to_have_class("region selected")
    knee_left.click()
    expect(page.get_by_role("radio", name="Both sides")).to_be_checked()
    expect(knee_left).to_have_class("region selected")

    block = page.locator("#red-flag-questions")
    questions = block.locator("fieldset.radios")
    assert questions.count() >= 5
    first, last = questions.first.bounding_box(), questions.last.bounding_box()
    assert first is not None and last is not None
    assert (last["y"] + last["height"] - first["y"]) / questions.count() < 60  # one compact row per question
    assert axe_check(page) == []
    heights = {viewport: page_height(page, viewport) for viewport in ("desktop", "phone")}
    record_heights("clinic-assess", heights)
    # measured after: 4,231 desktop and 7,165 phone (the 31 red-flag questions stay one row each)
    assert heights["desktop"] < BEFORE["desktop"] * 0.75 and heights["phone"] < BEFORE["phone"] * 0.85, heights
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0
    screenshot(page, "clinic-assess-structured")
