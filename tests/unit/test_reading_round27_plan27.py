"""Round 27, the lead's plan probes: a spinal procedure that worked is no infection risk, a stimulator trial that
worked brings the implant forward, several operations on a painful back are spine surgery, topical NSAIDs late in
pregnancy, and an opioid beside a benzodiazepine. Each pattern in our own words, with a twin that goes the other
way; the probes' sentences are not copied here."""

from __future__ import annotations

from typing import Any

import pytest

from painpath.adapters.contract_json import to_contract
from painpath.domain.model import Status
from tests.conftest import flags, ranked


def plan_of(assessor: Any, note: str) -> dict[str, Any]:
    out: dict[str, Any] = to_contract(assessor.assess_text(note), assessor.kb)["plan"]
    return out


def stage_of(plan: dict[str, Any]) -> dict[str, int]:
    return {o["id"]: s["stage"] for s in plan["stages"] for o in s["options"]}


def option(plan: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for s in plan["stages"] for o in s["options"] if o["id"] == oid)


def excluded(plan: dict[str, Any]) -> set[str]:
    return {e["id"] for e in plan["excluded"]}


# ------------------------------- a spinal procedure the note says worked does not make long-standing pain an alarm

RELIEVED = [
    "Post-laminectomy leg pain for four years, 8/10 most days despite pregabalin and amitriptyline. Had a "
    "stimulator trial a fortnight ago with 65% relief of the leg pain and she managed a full day out shopping.",
    "Chronic back pain since a discectomy in 2019, severe at night. The facet injections last week gave about 80% "
    "improvement.",
]


@pytest.mark.parametrize("text", RELIEVED)
def test_severe_pain_beside_a_procedure_that_worked_raises_no_infection_flag(assess, statuses, text) -> None:
    found = statuses(text)
    assert found.get("spinal_procedure_relief") is Status.PRESENT
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] in ("routine", "soon")


@pytest.mark.parametrize(
    "text",
    [
        # relief that ended, then severe pain: the pain is new since the procedure
        "Caudal epidural nine days ago helped 70% at first but now agonising low back pain and shivery.",
        # a procedure that did not work: severe pain after it still flags
        "Back pain 9/10 since the nerve root block on Monday, it gave only 20% relief.",
        # no relief named at all (the procedure told in plain words)
        "Got an epidural twelve days ago and now unbearable back pain.",
    ],
)
def test_severe_pain_after_a_procedure_without_lasting_relief_still_flags(assess, text) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in ("urgent", "emergency")


def test_an_inflamed_wound_after_trial_leads_flags_even_when_the_trial_helped(assess) -> None:
    result = assess(
        "Stimulator trial leads placed six days ago, 60% relief so far, but the lead site is red, hot and oozing "
        "and my back aches."
    )
    assert "spinal_infection" in flags(result)


def test_a_fever_after_an_injection_flags_whatever_the_relief(assess) -> None:
    result = assess("Facet injection last Thursday gave 90% relief; since yesterday a temperature of 38.6 and back pain.")
    assert "spinal_infection" in flags(result)


def test_had_an_epidural_is_a_recent_spinal_procedure_but_an_epidural_abscess_word_is_not(statuses) -> None:
    assert statuses("I had a lumbar epidural eight days ago.").get("recent_spinal_procedure") is Status.PRESENT
    assert statuses("Since the epidural last week my back has ached.").get("recent_spinal_procedure") is Status.PRESENT
    assert statuses("The report says she had an epidural haematoma on the old scan.").get(
        "recent_spinal_procedure") is not Status.PRESENT


# ------------------------------------- a stimulator trial that worked makes the implant the next step (plan)


@pytest.mark.parametrize(
    "text",
    [
        "Persistent spinal pain after an L5-S1 fusion five years ago, burning leg pain despite pregabalin and physio. "
        "Spinal cord stimulator trial two weeks ago: 75% relief and walking three times as far.",
        "Failed back surgery syndrome after two discectomies, leg pain 8/10 on duloxetine. SCS trial done last "
        "month with 55% pain relief and functional improvement.",
    ],
)
def test_a_successful_stimulator_trial_brings_the_implant_to_the_first_stage(assessor, text) -> None:
    plan = plan_of(assessor, text)
    stages = stage_of(plan)
    assert stages["spinal_cord_stimulation"] == 1
    scs = option(plan, "spinal_cord_stimulation")
    assert "permanent" in scs["detail"]
    # the implant still needs the recorded psychological evaluation (a note's words do not clear a patient)
    assert scs["status"] == "not yet"
    assert stages.get("behavioral_health") == 1


