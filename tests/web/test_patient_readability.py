# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Text written for patients reads at Flesch-Kincaid grade 8 or below (textstat) and carries no clinician
notation: the printable visit summary and its PDF, and the portal's plan view, for assessments of several kinds
of pain with every plan option agreed; and each plain-words entry of the knowledge base on its own."""

from __future__ import annotations

import re
import zlib

import pytest
import textstat

from painpath.adapters.knowledge_files import load_default
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, assess_note, text_of

MAX_GRADE = 8.0

# Clinician notation a patient must not meet: likelihood ratios, Latin anatomy, scale abbreviations, snake_case ids.
JARGON = re.compile(
    r"\bLR\b|likelihood|zygapophys|radiculopathy|\bNRS\b|\bMME\b|\bPHQ|\bODI\b|\b[a-z]+_[a-z_]+\b|probability"
)

NOTES = {
    "cauda equina": "55M with low back pain, new urinary retention and saddle anaesthesia, bilateral leg weakness",
    "facet": ("62F with 8 months of axial low back pain worse with extension and twisting, no leg pain. "
              "Facet arthropathy L4-5 on MRI. Failed physical therapy."),
    "sciatica": ("45M with 10 weeks of shooting pain from the buttock down the back of the left leg to the foot, "
                 "worse sitting, positive straight leg raise, numbness of the lateral foot. Ibuprofen did not help."),
    "knee": "71F with 3 years of right knee pain worse on stairs, morning stiffness 15 minutes, crepitus, BMI 33.",
    "migraine": ("34F with throbbing one-sided headaches twice a month with nausea and light sensitivity, "
                 "lasting a day, since her teens."),
}


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def pdf_text(content: bytes) -> str:
    """The words an fpdf2 PDF draws: each page stream inflated, its text strings ((...) Tj) in order."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.S):
        raw = zlib.decompress(stream) if stream[:1] == b"x" else stream
        for piece in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw):
            out.append(re.sub(rb"\\(.)", rb"\1", piece).decode("latin-1"))
    return " ".join(out)


def section(html: str, marker: str, end: str) -> str:
    return html.split(marker, 1)[1].split(end, 1)[0]


def accept_every_option(doctor: Browser, assessment: int) -> None:
    page = doctor.get(f"/clinic/assessments/{assessment}").text
    for option in dict.fromkeys(re.findall(r'name="option_id" value="([a-z_]+)"', page)):
        saved = doctor.post(f"/clinic/assessments/{assessment}/decisions",
                            {"option_id": option, "decision": "accept", "reason": ""})
        assert saved.status_code == 303, (option, saved.text[:500])


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    for key, value in (("clinic_name", "Riverside Pain Clinic"), ("clinic_phone", "+1 555 0100")):
        saved = clinic.call("admin", "PUT", f"/api/settings/{key}", json={"value": value})
        assert saved.status_code == 200, saved.text
    return Browser(clinic, "clin")


@pytest.mark.parametrize("kind", sorted(NOTES))
def test_visit_summary_pdf_and_plan_view_read_at_grade_8(clinic: Clinic, doctor: Browser, kind: str) -> None:
    assessment = assess_note(doctor, clinic.patient_a, NOTES[kind])
    accept_every_option(doctor, assessment)

    html = doctor.get(f"/clinic/patients/{clinic.patient_a}/summary").text
    words = text_of(section(html, '<div class="patient-text">', '<section class="card chart"'))
    assert 'id="plan-heading"' in html and "Your plan" in words and "No plan yet" not in words
    assert not JARGON.search(words), JARGON.search(words)
    assert grade(words) <= MAX_GRADE, (round(grade(words), 1), words)

    pdf = doctor.get(f"/clinic/patients/{clinic.patient_a}/summary.pdf").content
    drawn = pdf_text(pdf)
    assert "Riverside Pain Clinic" in drawn and "Phone: +1 555 0100" in drawn and "Your clinician: clin" in drawn
    assert "Your plan" in drawn
    prose = drawn.split("Visit summary for", 1)[1]
    assert not JARGON.search(prose), JARGON.search(prose)
    assert grade(prose) <= MAX_GRADE, (round(grade(prose), 1), prose)

    portal = Browser(clinic, "pat.a").get("/portal").text
    plan = text_of(section(portal, 'id="plan-h"', "</section>"))
    assert "Your care team will go through your plan" not in plan  # the agreed plan is shown
    assert not JARGON.search(plan), JARGON.search(plan)
    assert grade(plan) <= MAX_GRADE, (round(grade(plan), 1), plan)


def test_the_pdf_is_ragged_right_not_justified(clinic: Clinic, doctor: Browser) -> None:
    assess_note(doctor, clinic.patient_a, NOTES["facet"])
    pdf = doctor.get(f"/clinic/patients/{clinic.patient_a}/summary.pdf").content
    streams = b"".join(zlib.decompress(s) for s in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S)
                       if s[:1] == b"x")
    assert b" Tj" in streams
    # fpdf2 justifies by stretching the space between words (the Tw operator); left-aligned text never sets it
    assert not re.search(rb"[1-9][0-9.]* Tw", streams)


def test_each_plain_words_entry_reads_at_grade_8() -> None:
    kb = load_default()
    plain = kb.extra["patient_plan"]
    entries = {f"options.{k}": f"{v['what']} {v['expect']}" for k, v in plain["options"].items()}
    entries |= {f"by_kind.{k}": f"{v['what']} {v['expect']}" for k, v in plain["by_kind"].items()}
    # a condition's name is read in the summary's sentence
    entries |= {f"conditions.{k}": f"The most likely cause of your pain: {v}." for k, v in plain["conditions"].items()}
    entries |= {f"patient_messages.{k}": v["text"] for k, v in kb.extra["patient_messages"].items()}
    assert set(plain["conditions"]) == set(kb.conditions)  # every condition has patient words
    too_hard = {k: round(grade(t), 1) for k, t in entries.items() if grade(t) > MAX_GRADE}
    assert not too_hard, too_hard
    found = {k: JARGON.search(t).group(0) for k, t in entries.items() if JARGON.search(t)}  # type: ignore[union-attr]
    assert not found, found
