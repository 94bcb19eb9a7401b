"""Issue 12, the rest of the practice the description names: athletes (return to play, no spine surgery for a
first episode of low back pain), regional nerve blocks for neuropathic and post-herpetic pain, cancer pain
interventions beyond drugs (coeliac plexus neurolysis early in pancreatic cancer, a superior hypogastric plexus
block for pelvic cancer), compounded creams with their weak evidence, intrathecal baclofen for spasticity and
minimally invasive lumbar decompression for stenosis with ligamentum flavum hypertrophy. Each plan appears for
the patient it fits and not for the one it does not."""

from __future__ import annotations

from typing import Any

import pytest

from painpath.adapters.vocabulary import plan_option_kinds, procedure_ids
from painpath.domain.planning import planning_knowledge
from tests.unit.planning_support import excluded_ids, kb, med, option, plan_for, story


def offered(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for s in plan["stages"] for o in s["options"]}


def stage_of(plan: dict[str, Any], option_id: str) -> int:
    return next(s["stage"] for s in plan["stages"] for o in s["options"] if o["id"] == option_id)


# ------------------------------------------------------------------ athletes

ATHLETE_FIRST_EPISODE = (
    "24-year-old footballer, first episode of low back pain with sciatica down the left leg below the knee for 8 "
    "weeks, positive straight leg raise, MRI L5-S1 disc herniation. Wants to get back to sport."
)
OFFICE_WORKER_SCIATICA = (
    "44-year-old accountant with low back pain and sciatica down the left leg below the knee for 8 weeks, positive "
    "straight leg raise, MRI L5-S1 disc herniation."
)


def test_an_athlete_gets_a_return_to_play_plan_and_sport_specific_reloading(assess: Any) -> None:
    plan = assess(ATHLETE_FIRST_EPISODE)["plan"]
    lines = plan.get("return_to_work") or []
    play = [line for line in lines if line.startswith("return to play")]
    assert len(play) == 1 and "footballer" in play[0] and "target date" in play[0]
    therapy = offered(plan)["physical_therapy"]
    assert "sport-specific" in therapy["detail"] and "reloading" in therapy["detail"]


def test_no_spine_surgery_for_an_athletes_first_episode_without_a_deficit(assess: Any) -> None:
    plan = assess(ATHLETE_FIRST_EPISODE)["plan"]
    assert "spine_surgery" not in offered(plan)
    reason = next(e for e in plan["excluded"] if e["id"] == "spine_surgery")["reason"]
    assert "first episode" in reason and "athlete" in reason


def test_a_non_athlete_keeps_the_surgical_opinion_and_gets_no_return_to_play(assess: Any) -> None:
    plan = assess(OFFICE_WORKER_SCIATICA)["plan"]
    assert "spine_surgery" in offered(plan)
    assert not [line for line in plan.get("return_to_work") or [] if line.startswith("return to play")]


@pytest.mark.parametrize(
    ("findings", "surgery_offered"),
    [
        (("athlete", "first_episode"), False),
        (("athlete", "first_episode", "motor_weakness"), True),  # a deficit: the surgical opinion stands
        (("athlete",), True),  # not a first episode
        (("first_episode",), True),  # not an athlete
    ],
)
def test_the_athlete_surgery_rule_holds_only_for_a_first_episode_without_a_deficit(
    findings: tuple[str, ...], surgery_offered: bool
) -> None:
    plan = plan_for("lumbar_radiculopathy", story(("low_back_pain", "radicular_leg_pain", *findings)))
    assert ("spine_surgery" in plan.option_ids()) is surgery_offered
    assert ("spine_surgery" in excluded_ids(plan)) is not surgery_offered


# ------------------------------------------------------------------ regional nerve blocks

def test_postherpetic_neuralgia_offers_a_regional_nerve_block_after_first_line_care() -> None:
    plan = plan_for("postherpetic_neuralgia")
    stages = plan.option_ids()
    assert stages["peripheral_nerve_block"] > stages["topical_lidocaine"]
    block = option(plan, "peripheral_nerve_block")
    assert block.kind == "procedure" and "paravertebral" in block.detail
    assert "Kim 2017" in block.rationale and "kim2017_zoster" in block.sources


