"""Scored outcome submissions: validated against instruments.yaml, scored exactly, red flags surfaced."""

from __future__ import annotations

from typing import Any

# Kroenke 2001: the PHQ-9 total is the sum of the nine items (0-3 each); 10-14 is moderate depression.
PHQ9_MODERATE_WITH_ITEM9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}
PHQ9_MINIMAL = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 0}
WHEN = "2026-03-02T10:00:00Z"


def submit(clinic: Any, role: str, patient: int, body: dict[str, Any]) -> Any:
    return clinic.call(role, "POST", f"/api/patients/{patient}/outcomes", json={"taken_at": WHEN, **body})


def test_phq9_with_item_9_above_zero_is_scored_moderate_and_raises_suicide_risk_with_its_action(clinic: Any) -> None:
    response = submit(clinic, "patient", clinic.patient_a, {"instrument": "phq9", "items": PHQ9_MODERATE_WITH_ITEM9})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["score"], body["band"], body["band_label"]) == (11.0, "moderate", "moderate")
    assert (body["missing"], body["prorated"], body["refusal"]) == ([], False, None)
    [flag] = body["red_flags"]
    assert (flag["id"], flag["rule_id"], flag["min_triage"]) == ("suicide_risk", "suicide_thoughts", "urgent")
    # the patient gets plain guidance, not the care team's instructions
    assert "Please tell your care team today" in flag["action"] and "988" in flag["action"]
    assert "Ask directly today" not in flag["action"]
    # the clinician sees the flag with its same-day action and evidence in the patient's chart
    chart = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/chart").json()
    [stored] = [o for o in chart["outcomes"] if o["id"] == body["id"]]
    [clinical] = stored["red_flags"]
    assert clinical["id"] == "suicide_risk"
    assert "same-day" in clinical["action"] and "Ask directly today" in clinical["action"]
    assert clinical["evidence"] == ["PHQ-9 thoughts of being better off dead or of self-harm: several days"]
    assert stored["score"] == 11.0


def test_a_clinician_recording_the_same_answers_sees_the_care_team_action(clinic: Any) -> None:
    body = submit(clinic, "clinician", clinic.patient_a, {"instrument": "phq9", "items": PHQ9_MODERATE_WITH_ITEM9}).json()
    [flag] = body["red_flags"]
    assert "Ask directly today" in flag["action"]


def test_phq9_with_item_9_zero_raises_no_flag_and_a_minimal_band(clinic: Any) -> None:
    body = submit(clinic, "clinician", clinic.patient_a, {"instrument": "phq9", "items": PHQ9_MINIMAL}).json()
    assert (body["score"], body["band"], body["red_flags"], body["notes"]) == (4.0, "minimal", [], [])


def test_phq9_with_item_9_blank_is_prorated_and_tells_the_clinician_to_ask_today(clinic: Any) -> None:
    items = {**PHQ9_MINIMAL, "q9": None}
    body = submit(clinic, "clinician", clinic.patient_a, {"instrument": "phq9", "items": items}).json()
    # prorated (Arrieta 2017): 4 points over 8 answered items x 9 = 4.5
    assert (body["score"], body["prorated"], body["missing"]) == (4.5, True, ["q9"])
    assert body["red_flags"] == []
    assert any("ask it directly today" in note for note in body["notes"])


def test_too_many_blank_items_store_no_score_but_keep_the_red_flag(clinic: Any) -> None:
    items = {"q1": 2, "q2": 3, "q9": 2}
    response = submit(clinic, "clinician", clinic.patient_a, {"instrument": "phq9", "items": items})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["score"], body["band"], body["refusal"]) == (None, None, "too_many_missing")
    assert len(body["missing"]) == 6
    assert [f["id"] for f in body["red_flags"]] == ["suicide_risk"]


def test_a_one_item_rating_takes_the_score_as_its_answer(clinic: Any) -> None:
    body = submit(clinic, "patient", clinic.patient_a, {"instrument": "nrs", "score": 7, "body_site": "low back"}).json()
    assert (body["score"], body["band"], body["items"]) == (7.0, "severe", {})


def test_bad_submissions_are_422_naming_the_field_and_the_fix(clinic: Any) -> None:
    cases = [
        ({"instrument": "phq_9", "items": PHQ9_MINIMAL}, "instrument: 'phq_9' is not an instrument", "phq9"),
        ({"instrument": "phq9", "items": {**PHQ9_MINIMAL, "q9": 4}}, "items.q9: 4 is not one of [0, 1, 2, 3]", "q9 (0/1/2/3)"),
        ({"instrument": "phq9", "items": {**PHQ9_MINIMAL, "q10": 1}}, "items: unknown items ['q10']", "q1"),
        ({"instrument": "phq9", "items": {**PHQ9_MINIMAL, "q1": "often"}}, "items.q1: 'often' is not a number", "q1"),
        ({"instrument": "phq9", "score": 12}, "items: PHQ-9 is scored from its item answers", "q9"),
        ({"instrument": "phq9", "score": 9, "items": PHQ9_MINIMAL}, "score: 9 does not match", "omit score"),
        ({"instrument": "nrs", "score": 11}, "items.pain: 11.0 is outside 0.0-10.0", "pain (0-10)"),
    ]
    for body, message, fix in cases:
        response = submit(clinic, "clinician", clinic.patient_a, body)
        assert response.status_code == 422, (body, response.text)
        assert message in response.json()["detail"], response.text
        assert fix in response.json()["detail"], response.text
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/outcomes").json()
    assert listed["total"] == 0
