"""Round 36 long letters (fix36l, kb 2026.12.132): scope in long prose, each a pattern with two wordings and a twin.

- a history, drug, family or social header inside running prose ends where the narrative resumes;
- a procedure the patient asks for, one in a list of treatments tried, or one told with its result is not recent;
- an examination piece that states a normal result names no symptom site ("5/5 in both legs");
- full power told after a recovery is no settled weakness;
- "was negative for" denies what follows.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level


# ---------------------------------------------------------------- 1. an inline header's section ends in prose
@pytest.mark.parametrize(
    "text",
    [
        "Thank you for seeing Mrs Dale, 70, with chronic low back pain. Medications: ramipril for blood pressure, "
        "omeprazole. She smokes ten a day. Overnight she developed a tearing pain through to her back and I could "
        "feel a pulsatile mass in her abdomen.",
        "Old lumbar spondylosis. Drug history: metformin, atorvastatin, aspirin. He describes a ripping, tearing pain "
        "from his belly to his back and there is a pulsatile mass above the navel.",
    ],
)
def test_drug_header_in_prose_does_not_make_the_rest_treated(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


def test_drug_list_under_an_inline_header_stays_treated(assess) -> None:
    # a list with no narrative sentence runs on as before: the retention is the reason for the drug
    result = assess("Low back pain for years. Medications: tamsulosin for urinary retention. Paracetamol as needed.")
    assert "cauda_equina_syndrome" not in flags(result)


# ---------------------------------------------------------------- 2. a procedure asked for, tried or with its result
@pytest.mark.parametrize(
    "text",
    [
        "Severe low back pain for three months. She wonders if she could have the facet injections her sister had.",
        "Severe back pain for a year. He is asking about a nerve root block.",
        "Chronic severe low back pain. She has tried physiotherapy, amitriptyline, and a facet joint injection.",
        "Severe low back pain for years. Medial branch blocks with partial relief.",
    ],
)
def test_requested_tried_or_reported_procedure_is_not_recent(assess, statuses, text: str) -> None:
    assert statuses(text).get("recent_spinal_procedure") is not Status.PRESENT
    assert "spinal_infection" not in flags(assess(text))


def test_procedure_days_ago_is_still_recent(assess, statuses) -> None:
    text = "Severe low back pain since a facet joint injection 4 days ago, and she asks if it could be repeated."
    assert statuses(text).get("recent_spinal_procedure") is Status.PRESENT
    assert "spinal_infection" in flags(assess(text))


# ---------------------------------------------------------------- 3. a normal examination piece names no symptom site
@pytest.mark.parametrize(
    "text",
    [
        "Right sciatica to the sole for six weeks. On examination power 5/5 in both legs; right ankle reflex absent.",
        "Left leg pain radiating to the foot for two months. Examination: sensation intact in both legs, left ankle "
        "jerk reduced.",
    ],
)
def test_normal_exam_in_both_legs_is_no_bilateral_symptom(assess, statuses, text: str) -> None:
    assert statuses(text).get("bilateral_leg_symptoms") is not Status.PRESENT
    assert "cauda_equina_syndrome" not in flags(assess(text))


def test_reduced_exam_in_both_legs_keeps_the_bilateral_deficit(assess) -> None:
    result = assess("Sciatica to the foot for a week. On examination: power reduced in both legs, ankle reflexes absent.")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- 4. full power after a recovery
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for years. The foot drop recovered fully and he now has 5/5 power in the left leg.",
        "Chronic low back pain. Her weakness resolved completely after the operation and she is now 5/5 throughout.",
    ],
)
def test_full_power_after_recovery_is_no_weakness(statuses, text: str) -> None:
    assert statuses(text).get("motor_weakness") is not Status.PRESENT


def test_partial_grade_is_still_weakness(statuses) -> None:
    assert statuses("Back pain for two weeks and his left foot is weak, 3/5 on dorsiflexion.").get(
        "motor_weakness"
    ) is Status.PRESENT


# ---------------------------------------------------------------- 5. "was negative for"
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Breast cancer in 2015. A bone scan last month was negative for metastases.",
        "Low back ache. The CT came back negative for bony metastases.",
    ],
)
def test_was_negative_for_denies_what_follows(statuses, text: str) -> None:
    assert statuses(text).get("metastatic_disease") is Status.ABSENT


def test_negative_scan_then_known_metastases_stay(statuses) -> None:
    text = "Back pain. The bone scan was negative. Known metastases in the liver."
    assert statuses(text).get("metastatic_disease") is Status.PRESENT
