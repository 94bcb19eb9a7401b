# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12 on the clinician's assessment page: a report's facet arthropathy with a normal examination shows the
imaging discordance caution beside the plan; a stenosis note with ligamentum flavum hypertrophy shows the
minimally invasive lumbar decompression card with its eligibility."""

from __future__ import annotations

import pytest

from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, assess_note, option_card, plan_section, text_of

DISCORDANT = (
    "52-year-old with low back pain for 5 months. Examination normal. MRI lumbar spine shows facet arthropathy at "
    "L4-5. Diagnosis: facet syndrome."
)
STENOSIS_LF = (
    "74-year-old with neurogenic claudication for 8 months, legs ache after walking 100 metres, relieved by sitting "
    "and bending forward, failed physical therapy. MRI: central canal stenosis at L4-5 with ligamentum flavum "
    "hypertrophy."
)


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def test_the_assessment_page_shows_the_imaging_discordance_caution(clinic: Clinic, doctor: Browser) -> None:
    assessment = assess_note(doctor, clinic.patient_a, DISCORDANT)
    page = doctor.get(f"/clinic/assessments/{assessment}")
    assert page.status_code == 200
    plan = text_of(plan_section(page.text))
    assert "imaging discordance" in plan and "Brinjikji 2015" in plan


def test_the_assessment_page_shows_mild_with_its_eligibility(clinic: Clinic, doctor: Browser) -> None:
    assessment = assess_note(doctor, clinic.patient_a, STENOSIS_LF)
    page = doctor.get(f"/clinic/assessments/{assessment}")
    card = text_of(option_card(page.text, "minimally_invasive_lumbar_decompression"))
    assert "minimally invasive lumbar decompression (MILD)" in card
    assert "ligamentum flavum hypertrophy" in card
    assert "imaging discordance" not in text_of(plan_section(page.text))
