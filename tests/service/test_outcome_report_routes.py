"""The clinic outcome report as JSON and CSV, checked against numbers computed by hand in the test."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.service.records import NOTE

HEADER = ["section", "group", "instrument", "count", "reached", "share", "median"]


def post(clinic: Any, path: str, body: dict[str, Any]) -> Any:
    response = clinic.call("clinician", "POST", path, json=body)
    assert response.status_code == 201, response.text
    return response


def score(clinic: Any, patient: int, instrument: str, day: str, items: dict[str, int]) -> None:
    post(clinic, f"/api/patients/{patient}/outcomes",
         {"instrument": instrument, "items": items, "taken_at": f"{day}T09:00:00Z", "body_site": "low back"})


def phq9(total: int) -> dict[str, int]:
    """Nine answers summing to total, item 9 zero."""
    answers = [min(3, max(0, total - 3 * i)) for i in range(8)] + [0]
    return {f"q{i + 1}": a for i, a in enumerate(answers)}


def arrange(clinic: Any) -> str:
    a, b = clinic.patient_a, clinic.patient_b
    assessment = post(clinic, "/api/assessments", {"text": NOTE, "patient_id": a})
    condition = str(assessment.json()["plan"]["for_conditions"][0])
    assessment_id = assessment.headers["location"].rsplit("/", 1)[1]
    post(clinic, f"/api/assessments/{assessment_id}/decisions", {"option_id": "education", "decision": "accepted"})
    score(clinic, a, "nrs", "2026-01-05", {"pain": 8})
    score(clinic, a, "nrs", "2026-02-05", {"pain": 5})  # 3 points: reaches the MCID (2 points or 30%)
    score(clinic, a, "phq9", "2026-01-05", phq9(12))
    score(clinic, a, "phq9", "2026-02-05", phq9(9))  # 3 points: below the MCID (5 points)
    post(clinic, f"/api/patients/{a}/procedures",
         {"option_id": "epidural_steroid_injection", "performed_on": "2026-01-10", "relief_percent": 60})
    score(clinic, b, "nrs", "2026-01-05", {"pain": 6})
    score(clinic, b, "nrs", "2026-02-05", {"pain": 5})  # 1 point, 17%: below the MCID
    post(clinic, f"/api/patients/{b}/procedures",
         {"option_id": "epidural_steroid_injection", "performed_on": "2026-01-10", "relief_percent": 30})
    post(clinic, f"/api/patients/{b}/procedures",
         {"option_id": "medial_branch_block", "performed_on": "2026-01-20", "relief_percent": 90})
    return condition


def expected_rows(condition: str) -> list[list[str]]:
    # (group, instrument, evaluable, reached), computed by hand from arrange()
    by_condition = sorted([(condition, "nrs", 1, 1), (condition, "phq9", 1, 0), ("no_plan", "nrs", 1, 0)])
    by_treatment = sorted([
        ("education", "nrs", 1, 1), ("education", "phq9", 1, 0),
        ("epidural_steroid_injection", "nrs", 2, 1), ("epidural_steroid_injection", "phq9", 1, 0),
        ("medial_branch_block", "nrs", 1, 0),
    ])
    rows = [["mcid_by_condition", g, i, str(n), str(k), f"{k / n:.3f}", ""] for g, i, n, k in by_condition]
    rows += [["mcid_by_treatment", g, i, str(n), str(k), f"{k / n:.3f}", ""] for g, i, n, k in by_treatment]
    rows += [["goals", kind, "", "0", "0", "", ""] for kind in ("all", "work", "life")]
    # thresholds of the knowledge base: ESI repeat 50% (esi_lcd), medial branch block gate 80% (facet_lcd)
    rows += [["procedure_relief", "epidural_steroid_injection", "", "2", "1", "0.500", f"{(60 + 30) / 2:.1f}"],
             ["procedure_relief", "medial_branch_block", "", "1", "1", "1.000", "90.0"]]
    return rows


def test_the_csv_has_the_header_and_the_hand_computed_numbers(clinic: Any) -> None:
    condition = arrange(clinic)
    response = clinic.call("clinician", "GET", "/api/reports/outcomes.csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == HEADER
    assert rows[1:] == expected_rows(condition)


def test_the_json_report_matches_and_names_no_patient(clinic: Any) -> None:
    condition = arrange(clinic)
    body = clinic.call("clinician", "GET", "/api/reports/outcomes").json()
    assert body["patients"] == 2
    assert [(r["group"], r["instrument"], r["evaluable"], r["reached"]) for r in body["mcid_by_condition"]] == sorted(
        [(condition, "nrs", 1, 1), (condition, "phq9", 1, 0), ("no_plan", "nrs", 1, 0)]
    )
    [esi, mbb] = body["reliefs"]
    assert (esi["procedure"], esi["procedures"], esi["met_threshold"], esi["median_relief"], esi["share"]) == (
        "epidural_steroid_injection", 2, 1, 45.0, 0.5)
    assert (mbb["met_threshold"], mbb["median_relief"]) == (1, 90.0)
    for secret in ("Alvarez", "Brightwater", "A-0001", "B-0002"):
        assert secret not in str(body)


def test_only_clinicians_get_the_clinic_report(clinic: Any) -> None:
    for role in ("patient", "front_desk", "admin"):
        for path in ("/api/reports/outcomes", "/api/reports/outcomes.csv"):
            assert clinic.call(role, "GET", path).status_code == 403
