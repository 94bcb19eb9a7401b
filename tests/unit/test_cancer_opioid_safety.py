"""Issue 12: cancer pain with high opioid doses gets naloxone and the MME like any other opioid plan. The cancer
exemption (plan_opioids.yaml exempt_conditions; CDC 2022 excludes cancer pain from its scope) covers only the dose
thresholds' wording and the taper, never naloxone or the MME total."""

from __future__ import annotations

from typing import Any

import pytest

NOTES = (
    "64M with metastatic prostate cancer to the lumbar spine, severe bone pain. Takes oxycodone 40 mg twice daily "
    "and morphine 10 mg four times daily for breakthrough.",
    "70F with known metastatic breast cancer, new thoracic back pain worse at night, weight loss of 6 kg. Takes "
    "oxycodone 30 mg four times daily and hydromorphone 4 mg every 4 hours.",
)


@pytest.mark.parametrize("note", NOTES)
def test_cancer_pain_on_high_dose_opioids_gets_naloxone_and_the_mme(assess: Any, note: str) -> None:
    out = assess(note)
    assert out["differential"][0]["condition"] == "cancer_pain"
    plan = out["plan"]
    assert plan["mme"]["mme_per_day"] >= 90
    options = {o["id"]: o for s in plan["stages"] for o in s["options"]}
    assert "naloxone" in options, [e for e in plan["excluded"]]
    assert "MME/day" in options["naloxone"]["rationale"] or "mg" in options["naloxone"]["rationale"]
    assert "naloxone" not in {e["id"] for e in plan["excluded"]}
    mme_alert = next(a for a in plan["alerts"] if "MME/day" in a)
    assert f"{plan['mme']['mme_per_day']:g} MME/day" in mme_alert and "naloxone still offered" in mme_alert
    assert plan.get("taper") is None  # no taper pushed on cancer pain: the CDC 2022 taper guidance excludes it
