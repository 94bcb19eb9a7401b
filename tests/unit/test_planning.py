"""The planning engine: stages, procedure pathways, medication history, red flags and the contract shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from painpath.domain.engine import evaluate
from painpath.domain.plan import ProcedureResponse, RecordedFinding
from painpath.domain.planning import build_plan
from tests.unit.planning_support import TODAY, excluded_ids, kb, med, option, plan_for, story


def mbb(relief: float, sequence: int) -> ProcedureResponse:
    return ProcedureResponse("medial_branch_block", relief, sequence=sequence, duration_hours=6)


# ------------------------------------------------------------------ stage order and content


@pytest.mark.parametrize("condition", sorted(kb().extra["planning"].pathways))
def test_stage_one_is_conservative_for_every_condition(condition: str) -> None:
    pk = kb().extra["planning"]
    plan = plan_for(condition)
    stage_one = [o for o in plan.stages[0].options]
    assert not [o.id for o in stage_one if o.kind == "procedure"]
    if condition not in pk.stewardship.first_line_conditions:
        assert "opioid" not in plan.option_ids()


def test_stages_are_numbered_from_one_without_gaps() -> None:
    plan = plan_for("lumbar_facet_pain")
    assert [s.stage for s in plan.stages] == list(range(1, len(plan.stages) + 1))


def test_facet_pathway_offers_blocks_before_ablation() -> None:
    stages = plan_for("lumbar_facet_pain").option_ids()
    assert stages["medial_branch_block"] < stages["radiofrequency_ablation"]


def test_spasm_plan_has_no_opioid_or_epidural_and_says_why() -> None:
    plan = plan_for("nonspecific_low_back_pain")
    assert "opioid" not in plan.option_ids() and "epidural_steroid_injection" not in plan.option_ids()
    assert {"opioid", "epidural_steroid_injection"} <= excluded_ids(plan)


def test_fibromyalgia_excludes_opioids_and_trigger_point_injections() -> None:
    plan = plan_for("fibromyalgia")
    assert {"opioid", "trigger_point_injection"} <= excluded_ids(plan)
    assert plan.option_ids()["snri"] == 1


def test_every_excluded_option_is_absent_from_the_stages() -> None:
    patient = story(["gi_bleed_history", "heart_failure"], values={"age": 80.0, "egfr": 20.0})
    plan = plan_for("knee_osteoarthritis", patient)
    assert excluded_ids(plan)
    assert not excluded_ids(plan) & set(plan.option_ids())


# ------------------------------------------------------------------ procedure pathway progression


def test_two_concordant_medial_branch_blocks_make_ablation_available_now() -> None:
    plan = plan_for("lumbar_facet_pain", responses=[mbb(85, 1), mbb(90, 2)])
    rfa = option(plan, "radiofrequency_ablation")
    assert rfa.status == "eligible"
    assert "medial_branch_block" not in plan.option_ids()
    assert plan.completed


def test_one_failed_medial_branch_block_removes_ablation_with_the_reason() -> None:
    plan = plan_for("lumbar_facet_pain", responses=[mbb(30, 1)])
    assert "radiofrequency_ablation" not in plan.option_ids()
    reason = next(e.reason for e in plan.excluded if e.id == "radiofrequency_ablation")
    assert "30% relief" in reason and "80%" in reason


def test_a_failed_second_block_closes_the_pathway_even_after_a_good_first() -> None:
    plan = plan_for("lumbar_facet_pain", responses=[mbb(90, 1), mbb(40, 2)])
    assert "radiofrequency_ablation" in excluded_ids(plan)


def test_one_positive_block_leaves_ablation_waiting_for_the_second() -> None:
    plan = plan_for("lumbar_facet_pain", responses=[mbb(85, 1)])
    rfa = option(plan, "radiofrequency_ablation")
    assert rfa.status == "not yet" and "1 more needed" in rfa.requires


@pytest.mark.parametrize(("relief", "eligible"), [(80, True), (79, False)])
def test_the_configured_relief_threshold_is_inclusive(relief: float, eligible: bool) -> None:
    plan = plan_for("lumbar_facet_pain", responses=[mbb(relief, 1), mbb(relief, 2)])
    assert ("radiofrequency_ablation" in plan.option_ids()) is eligible


def test_genicular_ablation_needs_one_block_at_fifty_percent() -> None:
    block = ProcedureResponse("genicular_nerve_block", 50)
    assert (
        option(plan_for("knee_osteoarthritis", responses=[block]), "radiofrequency_ablation").status
        == "eligible"
    )
    low = ProcedureResponse("genicular_nerve_block", 49)
    assert "radiofrequency_ablation" in excluded_ids(plan_for("knee_osteoarthritis", responses=[low]))


CLEARED = RecordedFinding("psych_evaluation_cleared", "psychological evaluation recorded: cleared by Dr Psych")


def test_a_stimulator_trial_with_relief_and_function_offers_the_implant() -> None:
    trial = ProcedureResponse("spinal_cord_stimulation", 60, functional_gain=True)
    scs = option(
        plan_for("persistent_spinal_pain_after_surgery", responses=[trial], recorded=[CLEARED]),
        "spinal_cord_stimulation",
    )
    assert scs.status == "eligible" and "permanent" in scs.detail


def test_a_stimulator_trial_without_functional_gain_closes_the_pathway() -> None:
    trial = ProcedureResponse("spinal_cord_stimulation", 70, functional_gain=False)
    plan = plan_for("persistent_spinal_pain_after_surgery", responses=[trial], recorded=[CLEARED])
    assert "spinal_cord_stimulation" in excluded_ids(plan)


def test_a_stimulator_trial_waits_for_the_psychological_evaluation() -> None:
    scs = option(plan_for("persistent_spinal_pain_after_surgery"), "spinal_cord_stimulation")
    assert scs.status == "not yet" and "psychological evaluation recorded on the chart" in scs.requires


def test_a_notes_words_of_clearance_do_not_open_the_implant_without_the_record() -> None:
    trial = ProcedureResponse("spinal_cord_stimulation", 60, functional_gain=True)
    noted = plan_for("persistent_spinal_pain_after_surgery", story(["psychological_clearance"]), responses=[trial])
    scs = option(noted, "spinal_cord_stimulation")
    assert scs.status == "not yet" and "a note's words do not count" in scs.requires
    assert "behavioral_health" in noted.option_ids()  # the evaluation is still to do
    cleared = plan_for("persistent_spinal_pain_after_surgery", responses=[trial], recorded=[CLEARED])
    assert "behavioral_health" not in cleared.option_ids()


@pytest.mark.parametrize("relief", [49, 30])
def test_a_stimulator_trial_below_the_50_percent_threshold_closes_the_implant(relief: int) -> None:
    trial = ProcedureResponse("spinal_cord_stimulation", relief, functional_gain=True)
    plan = plan_for("persistent_spinal_pain_after_surgery", responses=[trial], recorded=[CLEARED])
    assert "spinal_cord_stimulation" in excluded_ids(plan)


def test_crps_offers_sympathetic_block_before_dorsal_root_ganglion_stimulation() -> None:
    stages = plan_for("complex_regional_pain_syndrome").option_ids()
    assert stages["sympathetic_block"] < stages["dorsal_root_ganglion_stimulation"]


@pytest.mark.parametrize(
    ("done", "relief", "weeks", "expected"),
    [
        (TODAY - dt.timedelta(days=200), 70, 26, "eligible"),  # enough relief, long enough, 6 months ago
        (TODAY - dt.timedelta(days=100), 70, 26, "not yet"),  # too soon
        (TODAY - dt.timedelta(days=200), 40, 26, "excluded"),  # too little relief
        (TODAY - dt.timedelta(days=200), 70, 8, "excluded"),  # relief did not last 12 weeks
    ],
)
def test_repeat_ablation_rule(done: dt.date, relief: float, weeks: float, expected: str) -> None:
    previous = ProcedureResponse("radiofrequency_ablation", relief, duration_hours=weeks * 168, date=done)
    plan = plan_for("lumbar_facet_pain", responses=[previous])
    if expected == "excluded":
        assert "radiofrequency_ablation" in excluded_ids(plan)
    else:
        assert option(plan, "radiofrequency_ablation").status == expected
        assert "medial_branch_block" not in plan.option_ids()


# ------------------------------------------------------------------ medication history and alternatives


def test_a_medication_class_not_tolerated_is_excluded_with_the_notes_words() -> None:
    patient = story(meds=[med("nsaid", status="not_tolerated", effect="upset")])
    plan = plan_for("knee_osteoarthritis", patient)
    assert "oral_nsaid" in excluded_ids(plan)
    assert "upset" in next(e.reason for e in plan.excluded if e.id == "oral_nsaid")
    assert "topical_nsaid" in plan.option_ids()


def test_a_medication_that_failed_is_not_offered_again_silently() -> None:
    plan = plan_for(
        "peripheral_neuropathy", story(meds=[med("gabapentin", status="failed", effect="no relief")])
    )
    assert "gabapentinoid" in excluded_ids(plan) and "gabapentinoid" not in plan.option_ids()


def test_an_alternative_moves_up_when_the_first_choice_is_excluded() -> None:
    plan = plan_for("migraine", story(["coronary_disease"]))
    assert "triptan" in excluded_ids(plan)
    assert plan.option_ids()["gepant"] == 1


def test_without_a_contraindication_the_gepant_waits_behind_the_triptan() -> None:
    stages = plan_for("migraine").option_ids()
    assert stages["triptan"] == 1 and stages["gepant"] > 1


# ------------------------------------------------------------------ procedures: approach and safety


# radicular leg pain in each story: radiculopathy's epidural has an eligibility rule (round 33, pathways_spine.yaml)
def test_unilateral_disc_herniation_gets_a_transforaminal_epidural_at_the_traversing_root() -> None:
    patient = story(["radicular_leg_pain", "imaging_disc_herniation"], levels=("L5-S1",), laterality="right")
    detail = option(plan_for("lumbar_radiculopathy", patient), "epidural_steroid_injection").detail
    assert "transforaminal" in detail and "right" in detail and "S1 root" in detail


def test_bilateral_symptoms_get_an_interlaminar_epidural() -> None:
    patient = story(["radicular_leg_pain", "bilateral_leg_symptoms"], levels=("L4-L5",))
    detail = option(plan_for("lumbar_radiculopathy", patient), "epidural_steroid_injection").detail
    assert detail.startswith("interlaminar")


def test_after_spine_surgery_the_epidural_is_caudal() -> None:
    detail = option(
        plan_for("lumbar_radiculopathy", story(["radicular_leg_pain", "prior_spine_surgery"])), "epidural_steroid_injection"
    ).detail
    assert detail.startswith("caudal")


def test_cervical_epidural_warns_against_particulate_transforaminal_steroid() -> None:
    esi = option(plan_for("cervical_radiculopathy"), "epidural_steroid_injection")
    assert "interlaminar" in esi.detail
    assert any("particulate" in c for c in esi.cautions)


def test_anticoagulant_hold_follows_the_procedure_risk_class() -> None:
    patient = story([], meds=[med("warfarin", 5, per_day=1)])
    plan = plan_for("persistent_spinal_pain_after_surgery", patient)
    scs = option(plan, "spinal_cord_stimulation")
    assert any("high-bleeding-risk" in c and "5 days" in c and "INR" in c for c in scs.cautions)
    facet = plan_for("lumbar_facet_pain", patient)
    block = option(facet, "medial_branch_block")
    assert any("low-bleeding-risk" in c and "usually continued" in c for c in block.cautions)


def test_steroid_procedures_warn_people_with_diabetes_about_glucose() -> None:
    esi = option(plan_for("lumbar_radiculopathy", story(["radicular_leg_pain", "diabetes"])), "epidural_steroid_injection")
    assert any("glucose" in c for c in esi.cautions)
    plain = option(plan_for("lumbar_radiculopathy", story(["radicular_leg_pain"])), "epidural_steroid_injection")
    assert not any("glucose" in c for c in plain.cautions)


# ------------------------------------------------------------------ red flags, post-op course, contract


def test_a_red_flag_referral_forms_the_first_stage() -> None:
    patient = story(["urinary_retention", "saddle_anaesthesia", "bilateral_leg_symptoms", "low_back_pain"])
    plan = plan_for("lumbar_radiculopathy", patient, red_flags_from_story=True)
    assert [o.id for o in plan.stages[0].options][:1] == ["emergency_department"]
    assert plan.alerts and "cauda equina" in plan.alerts[0]


def test_post_operative_opioid_has_a_stop_date() -> None:
    detail = option(plan_for("postoperative_pain"), "opioid").detail
    assert (TODAY + dt.timedelta(days=7)).isoformat() in detail


def test_plan_serialises_to_the_contract_shape() -> None:
    contract = plan_for("knee_osteoarthritis", story(values={"egfr": 35.0})).to_contract()
    assert set(contract) >= {"stages", "excluded"}
    first = contract["stages"][0]
    assert first["stage"] == 1 and first["goal"]
    assert {"id", "kind", "detail", "rationale", "cautions"} <= set(first["options"][0])
    assert {"id": "oral_nsaid"}.items() <= contract["excluded"][0].items()


def test_an_uncertain_leading_diagnosis_is_flagged() -> None:
    assert not [a for a in plan_for("lumbar_facet_pain").alerts if "uncertain" in a]
    base = kb()
    assessment = evaluate(base, story(["low_back_pain"]))
    entry = replace(assessment.differential[0], condition="lumbar_facet_pain", label="facet", probability=0.2)
    plan = build_plan(base, replace(assessment, differential=(entry,)), today=TODAY)
    assert plan is not None and any("uncertain" in a and "20%" in a for a in plan.alerts)


def test_a_medication_already_taken_is_continued_not_started_again() -> None:
    plan = plan_for("peripheral_neuropathy", story(meds=[med("duloxetine", 60, per_day=1)]))
    snri = option(plan, "snri")
    assert snri.status == "already taking" and "duloxetine" in snri.requires


def test_cancer_pain_rotates_an_opioid_that_was_not_tolerated_instead_of_dropping_opioids() -> None:
    patient = story(meds=[med("morphine", 10, per_day=6, status="not_tolerated", effect="nausea")])
    opioid = option(plan_for("cancer_pain", patient), "opioid")
    assert any("'morphine 10' was not tolerated" in c and "different drug" in c for c in opioid.cautions)


@pytest.mark.parametrize(
    ("findings", "values", "words"),
    [(["fever"], {}, "infection"), (["pregnancy_postpartum"], {}, "fluoroscopy"), ([], {"inr": 1.8}, "INR")],
)
def test_procedures_carry_the_patients_contraindications(
    findings: list[str], values: dict[str, float], words: str
) -> None:
    block = option(plan_for("lumbar_facet_pain", story(findings, values=values)), "medial_branch_block")
    assert any(words in c for c in block.cautions)
    plain = option(plan_for("lumbar_facet_pain"), "medial_branch_block")
    assert not any(words in c for c in plain.cautions)
