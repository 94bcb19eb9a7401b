"""Each medication exclusion rule on both sides of its threshold, and the cautions that adjust doses."""

from __future__ import annotations

import pytest

from tests.unit.planning_support import excluded_ids, med, option, plan_for, story


@pytest.mark.parametrize(
    ("condition", "option_id", "values", "excluded"),
    [
        ("knee_osteoarthritis", "oral_nsaid", {"egfr": 29.0}, True),
        ("knee_osteoarthritis", "oral_nsaid", {"egfr": 35.0}, True),  # below 60: no prolonged NSAID
        ("knee_osteoarthritis", "oral_nsaid", {"egfr": 59.0}, True),
        ("knee_osteoarthritis", "oral_nsaid", {"egfr": 60.0}, False),
        ("knee_osteoarthritis", "oral_nsaid", {"crcl": 25.0}, True),
        ("knee_osteoarthritis", "snri", {"crcl": 29.0}, True),
        ("knee_osteoarthritis", "snri", {"crcl": 30.0}, False),
        ("knee_osteoarthritis", "snri", {"egfr": 29.0}, True),
        ("peripheral_neuropathy", "tca", {"age": 65.0}, True),
        ("peripheral_neuropathy", "tca", {"age": 64.0}, False),
        ("peripheral_neuropathy", "tca", {"age": 50.0, "qtc": 451.0}, True),
        ("peripheral_neuropathy", "tca", {"age": 50.0, "qtc": 450.0}, False),
        ("nonspecific_low_back_pain", "muscle_relaxant", {"age": 65.0}, True),
        ("nonspecific_low_back_pain", "muscle_relaxant", {"age": 64.0}, False),
    ],
)
def test_threshold_rules(condition: str, option_id: str, values: dict[str, float], excluded: bool) -> None:
    plan = plan_for(condition, story(values=values))
    assert (option_id in excluded_ids(plan)) is excluded
    assert (option_id in plan.option_ids()) is not excluded


@pytest.mark.parametrize(
    ("condition", "option_id", "finding"),
    [
        ("knee_osteoarthritis", "oral_nsaid", "gi_bleed_history"),
        ("knee_osteoarthritis", "oral_nsaid", "heart_failure"),
        ("knee_osteoarthritis", "oral_nsaid", "chronic_kidney_disease"),
        ("knee_osteoarthritis", "snri", "liver_disease"),
        ("knee_osteoarthritis", "snri", "alcohol_excess"),
        ("migraine", "triptan", "coronary_disease"),
        ("migraine", "triptan", "cerebrovascular_disease"),
        ("trigeminal_neuralgia", "sodium_channel_blocker", "hla_b1502"),
        ("peripheral_neuropathy", "tca", "heart_failure"),
        ("peripheral_neuropathy", "tca", "suicidal_thoughts"),
        ("migraine", "cgrp_monoclonal_antibody", "pregnancy_postpartum"),
    ],
)
def test_finding_rules_exclude_only_when_the_finding_is_present(
    condition: str, option_id: str, finding: str
) -> None:
    assert option_id in excluded_ids(plan_for(condition, story([finding])))
    assert option_id in plan_for(condition, story()).option_ids()


def test_a_normal_egfr_does_not_clear_a_named_kidney_disease_without_a_value() -> None:
    assert "oral_nsaid" in excluded_ids(plan_for("knee_osteoarthritis", story(["chronic_kidney_disease"])))
    assert (
        "oral_nsaid"
        in plan_for(
            "knee_osteoarthritis", story(["chronic_kidney_disease"], values={"egfr": 75.0})
        ).option_ids()
    )


@pytest.mark.parametrize(
    ("med_name", "option_id"),
    [
        ("warfarin", "oral_nsaid"),
        ("apixaban", "oral_nsaid"),
        ("lithium", "oral_nsaid"),
        ("phenelzine", "snri"),
        ("fluvoxamine", "snri"),
        ("phenelzine", "triptan"),
    ],
)
def test_current_co_medications_exclude(med_name: str, option_id: str) -> None:
    condition = "migraine" if option_id == "triptan" else "knee_osteoarthritis"
    assert option_id in excluded_ids(plan_for(condition, story(meds=[med(med_name, 5, per_day=1)])))
    past = story(meds=[med(med_name, 5, per_day=1, status="past")])
    assert option_id not in excluded_ids(plan_for(condition, past))


def test_two_cns_depressants_rule_out_a_third() -> None:
    patient = story(meds=[med("oxycodone", 5, per_day=2), med("alprazolam", 1, per_day=1)])
    plan = plan_for("peripheral_neuropathy", patient)
    assert {"gabapentinoid", "tca"} <= excluded_ids(plan)
    one = story(meds=[med("oxycodone", 5, per_day=2)])
    assert "gabapentinoid" in plan_for("peripheral_neuropathy", one).option_ids()


@pytest.mark.parametrize(
    ("crcl", "expected"),
    [
        (60.0, None),
        (59.0, "400-1400 mg"),
        (30.0, "400-1400 mg"),
        (29.0, "200-700 mg"),
        (15.0, "200-700 mg"),
        (14.0, "100-300 mg"),
    ],
)
def test_gabapentinoid_dose_follows_the_label_renal_bands(crcl: float, expected: str | None) -> None:
    cautions = option(
        plan_for("peripheral_neuropathy", story(values={"crcl": crcl})), "gabapentinoid"
    ).cautions
    renal = [c for c in cautions if "kidney function" in c]
    if expected is None:
        assert not renal
    else:
        assert len(renal) == 1 and expected in renal[0]


@pytest.mark.parametrize(
    ("finding", "capped"), [("liver_disease", True), ("alcohol_excess", True), (None, False)]
)
def test_acetaminophen_cap_is_lower_with_liver_disease_or_alcohol(finding: str | None, capped: bool) -> None:
    patient = story([finding] if finding else [])
    cautions = option(plan_for("knee_osteoarthritis", patient), "acetaminophen").cautions
    assert any("2 g/day" in c for c in cautions) is capped


@pytest.mark.parametrize(("weight", "capped"), [(49.0, True), (50.0, False)])
def test_acetaminophen_cap_is_lower_under_50_kg(weight: float, capped: bool) -> None:
    cautions = option(
        plan_for("knee_osteoarthritis", story(values={"weight_kg": weight})), "acetaminophen"
    ).cautions
    assert any("2 g/day" in c for c in cautions) is capped


def test_carbamazepine_always_carries_its_monitoring() -> None:
    cautions = option(plan_for("trigeminal_neuralgia"), "sodium_channel_blocker").cautions
    assert any("sodium, blood count and liver tests" in c for c in cautions)
    assert any("HLA-B*15:02" in c for c in cautions)


def test_a_current_medication_that_a_rule_forbids_raises_an_alert() -> None:
    plan = plan_for(
        "knee_osteoarthritis", story(values={"egfr": 25.0}, meds=[med("ibuprofen", 400, per_day=3)])
    )
    assert any("currently taking" in alert and "below 30" in alert for alert in plan.alerts)


def test_every_reason_to_exclude_an_option_is_given_in_one_entry() -> None:
    patient = story(["gi_bleed_history", "heart_failure"], values={"egfr": 25.0})
    entries = [e for e in plan_for("knee_osteoarthritis", patient).excluded if e.id == "oral_nsaid"]
    assert len(entries) == 1
    assert (
        "GI bleed" in entries[0].reason
        and "heart failure" in entries[0].reason
        and "below 30" in entries[0].reason
    )
