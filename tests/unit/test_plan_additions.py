"""Issue 12: mood, sleep and work shape the plan (knowledge/plan_additions.yaml). A recorded PHQ-9 or GAD-7 total
of 10 or more adds pain-focused CBT and a behavioural health referral to the first stage, saying which score;
9 does not. Poor sleep in the note adds sleep care with CBT for insomnia first; being off work adds a return-to-work
plan (graded duties, a fitness note). The rules are knowledge data, checked when the knowledge base loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from painpath.adapters.contract_json import to_contract
from painpath.adapters.knowledge_files import knowledge_dir, load
from painpath.adapters.knowledge_parsing import KnowledgeError
from painpath.domain.plan import RecordedScore

CHRONIC_LBP = "45 year old with chronic low back pain for 6 months, worse bending, no leg pain, no red flags."
TODAY = dt.date.today()


def plan_of(assessor: Any, note: str, *scores: RecordedScore) -> dict[str, Any]:
    out: dict[str, Any] = to_contract(assessor.assess_text(note, scores=scores), assessor.kb)["plan"]
    return out


def first_stage(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in plan["stages"][0]["options"]}


def offered(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for s in plan["stages"] for o in s["options"]}


def test_a_calm_note_has_no_behavioural_health_or_sleep_care(assessor: Any) -> None:
    plan = plan_of(assessor, CHRONIC_LBP)
    assert "behavioral_health" not in offered(plan)
    assert "sleep_intervention" not in offered(plan)
    assert "cognitive_behavioral_therapy" not in first_stage(plan)  # the pathway keeps it for a later stage


@pytest.mark.parametrize(("instrument", "label", "source"), [("phq9", "PHQ-9", "kroenke2001"),
                                                             ("gad7", "GAD-7", "spitzer2006")])
def test_a_recorded_score_of_10_adds_behavioural_health_and_cbt_to_the_first_stage(
    assessor: Any, instrument: str, label: str, source: str
) -> None:
    taken = TODAY - dt.timedelta(days=3)
    plan = plan_of(assessor, CHRONIC_LBP, RecordedScore(instrument, 10, taken, label))
    first = first_stage(plan)
    assert {"behavioral_health", "cognitive_behavioral_therapy"} <= first.keys()
    referral = first["behavioral_health"]
    assert f"{label} of 10 or more" in referral["rationale"]
    assert f"'{label} 10 recorded {taken.isoformat()}'" in referral["rationale"]
    assert source in referral["sources"]
    assert ("depression" if instrument == "phq9" else "anxiety") in referral["detail"]
    # pain-focused CBT keeps the pathway's own rationale and gains the score's
    assert first["cognitive_behavioral_therapy"]["rationale"].startswith("mood, fear and poor sleep amplify pain")
    assert f"{label} of 10 or more" in first["cognitive_behavioral_therapy"]["rationale"]


def test_a_score_of_9_adds_nothing(assessor: Any) -> None:
    plan = plan_of(assessor, CHRONIC_LBP, RecordedScore("phq9", 9, TODAY, "PHQ-9"),
                   RecordedScore("gad7", 9, TODAY, "GAD-7"))
    assert "behavioral_health" not in offered(plan)
    assert plan == plan_of(assessor, CHRONIC_LBP)


def test_low_mood_in_the_note_adds_cbt_and_asks_for_the_questionnaires_not_a_referral(assessor: Any) -> None:
    plan = plan_of(assessor, CHRONIC_LBP + " Feels low and tearful.")
    first = first_stage(plan)
    assert "behavioral_health" not in offered(plan)
    assert "a PHQ-9 and GAD-7 now" in first["cognitive_behavioral_therapy"]["rationale"]
    # the score then decides the referral
    scored = plan_of(assessor, CHRONIC_LBP + " Feels low and tearful.", RecordedScore("phq9", 15, TODAY, "PHQ-9"))
    assert "behavioral_health" in first_stage(scored)


def test_poor_sleep_adds_cbt_for_insomnia_first(assessor: Any) -> None:
    plan = plan_of(assessor, CHRONIC_LBP + " The pain keeps her awake; she can't sleep.")
    sleep = first_stage(plan)["sleep_intervention"]
    assert sleep["detail"].startswith("CBT for insomnia first")
    assert "qaseem2016" in sleep["sources"]
    assert "can't sleep" in sleep["rationale"] or "keeps her awake" in sleep["rationale"]


def test_off_work_adds_a_return_to_work_plan_with_graded_duties_and_a_fitness_note(assessor: Any) -> None:
    plan = plan_of(assessor, CHRONIC_LBP + " Off work for six weeks.")
    lines = plan["return_to_work"]
    added = [line for line in lines if line.startswith("off work: plan the return now")]
    assert len(added) == 1
    assert "graded duties" in added[0] and "fitness note" in added[0] and "'Off work'" in added[0]
    assert len(lines) > 1  # the pathway's own return-to-work advice stays
    working = plan_of(assessor, CHRONIC_LBP + " Works full shifts as a nurse.")
    assert not any(line.startswith("off work") for line in working.get("return_to_work") or [])


def _kb_with(tmp_path: Path, rules: list[dict[str, Any]]) -> None:
    for source in knowledge_dir().glob("*"):
        if source.suffix in {".yaml", ".md"}:
            (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "plan_additions.yaml").write_text(yaml.safe_dump({"plan_additions": rules}), encoding="utf-8")
    load(tmp_path)


def test_a_rule_with_an_unknown_option_source_or_finding_fails_to_load(tmp_path: Path) -> None:
    good = {"id": "x", "when": "poor_sleep", "rationale": "r", "source": "qaseem2016",
            "adds": [{"option": "sleep_intervention", "source": "qaseem2016"}]}
    _kb_with(tmp_path, [good])
    for bad, message in (
        ({**good, "adds": [{"option": "sleep_pill", "source": "qaseem2016"}]}, "unknown plan option 'sleep_pill'"),
        ({**good, "source": "nobody2099"}, "nobody2099"),
        ({**good, "when": "sleepy_feeling"}, "unknown finding 'sleepy_feeling'"),
        ({key: value for key, value in good.items() if key != "adds"}, "return_to_work line"),
    ):
        with pytest.raises(KnowledgeError, match=message):
            _kb_with(tmp_path, [bad])