def test_a_failed_stimulator_trial_closes_the_implant(assessor) -> None:
    plan = plan_of(
        assessor,
        "Persistent spinal pain after an L5-S1 fusion five years ago, burning leg pain despite pregabalin and physio. "
        "Spinal cord stimulator trial two weeks ago gave 30% relief.",
    )
    assert "spinal_cord_stimulation" not in stage_of(plan)
    assert "spinal_cord_stimulation" in excluded(plan)


def test_without_a_trial_the_stimulator_stays_in_a_later_stage(assessor) -> None:
    plan = plan_of(
        assessor,
        "Persistent spinal pain after an L5-S1 fusion five years ago, burning leg pain despite pregabalin and physio.",
    )
    assert stage_of(plan)["spinal_cord_stimulation"] > 1


def test_walking_twice_as_far_after_a_trial_is_functional_gain(assessor) -> None:
    responses = assessor.reader.read_responses("SCS trial: 60% relief, walking twice as far as before.")
    assert [(r.option, r.relief_percent, r.functional_gain) for r in responses] == [
        ("spinal_cord_stimulation", 60.0, True)]
    other = assessor.reader.read_responses("SCS trial: 60% relief, walking no further.")
    assert [r.functional_gain for r in other] == [None]


# ------------------------------------------------- back and leg pain after several operations is spine surgery


@pytest.mark.parametrize(
    "text",
    [
        "Lower back and right leg pain ever since my three surgeries, burning into the foot, nothing has worked.",
        "Backache and sciatica still there despite two operations and a course of physio.",
    ],
)
def test_back_pain_after_several_operations_is_prior_spine_surgery(assess, statuses, text) -> None:
    assert statuses(text).get("prior_spine_surgery") is Status.PRESENT
    assert "persistent_spinal_pain_after_surgery" in ranked(assess(text))[:3]


@pytest.mark.parametrize(
    "text",
    [
        "Back pain after two operations on my shoulder last year, sore when bending.",
        "Low back ache since my two caesarean operations.",
    ],
)
def test_operations_on_another_part_are_not_spine_surgery(statuses, text) -> None:
    assert statuses(text).get("prior_spine_surgery") is not Status.PRESENT


# ------------------------------------------------------------- topical NSAIDs in the second half of pregnancy


def test_a_gel_from_20_weeks_carries_the_fetal_caution(assessor) -> None:
    plan = plan_of(assessor, "Knee pain on stairs, I'm 24 weeks pregnant, 29 years old.")
    gel = option(plan, "topical_nsaid")
    assert any("20 weeks or more" in c and "none from 30 weeks" in c for c in gel["cautions"])
    assert "oral_nsaid" in excluded(plan)


def test_a_gel_from_30_weeks_is_excluded(assessor) -> None:
    plan = plan_of(assessor, "Sore knee going up stairs, 32 weeks pregnant, 31 years old.")
    assert "topical_nsaid" in excluded(plan)
    assert "topical_nsaid" not in stage_of(plan)


def test_a_gel_in_the_first_half_of_pregnancy_has_no_fetal_caution(assessor) -> None:
    plan = plan_of(assessor, "Knee pain on stairs, I'm 12 weeks pregnant, 29 years old.")
    gel = option(plan, "topical_nsaid")
    assert not any("20 weeks" in c for c in gel["cautions"])


# -------------------------------------------------------- an opioid with a benzodiazepine: MME and the warning


@pytest.mark.parametrize(
    ("text", "mme"),
    [
        ("Leg pain down to the foot for two months; on oxycodone 30 mg twice daily and lorazepam 1 mg at bedtime.", 90.0),
        ("Sciatica since spring, taking morphine 30mg three times a day plus clonazepam for anxiety.", 90.0),
    ],
)
def test_an_opioid_with_a_benzodiazepine_is_warned_and_counted(assessor, text, mme) -> None:
    plan = plan_of(assessor, text)
    assert plan["mme"]["mme_per_day"] == mme
    assert any("opioid with a benzodiazepine" in a for a in plan["alerts"])
    assert "naloxone" in stage_of(plan)


def test_an_opioid_alone_has_no_benzodiazepine_warning(assessor) -> None:
    plan = plan_of(assessor, "Leg pain down to the foot for two months; on oxycodone 30 mg twice daily.")
    assert plan["mme"]["mme_per_day"] == 90.0
    assert not any("benzodiazepine" in a for a in plan["alerts"])
