"""Issue 12: recorded allergies feed plan safety. An NSAID allergy (by drug, brand or class word) removes every NSAID
option with the reason; an opioid allergy removes the opioid option but never naloxone; an unrelated allergy
changes nothing."""

from __future__ import annotations

from typing import Any

from painpath.adapters.contract_json import to_contract
from painpath.domain.plan import Allergy

ACUTE_LBP = "38M with 2 weeks of acute low back pain after lifting, no leg pain, no red flags."
CANCER = ("64M with metastatic prostate cancer to the lumbar spine, severe bone pain. Takes oxycodone 40 mg twice "
          "daily and morphine 10 mg four times daily for breakthrough.")


def plan_of(assessor: Any, note: str, *allergies: Allergy) -> dict[str, Any]:
    out: dict[str, Any] = to_contract(assessor.assess_text(note, allergies=allergies), assessor.kb)["plan"]
    return out


def offered(plan: dict[str, Any]) -> set[str]:
    return {o["id"] for s in plan["stages"] for o in s["options"]}


def test_an_nsaid_allergy_removes_every_nsaid_with_the_reason(assessor: Any) -> None:
    before = plan_of(assessor, ACUTE_LBP)
    assert "oral_nsaid" in offered(before)
    for substance in ("ibuprofen", "Advil", "NSAIDs", "aspirin"):
        plan = plan_of(assessor, ACUTE_LBP, Allergy(substance, "hives and lip swelling", "severe"))
        assert not {"oral_nsaid", "topical_nsaid"} & offered(plan), substance
        reasons = {e["id"]: e["reason"] for e in plan["excluded"]}
        assert reasons["oral_nsaid"].startswith(f"allergy recorded: {substance} (hives and lip swelling, severe)")
        assert offered(before) - {"oral_nsaid", "topical_nsaid"} <= offered(plan)  # nothing else is lost


def test_an_opioid_allergy_removes_opioids_but_keeps_naloxone(assessor: Any) -> None:
    before = plan_of(assessor, CANCER)
    assert {"opioid", "naloxone"} <= offered(before)
    plan = plan_of(assessor, CANCER, Allergy("morphine", "anaphylaxis", "severe"))
    assert "opioid" not in offered(plan) and "naloxone" in offered(plan)
    assert "allergy recorded: morphine (anaphylaxis, severe)" in {e["id"]: e["reason"] for e in plan["excluded"]}[
        "opioid"]


def test_an_unrelated_allergy_changes_nothing(assessor: Any) -> None:
    assert offered(plan_of(assessor, ACUTE_LBP, Allergy("penicillin", "rash"))) == offered(
        plan_of(assessor, ACUTE_LBP))
