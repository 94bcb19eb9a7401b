"""Issue 12: the practice's own plan options (no id in the shared vocabulary) work through the API like the
contract's: a stenosis note with ligamentum flavum hypertrophy is planned with minimally invasive lumbar
decompression, the clinician can decide on it, and a performed decompression can be recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

STENOSIS_LF = (
    "74-year-old with neurogenic claudication for 8 months, legs ache after walking 100 metres, relieved by sitting "
    "and bending forward, failed physical therapy. MRI: central canal stenosis at L4-5 with ligamentum flavum "
    "hypertrophy."
)
MILD = "minimally_invasive_lumbar_decompression"


def test_a_practice_option_is_planned_decided_on_and_recorded_over_the_api(clinic: Any) -> None:
    created = clinic.call("clinician", "POST", "/api/assessments",
                          json={"text": STENOSIS_LF, "patient_id": clinic.patient_a})
    assert created.status_code == 201, created.text
    offered = {o["id"]: o for s in created.json()["plan"]["stages"] for o in s["options"]}
    assert offered[MILD]["kind"] == "procedure"
    decided = clinic.call("clinician", "POST", created.headers["location"] + "/decisions",
                          json={"option_id": MILD, "decision": "declined", "reason": "prefers to try walking aids"})
    assert decided.status_code == 201, decided.text
    performed = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    recorded = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures",
                           json={"option_id": MILD, "performed_on": performed, "relief_percent": 60})
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["option_id"] == MILD
