"""A therapist's flare report after an exercise adjusts the dose of that exercise in the plan; it never removes
therapy (plan_maintenance.yaml therapy_flares, practice description: "adjust the dosage rather than stopping")."""

from __future__ import annotations

import datetime as dt

from painpath.adapters.knowledge_files import load_default
from painpath.domain.plan import RecordedFinding
from painpath.domain.planning import planning_knowledge
from tests.unit.planning_support import TODAY, option, plan_for


def flare(days_ago: int, exercise: str = "nerve glides") -> RecordedFinding:
    day = TODAY - dt.timedelta(days=days_ago)
    return RecordedFinding("therapy_flare", f"moderate flare of leg burning after {exercise} reported {day}",
                           exercise=exercise, on=day)


def test_a_recent_flare_adds_a_dose_adjustment_and_therapy_stays_offered() -> None:
    plan = plan_for("lumbar_radiculopathy", recorded=[flare(3)])
    therapy = option(plan, "physical_therapy")
    [dose] = [c for c in therapy.cautions if "reduce the load" in c]
    assert "reduce the load of nerve glides" in dose and "keep the rest of therapy going" in dose
    assert "physical_therapy" in plan.option_ids() and "physical_therapy" not in {e.id for e in plan.excluded}


def test_a_flare_older_than_the_window_no_longer_adjusts_the_plan() -> None:
    pk = planning_knowledge(load_default())
    assert pk is not None and pk.flares is not None
    window = pk.flares.recent_days
    inside = option(plan_for("lumbar_radiculopathy", recorded=[flare(window)]), "physical_therapy")
    outside = option(plan_for("lumbar_radiculopathy", recorded=[flare(window + 1)]), "physical_therapy")
    assert any("reduce the load" in c for c in inside.cautions)
    assert not any("reduce the load" in c for c in outside.cautions)


def test_each_flare_names_its_own_exercise() -> None:
    plan = plan_for("lumbar_radiculopathy", recorded=[flare(2), flare(1, "loaded carries")])
    cautions = " ".join(option(plan, "physical_therapy").cautions)
    assert "reduce the load of nerve glides" in cautions and "reduce the load of loaded carries" in cautions


def test_without_a_therapy_option_the_adjustment_is_a_plan_alert() -> None:
    plan = plan_for("migraine", recorded=[flare(2, "neck mobilisations")])
    assert not {"physical_therapy", "graded_exercise", "desensitization_therapy", "pelvic_floor_therapy"} & set(
        plan.option_ids())
    assert any("reduce the load of neck mobilisations" in a and "therapy continues" in a for a in plan.alerts)