def test_neuropathic_pain_after_surgery_offers_a_block_of_the_injured_nerve_and_plain_pain_does_not() -> None:
    burning = plan_for("postoperative_pain", story(("burning_pain",)))
    assert "ilioinguinal" in option(burning, "peripheral_nerve_block").detail
    assert "peripheral_nerve_block" not in plan_for("postoperative_pain").option_ids()


def test_length_dependent_neuropathy_is_not_offered_a_nerve_block() -> None:
    assert "peripheral_nerve_block" not in plan_for("peripheral_neuropathy").option_ids()


def test_a_nerve_block_is_a_low_bleeding_risk_procedure_with_its_hold_advice() -> None:
    on_apixaban = story(meds=[med("apixaban", 5, per_day=2)])
    block = option(plan_for("postherpetic_neuralgia", on_apixaban), "peripheral_nerve_block")
    assert any("apixaban" in c and "low-bleeding-risk" in c for c in block.cautions), block.cautions


# ------------------------------------------------------------------ cancer pain beyond drugs

PANCREATIC = (
    "66-year-old with newly diagnosed inoperable pancreatic cancer, severe epigastric pain boring through to the "
    "back, on oxycodone 20 mg twice daily."
)
CERVICAL_CANCER = (
    "58-year-old with recurrent cervical cancer and severe pelvic pain despite morphine MR 60 mg twice daily and "
    "oramorph 10 mg four times a day."
)
PROSTATE_BONE = (
    "70-year-old with metastatic prostate cancer, bone pain in the ribs and pelvis, on morphine sulfate MR 100 mg "
    "twice daily."
)


def test_pancreatic_cancer_pain_is_offered_early_coeliac_plexus_neurolysis(assess: Any) -> None:
    out = assess(PANCREATIC)
    assert out["differential"][0]["condition"] == "cancer_pain"
    plan = out["plan"]
    block = offered(plan)["sympathetic_block"]
    assert "coeliac plexus neurolysis" in block["detail"] and "at diagnosis" in block["detail"]
    assert "Wyse 2011" in block["rationale"]
    # timing: in the same stage as the opioid, not after opioids fail
    assert stage_of(plan, "sympathetic_block") == stage_of(plan, "opioid")
    assert stage_of(plan, "sympathetic_block") < stage_of(plan, "intrathecal_drug_delivery")


def test_pelvic_cancer_pain_is_offered_a_superior_hypogastric_block_after_a_diagnostic_block(assess: Any) -> None:
    plan = assess(CERVICAL_CANCER)["plan"]
    block = offered(plan)["sympathetic_block"]
    assert "superior hypogastric plexus" in block["detail"] and "diagnostic local-anaesthetic block first" in block[
        "detail"]
    assert "Plancarte 1997" in block["rationale"]
    assert stage_of(plan, "opioid") < stage_of(plan, "sympathetic_block") < stage_of(plan, "intrathecal_drug_delivery")


def test_bone_pain_from_metastases_gets_no_plexus_block(assess: Any) -> None:
    plan = assess(PROSTATE_BONE)["plan"]
    assert "sympathetic_block" not in offered(plan)


@pytest.mark.parametrize("note", [PANCREATIC, CERVICAL_CANCER, PROSTATE_BONE])
def test_cancer_pain_on_opioids_gets_naloxone_and_the_mme(assess: Any, note: str) -> None:
    plan = assess(note)["plan"]
    assert plan["mme"]["mme_per_day"] >= 50
    assert "naloxone" in offered(plan)
    assert any(f"{plan['mme']['mme_per_day']:g} MME/day" in a for a in plan["alerts"])


def test_refractory_cancer_pain_keeps_intrathecal_delivery_behind_a_trial() -> None:
    plan = plan_for("cancer_pain")
    pump = option(plan, "intrathecal_drug_delivery")
    assert pump.status == "not yet" and "trial" in pump.requires
    assert plan.option_ids()["intrathecal_drug_delivery"] == max(plan.option_ids().values())


# ------------------------------------------------------------------ compounded creams

@pytest.mark.parametrize("condition", ["postherpetic_neuralgia", "peripheral_neuropathy"])
def test_compounded_creams_are_an_option_with_their_weak_evidence(condition: str) -> None:
    plan = plan_for(condition)
    cream = option(plan, "compounded_topical")
    assert cream.kind == "medication" and plan.option_ids()["compounded_topical"] > 1
    assert any("no better than placebo" in c and "Brutcher 2019" in c for c in cream.cautions)
    assert cream.benefit is not None and cream.benefit.likelihood.startswith("low")
    assert "brutcher2019" in cream.sources


