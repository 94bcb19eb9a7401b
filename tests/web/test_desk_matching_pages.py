"""The desk's matching and prior-authorisation pages, driven like a browser (issue 15), on both databases."""

from __future__ import annotations

from typing import Any

from tests.service.provider_records import make_provider_records
from tests.web.desk_portal_helpers import browser

URGENT = "Sciatica for 3 weeks, and over the last two days his right foot has started to drag."
CAUDA_EQUINA = ("Dear colleague, 52-year-old man with low back pain for 2 weeks. Since yesterday he has saddle "
                "numbness and has not passed urine since this morning; new weakness of both legs.")


def referral(clinic: Any, letter: str) -> int:
    r = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_a, "received_on": "2026-11-02", "letter": letter})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_the_matching_page_shows_each_factor_and_the_booking_link(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    referral_id = referral(clinic, URGENT)
    desk = browser(clinic, "desk")
    page = desk.get(f"/desk/referrals/{referral_id}/matches")
    assert page.status_code == 200
    text = page.text
    assert "1. clin at Main Street Clinic" in text
    for words in ("performs 1 of 1 needed (epidural steroid injection)", "focuses on lumbar radiculopathy",
                  "accepts Acme Health: Acme PPO", "speaks en"):
        assert words in text
    assert f"/desk/patients/{clinic.patient_a}/book?referral={referral_id}" in text
    assert "saddle" not in text and "foot has started to drag" not in text  # nothing of the letter


def test_the_matching_page_refuses_an_emergency(clinic: Any) -> None:
    referral_id = referral(clinic, CAUDA_EQUINA)
    page = browser(clinic, "desk").get(f"/desk/referrals/{referral_id}/matches")
    assert page.status_code == 200 and "Emergency: do not book an appointment" in page.text
    assert "emergency department now" in page.text and "score" not in page.text


def test_the_prior_auth_page_and_pdf_list_what_is_missing(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    desk = browser(clinic, "desk")
    index = desk.get(f"/desk/patients/{clinic.patient_a}/prior-auth")
    assert index.status_code == 200 and "radiofrequency ablation" in index.text
    page = desk.get(f"/desk/patients/{clinic.patient_a}/prior-auth/radiofrequency_ablation")
    assert page.status_code == 200
    assert "Missing (4)" in page.text and "0 of 2 medial branch blocks with at least 80% relief" in page.text
    pdf = desk.get(f"/desk/patients/{clinic.patient_a}/prior-auth/radiofrequency_ablation.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["cache-control"] == "no-store"
    from tests.web.test_clinic_pages import pdf_streams  # the visit summary's PDF reader

    drawn = pdf_streams(pdf.content)
    assert b"[MISSING] two diagnostic medial branch blocks" in drawn and b"To do: 0 of 2" in drawn
    assert browser(clinic, "admin").get(f"/desk/patients/{clinic.patient_a}/prior-auth").status_code == 403
