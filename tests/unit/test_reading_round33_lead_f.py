"""Round 33, the lead's referral-letter probes of main (lead33f): a myeloma screen's blood results with back pain, a
Pancoast tumour behind a shoulder pain, blood in the urine after an injury, a blood pressure of 180/120 with symptoms,
bleeding from the gut now, and an early pregnancy told by the date of the last period. Two wordings of our own that must
behave and a twin that must not fire, per pattern (kb 2026.12.108).
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, present


def _rules(result: dict[str, Any]) -> list[str]:
    return list(result["triage"].get("rules", []))


def _excluded(result: dict[str, Any]) -> set[str]:
    return {item["id"] for item in result.get("plan", {}).get("excluded", [])}


def _offered(result: dict[str, Any]) -> set[str]:
    return {option["id"] for stage in result.get("plan", {}).get("stages", []) for option in stage["options"]}


# ---------------------------------------------------------------- myeloma blood results with back pain
@pytest.mark.parametrize(
    "text",
    [
        "Referral: 63-year-old retired teacher, thoracic back pain for 3 months. FBC: haemoglobin 9.8 g/dL; "
        "protein electrophoresis has shown an IgG paraprotein.",
        "Mr K, 61, aching lower back since the summer. Bloods: globulin 54, Hb 104 g/L, calcium normal. No fever.",
        "Dear colleague, 57-year-old man, low back pain for 5 months; recent bloods Hb 96 and ESR 92. Apyrexial.",
    ],
)
def test_back_pain_with_myeloma_blood_results_is_a_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Referral: 64-year-old, low back pain for 3 months. Bloods: Hb 141 g/L, ESR 12, globulin 30, total protein 72.",
        "62-year-old with back pain; protein electrophoresis showed no paraprotein and the blood count is normal.",
    ],
)
def test_normal_blood_results_or_a_negative_electrophoresis_raise_no_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert not present(result, "paraprotein")


def test_a_raised_esr_beside_a_paraprotein_without_infection_features_is_not_read_as_infection(assess) -> None:
    result = assess("Man of 66 with low back pain for 4 months, no fever. Hb 101, ESR 95, globulin 58.")
    assert "spinal_malignancy" in flags(result)
    assert "spinal_infection" not in flags(result)


def test_a_fever_keeps_the_infection_flag_beside_a_raised_globulin(assess) -> None:
    result = assess("Man of 66 with low back pain for 2 weeks and a fever of 38.6. ESR 95, globulin 58.")
    assert "spinal_infection" in flags(result)


def test_haemoglobin_is_read_in_both_units_and_hba1c_is_not_haemoglobin(statuses) -> None:
    assert statuses("Back pain. Hb 9.1 g/dL.").get("anaemia") is Status.PRESENT
    assert statuses("Back pain. Haemoglobin of 88 g/L.").get("anaemia") is Status.PRESENT
    assert statuses("Back pain. Hb 13.9 g/dL.").get("anaemia") is not Status.PRESENT
    assert statuses("Back pain. HbA1c 48, well controlled diabetes.").get("anaemia") is not Status.PRESENT


# ---------------------------------------------------------------- Pancoast tumour
@pytest.mark.parametrize(
    "text",
    [
        "Mr J, 59, left shoulder and inner arm pain for 3 months, keeps him awake. Smokes 20 a day. On examination the "
        "left pupil is smaller and the left upper lid droops.",
        "Referral letter: 70-year-old ex-smoker (50 pack-years), right arm pain radiating to the little finger, "
        "waking her at night, with wasting of the intrinsic hand muscles on the right.",
    ],
)
def test_shoulder_or_arm_pain_with_horner_signs_or_hand_wasting_in_a_smoker_is_a_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Mrs P, 66, right shoulder pain for 4 months, worse at night. Ex-smoker of 30 pack years. Wasting of the "
        "supraspinatus; eyelids and pupils normal.",
        "Shoulder pain after lifting, 52, never smoked, some wasting of the thenar eminence from carpal tunnel.",
        "Shoulder ache, smoker, sore at night; diabetic neuropathy with atrophy of the intrinsic muscles of the feet.",
    ],
)
def test_a_smokers_shoulder_pain_with_rotator_cuff_or_thenar_wasting_is_no_pancoast(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert "malignancy_pancoast" not in str(result["red_flags"])


# ---------------------------------------------------------------- blood in the urine after an injury
@pytest.mark.parametrize(
    "text",
    [
        "Ms T, 24, right loin and low back pain since she came off her bike on Saturday; there has been blood in her "
        "urine since.",
        "Came off my horse last week, lower back really sore, and my pee has been pink since.",
    ],
)
def test_visible_haematuria_after_an_injury_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] in {"urgent", "emergency"}
    assert "visible_haematuria_after_injury" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 2 weeks after a fall from a horse. Urine dipstick clear, no blood in the urine.",
        "Back ache after lifting boxes, age 30, no injury, urine normal colour.",
    ],
)
def test_an_injury_without_blood_in_the_urine_is_no_kidney_injury_alarm(assess, text: str) -> None:
    result = assess(text)
    assert "visible_haematuria_after_injury" not in _rules(result)
    assert "visible_haematuria_after_injury_shock" not in _rules(result)


# ---------------------------------------------------------------- blood pressure of 180/120 with symptoms
@pytest.mark.parametrize(
    "text",
    [
        "Mrs L, 52, long-standing low back pain. At the practice today her blood pressure was 210 over 125 and she "
        "described a severe headache.",
        "Neck pain for years. BP 196/124 in clinic, complains of blurred vision since this morning.",
    ],
)
def test_a_blood_pressure_of_180_over_120_with_headache_or_vision_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "severe_hypertension_with_symptoms" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Chronic neck pain with a tension headache. BP 138/86 today.",
        "Low back pain, headache on and off. Blood pressure 150 over 95 at the pharmacy.",
    ],
)
def test_a_headache_with_a_moderate_blood_pressure_is_no_hypertensive_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "severe_hypertension_with_symptoms" not in _rules(result)
    assert "severe_hypertension" not in _rules(result)


def test_a_migraine_headache_with_a_systolic_of_184_is_a_same_day_recheck_not_an_emergency(assess) -> None:
    result = assess("Chronic migraine, headache again today. BP 184/100 in clinic, no visual change.")
    assert "severe_hypertension_with_headache" in _rules(result)
    assert "severe_hypertension_with_symptoms" not in _rules(result)
    assert result["triage"]["level"] == "urgent"


def test_a_known_mgus_or_a_pending_paraprotein_test_is_no_paraprotein(statuses) -> None:
    assert statuses("Neck pain. Known MGUS under haematology follow-up.").get("paraprotein") is not Status.PRESENT
    assert statuses("Back pain. Bloods sent: paraprotein and light chains pending.").get("paraprotein") is not Status.PRESENT


def test_a_blood_pressure_of_185_over_110_without_symptoms_is_checked_within_a_week(assess) -> None:
    result = assess("Low back pain for 6 months, otherwise well. BP 185/110 today, no headache or chest pain.")
    assert "severe_hypertension" in _rules(result)
    assert "severe_hypertension_with_symptoms" not in _rules(result)


# ---------------------------------------------------------------- bleeding from the gut now
@pytest.mark.parametrize(
    "text",
    [
        "Hip arthritis, takes naproxen and warfarin. Since yesterday she has vomited blood twice and feels faint.",
        "Back pain on ibuprofen. For the last 3 days my poo has been black and sticky and I feel dizzy when I stand.",
        "Mr G, 80, knee pain, on rivaroxaban; reports melaena since the weekend.",
    ],
)
def test_melaena_or_vomiting_blood_now_is_an_emergency_and_excludes_nsaids(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "gi_bleed_now" in _rules(result)
    assert "oral_nsaid" not in _offered(result)


@pytest.mark.parametrize(
    "text",
    [
        "Knee osteoarthritis. Started ferrous sulphate last month and my stools have gone black, otherwise well, no "
        "dizziness.",
        "Back pain. She had a stomach bleed in 2015 from an ulcer, none since.",
    ],
)
def test_black_stools_on_iron_or_a_past_bleed_is_not_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "emergency"
    assert "gi_bleed_now" not in _rules(result)


def test_black_stools_on_iron_without_dizziness_are_seen_within_a_week(assess) -> None:
    result = assess("Knee osteoarthritis. On iron tablets and the stools are black. No dizziness, feels well.")
    assert result["triage"]["level"] == "soon"
    assert "black_stools_on_iron" in _rules(result)


# ---------------------------------------------------------------- early pregnancy told by the last period
@pytest.mark.parametrize(
    "text",
    [
        "Ms R, 27, chronic pelvic pain; last menstrual period six weeks ago; this afternoon sudden sharp pain low on "
        "the right and pain in the tip of her right shoulder.",
        "31F, known endometriosis. LMP 8/52. Today severe RIF pain and she fainted at work.",
    ],
)
def test_a_late_last_period_with_ectopic_features_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_ectopic_pregnancy" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Ms V, 30, pelvic pain; LMP 2 weeks ago; today sharp left iliac fossa pain.",
        "Mrs W, 33, pelvic pain, LMP 7 weeks ago but pregnancy test negative today; left-sided pain.",
        "Mrs Y, 62, pelvic pain, last period 10 years ago, sudden severe left iliac fossa pain.",
    ],
)
def test_a_recent_period_a_negative_test_or_menopause_is_no_ectopic(assess, text: str) -> None:
    result = assess(text)
    assert "possible_ectopic_pregnancy" not in _rules(result)
    assert "possible_pregnancy_with_pelvic_pain" not in _rules(result)


def test_a_late_period_with_plain_pelvic_pain_asks_for_a_pregnancy_test_today(assess) -> None:
    result = assess("Ms Q, 25, chronic pelvic pain, worse this month. LMP 6 weeks ago.")
    assert "possible_pregnancy_with_pelvic_pain" in _rules(result)
    assert result["triage"]["level"] == "urgent"
