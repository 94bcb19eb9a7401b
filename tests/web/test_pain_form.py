# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""The structured pain form (issue 16): age and sex on file are filled in, the body map marks the patient's left
and right and asks which side hurts (stored as the story's side, both sides of the legs as "both legs" in a
note), and the red-flag questions sit in one compact block."""

from __future__ import annotations

import re
from datetime import date

from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_the_form_fills_in_age_and_sex_from_the_record(clinic: Clinic) -> None:
    doctor = Browser(clinic, "clin")
    patient = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}").json()
    page = doctor.get(f"/clinic/patients/{clinic.patient_a}/assess").text
    age = re.search(r'name="age" type="number" value="(\d+)"', page)
    assert age is not None and int(age.group(1)) == age_on(date.fromisoformat(patient["birth_date"]), date.today())
    assert f'<option value="{patient["sex"]}" selected>' in page
    assert "from the date of birth on file" in page and "from the record" in page


def test_the_body_map_marks_sides_and_the_side_reaches_the_assessment(clinic: Clinic) -> None:
    doctor = Browser(clinic, "clin")
    page = doctor.get(f"/clinic/patients/{clinic.patient_a}/assess").text
    assert "<title>Right knee</title>" in page and "<title>Left knee</title>" in page
    assert re.search(r'data-region="knee" data-side="right" cx="48"', page)  # the front figure faces the reader
    assert 'name="side" value="left"' in page and 'name="side" value="both"' in page
    block = page.split('id="red-flag-questions"', 1)[1].split("</fieldset>\n    </fieldset>", 1)[0]
    assert block.count('type="radio"') >= 3 * 5  # the red-flag questions, each Yes / No / Not asked, in one block

    one = doctor.client.post(f"/clinic/patients/{clinic.patient_a}/assess", data={
        "csrf_token": doctor.csrf, "mode": "structured", "regions": ["knee"], "side": "right",
        "duration_value": "2", "duration_unit": "years"}, follow_redirects=False)
    assert one.status_code == 303, one.text[:500]
    stored = clinic.call("clinician", "GET", f"/api/assessments/{one.headers['location'].split('/')[3].split('?')[0]}")
    assert stored.json()["input"]["side"] == "right"
    assert "bilateral_leg_symptoms" not in stored.json()["input"]["findings"]

    both = doctor.client.post(f"/clinic/patients/{clinic.patient_a}/assess", data={
        "csrf_token": doctor.csrf, "mode": "structured", "regions": ["low_back", "leg"], "side": "both",
        "radiation": ["radicular_leg_pain"], "q_motor_weakness": "present"}, follow_redirects=False)
    assert both.status_code == 303, both.text[:500]
    stored = clinic.call("clinician", "GET", f"/api/assessments/{both.headers['location'].split('/')[3].split('?')[0]}")
    assert stored.json()["input"]["findings"]["bilateral_leg_symptoms"] == "present"

    bad = doctor.client.post(f"/clinic/patients/{clinic.patient_a}/assess", data={
        "csrf_token": doctor.csrf, "mode": "structured", "regions": ["knee"], "side": "middle"},
        follow_redirects=False)
    assert bad.status_code == 422 and "Which side?" in bad.text
