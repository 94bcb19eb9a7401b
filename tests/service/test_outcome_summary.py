"""The patient outcome summary: latest score, responder status, one plan-review alert when a series stalls."""

from __future__ import annotations

from typing import Any

from painpath.adapters.instrument_files import load_default_outcomes
from tests.service.records import NOTE

STALLED = [("2026-01-05", 8), ("2026-01-19", 5), ("2026-02-02", 5), ("2026-02-16", 5), ("2026-03-02", 5)]
IMPROVING = [("2026-01-05", 8), ("2026-01-19", 6), ("2026-02-02", 4), ("2026-02-16", 2)]


def rate(clinic: Any, patient: int, series: list[tuple[str, int]], site: str = "low back") -> None:
    for day, score in series:
        body = {"instrument": "nrs", "items": {"pain": score}, "taken_at": f"{day}T09:00:00Z", "body_site": site}
        response = clinic.call("clinician", "POST", f"/api/patients/{patient}/outcomes", json=body)
        assert response.status_code == 201, response.text


def summary(clinic: Any, role: str, patient: int) -> Any:
    response = clinic.call(role, "GET", f"/api/patients/{patient}/outcomes/summary")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_stalled_patient_has_exactly_one_plateau_alert_with_its_evidence_and_the_plan_next_step(clinic: Any) -> None:
    r = clinic.call("clinician", "POST", "/api/assessments", json={"text": NOTE, "patient_id": clinic.patient_a})
    assert r.status_code == 201, r.text
    stages = r.json()["plan"]["stages"]
    rate(clinic, clinic.patient_a, STALLED)
    [nrs] = summary(clinic, "clinician", clinic.patient_a)["instruments"]
    assert (nrs["instrument"], nrs["site"], nrs["latest_score"], nrs["latest_band"]) == ("nrs", "low back", 5, "moderate")
    # 8 -> 5 is 3 points (37.5%): at least the MCID of 2 points or 30%
    assert (nrs["responder_status"], nrs["change"], nrs["relative_change"]) == ("responder", 3, 0.375)
    assert nrs["baseline"] == {"day": "2026-01-05", "score": 8}
    alert = nrs["plan_review"]
    assert (alert["reason"], alert["raised_on"]) == ("plateau", "2026-02-16")
    assert alert["evidence"] == [{"day": d, "score": 5} for d in ("2026-01-19", "2026-02-02", "2026-02-16")]
    # nothing on the stored plan has been tried yet: the review escalates to stage 2, naming first the stage-1
    # options guidelines prefer first-line (issue 12: exercise therapy; a gabapentinoid for radicular pain), each
    # with why, and not the other untried stage-1 options
    first_line = [o["id"] for o in stages[0]["options"] if o["id"] in {"physical_therapy", "gabapentinoid"}]
    assert first_line == ["physical_therapy", "gabapentinoid"]
    assert [s["option_id"] for s in alert["next_steps"]] == first_line + [o["id"] for o in stages[1]["options"]]
    assert alert["next_steps"][0]["rationale"].startswith("guideline-preferred first-line option not tried yet")
    assert alert["next_steps"][-1]["rationale"].startswith("escalate to the next stage (stage 2) after stage 1")
    assert "2026-01-19: 5, 2026-02-02: 5, 2026-02-16: 5" in alert["message"]


def test_without_a_stored_plan_the_alert_names_the_knowledge_fallback_step(clinic: Any) -> None:
    rate(clinic, clinic.patient_a, STALLED)
    [nrs] = summary(clinic, "patient", clinic.patient_a)["instruments"]
    assert [s["label"] for s in nrs["plan_review"]["next_steps"]] == [load_default_outcomes().fallback_next_step]


def test_an_improving_patient_has_no_alert_and_a_new_procedure_restarts_the_clock(clinic: Any) -> None:
    rate(clinic, clinic.patient_a, IMPROVING)
    [nrs] = summary(clinic, "clinician", clinic.patient_a)["instruments"]
    assert (nrs["plan_review"], nrs["responder_status"], nrs["change"]) == (None, "responder", 6)
    rate(clinic, clinic.patient_b, STALLED)
    procedure = {"option_id": "medial_branch_block", "performed_on": "2026-02-10", "relief_percent": 20}
    assert clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/procedures", json=procedure).status_code == 201
    [stalled] = summary(clinic, "clinician", clinic.patient_b)["instruments"]
    assert stalled["plan_review"] is None  # the window 02-02..03-02 includes the procedure


def test_a_phq9_red_flag_is_in_the_summary_and_goals_show_what_the_plan_lacks(clinic: Any) -> None:
    items = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 2}
    body = {"instrument": "phq9", "items": items, "taken_at": "2026-03-02T10:00:00Z"}
    assert clinic.call("patient", "POST", f"/api/patients/{clinic.patient_a}/outcomes", json=body).status_code == 201
    goal = {"kind": "work", "description": "full twelve-hour shifts", "baseline": "4 h", "target": "12 h"}
    assert clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/goals", json=goal).status_code == 201
    result = summary(clinic, "clinician", clinic.patient_a)
    [phq9] = result["instruments"]
    assert (phq9["latest_score"], phq9["latest_band"], phq9["responder_status"]) == (12, "moderate", None)
    [flag] = result["red_flags"]
    assert (flag["id"], flag["instrument"], flag["min_triage"]) == ("suicide_risk", "phq9", "urgent")
    assert "same-day" in flag["action"]
    assert result["missing_goal_kinds"] == ["life"]


def test_another_patients_summary_is_not_found(clinic: Any) -> None:
    rate(clinic, clinic.patient_b, STALLED)
    response = clinic.call("patient", "GET", f"/api/patients/{clinic.patient_b}/outcomes/summary")
    assert response.status_code == 404
    assert "low back" not in response.text
    assert clinic.call("admin", "GET", f"/api/patients/{clinic.patient_b}/outcomes/summary").status_code == 403