@pytest.mark.parametrize("condition", ["knee_osteoarthritis", "lumbar_facet_pain", "migraine"])
def test_compounded_creams_are_not_offered_outside_neuropathic_pain(condition: str) -> None:
    assert "compounded_topical" not in plan_for(condition).option_ids()


# ------------------------------------------------------------------ intrathecal therapy for spasticity

def test_spasticity_that_oral_drugs_do_not_control_adds_intrathecal_baclofen_last() -> None:
    plan = plan_for("peripheral_neuropathy", story(("refractory_spasticity",)))
    pump = option(plan, "intrathecal_drug_delivery")
    assert "baclofen" in pump.detail and "screening bolus" in pump.detail
    assert "Penn 1989" in pump.rationale
    assert any("withdrawal is an emergency" in c for c in pump.cautions)
    assert plan.option_ids()["intrathecal_drug_delivery"] == max(plan.option_ids().values())


def test_spasticity_in_the_note_reaches_the_plan(assess: Any) -> None:
    note = ("62-year-old woman with multiple sclerosis and severe spasticity despite oral baclofen, painful leg "
            "spasms at night and burning pain in both feet.")
    assert "intrathecal_drug_delivery" in offered(assess(note)["plan"])
    assert "intrathecal_drug_delivery" not in plan_for("peripheral_neuropathy").option_ids()


# ------------------------------------------------------------------ minimally invasive lumbar decompression

STENOSIS_LF = (
    "74-year-old with neurogenic claudication for 8 months, legs ache after walking 100 metres, relieved by "
    "sitting and bending forward, failed physical therapy. MRI: central canal stenosis at L4-5 with ligamentum "
    "flavum hypertrophy."
)
STENOSIS_DISC = (
    "74-year-old with neurogenic claudication for 8 months, legs ache after walking 100 metres, relieved by "
    "sitting and bending forward, failed physical therapy. MRI: central canal stenosis at L4-5."
)


def test_stenosis_with_ligamentum_flavum_hypertrophy_is_offered_mild_with_its_eligibility(assess: Any) -> None:
    out = assess(STENOSIS_LF)
    assert out["differential"][0]["condition"] == "lumbar_spinal_stenosis"
    plan = out["plan"]
    mild = offered(plan)["minimally_invasive_lumbar_decompression"]
    assert mild["kind"] == "procedure"
    assert any("ligamentum flavum hypertrophy" in c and "3 months or more" in c for c in mild["cautions"])
    assert any("spondylolisthesis of grade II" in c for c in mild["cautions"])
    assert "Staats 2018" in mild["benefit"]["magnitude"]
    assert stage_of(plan, "epidural_steroid_injection") < stage_of(plan, "minimally_invasive_lumbar_decompression")


def test_stenosis_without_ligamentum_flavum_hypertrophy_gets_no_mild(assess: Any) -> None:
    plan = assess(STENOSIS_DISC)["plan"]
    assert "minimally_invasive_lumbar_decompression" not in offered(plan)
    assert "spine_surgery" in offered(plan)


def test_mild_is_a_high_bleeding_risk_procedure() -> None:
    on_apixaban = story(("imaging_ligamentum_flavum_hypertrophy",), meds=[med("apixaban", 5, per_day=2)])
    mild = option(plan_for("lumbar_spinal_stenosis", on_apixaban), "minimally_invasive_lumbar_decompression")
    assert any("apixaban" in c and "high-bleeding-risk" in c for c in mild.cautions), mild.cautions


# ------------------------------------------------------------------ the practice's own option ids

def test_the_practices_own_options_are_marked_and_accepted_for_records_and_decisions() -> None:
    pk = planning_knowledge(kb())
    assert pk is not None
    own = {oid for oid, o in pk.options.items() if o.extension}
    assert own == {"peripheral_nerve_block", "minimally_invasive_lumbar_decompression", "compounded_topical"}
    assert {"peripheral_nerve_block", "minimally_invasive_lumbar_decompression"} <= set(procedure_ids())
    assert plan_option_kinds()["compounded_topical"] == "medication"
