# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: the clinician reads the source beside the assessment (the pasted note, the referral letter, the
patient's packet), the words behind each finding highlighted, and nothing in the text can inject markup."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, assess_note, text_of
from tests.web.test_signoff import current, submit_packet

INJECTED = ('55M with low back pain <script>alert("x")</script>, new urinary retention and saddle anaesthesia.'
            ' <img src=x onerror=alert(1)> No fever.')


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def source_section(html: str) -> str:
    return html.split('id="source"', 1)[1].split("</section>", 1)[0]


def test_the_note_is_shown_beside_the_assessment_with_findings_highlighted_and_markup_escaped(
    clinic: Clinic, doctor: Browser
) -> None:
    assessment = assess_note(doctor, clinic.patient_a, INJECTED)
    stored = clinic.call("clinician", "GET", f"/api/assessments/{assessment}").json()
    spans = {f["id"]: f["span"] for f in stored["output"]["findings"] if "span" in f}
    start, end = spans["urinary_retention"]
    assert INJECTED[start:end] == "urinary retention"  # the reader's span is stored with the finding
    page = doctor.get(f"/clinic/assessments/{assessment}").text
    source = source_section(page)
    assert "<script>" not in page.split("</main>")[0].split("<main")[1] and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in source or "&lt;script&gt;" in source
    assert "&lt;img src=x onerror=alert(1)&gt;" in source
    assert "Source: the clinician&#39;s note" in source or "Source: the clinician's note" in source
    retention = "Urinary retention or difficulty passing urine (present)"  # the label in findings.yaml
    assert (f'class="src-present src-red-flag" title="{retention}">urinary retention<span '
            f'class="visually-hidden"> [red flag: {retention}]</span></mark>') in source
    assert 'class="src-absent" title="Fever (absent)">fever<' in source
    listed = source.split("What was read from it")[1]
    assert f'<a href="#src-3"><q>urinary retention</q></a>: <strong>red flag</strong>, {retention}</li>' in listed
    assert 'id="src-3"' in source
    # the page's differential and red flags sit next to the source (one page), the chart links to it
    assert page.index('id="source"') < page.index('id="dx-heading"')
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert f'href="/clinic/assessments/{assessment}#source"' in chart


def test_a_referral_letter_and_a_packet_story_are_shown_as_their_source(clinic: Clinic, doctor: Browser) -> None:
    letter = ("Dear colleague, please see this 62F with 8 months of axial low back pain worse with extension. "
              "No leg pain. Kind regards, Dr Ames")
    made = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_b, "received_on": (date.today() - timedelta(days=2)).isoformat(),
        "referrer": "Dr Ames", "letter": letter})
    assert made.status_code == 201, made.text
    [proposal] = current(clinic, clinic.patient_b)["proposals"]
    page = doctor.get(f"/clinic/assessments/{proposal['id']}").text
    source = source_section(page)
    assert "Source: the referral letter from Dr Ames" in text_of(source)
    marks = [m.split(">", 1)[1].split("<span", 1)[0] for m in source.split("<mark id=")[1:]]
    assert any("low back pain" in m for m in marks) and "Kind regards, Dr Ames" in source
    submit_packet(clinic, clinic.patient_a, {"story": "My knee aches on stairs & swells <b>every</b> evening.",
                                             "goal_work": "walk the ward rounds", "goal_life": "hike again"})
    [packet] = current(clinic, clinic.patient_a)["proposals"]
    page = doctor.get(f"/clinic/assessments/{packet['id']}").text
    source = source_section(page)
    assert "Source: the patient&#39;s history packet" in source or "Source: the patient's history packet" in source
    assert "&amp;" in source and "&lt;b&gt;every&lt;/b&gt;" in source and "<b>every" not in source
    assert "<mark" in source  # the reader's findings in the patient's words are highlighted
