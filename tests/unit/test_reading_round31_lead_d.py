"""Round 31 (the lead's probes of main, part d): missed red flags and under-triage, each a pattern in our own words.

- both feet dropping ("both feet slapping", "can't lift either foot") with back pain, of now: a new bilateral motor
  deficit (cauda equina, emergency);
- numbness or weakness in both legs told as "legs are numb" with back pain after a fall or on an anticoagulant:
  fracture with compression or a spinal epidural haematoma (emergency);
- a child named with the age before the kinship word ("my 9 year old son has had back pain"): the child is the
  patient, and the paediatric back pain rule applies;
- a leg that looks shorter or turned out after a fall or being found on the floor: a hip fracture (emergency).
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- both feet dropping
@pytest.mark.parametrize(
    "text",
    [
        "Sudden back pain today and now I can't lift either foot, keep tripping.",
        "Lower back pain since yesterday, both my feet flop when I walk.",
    ],
)
def test_both_feet_dropping_with_back_pain_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "bilateral_foot_drop")
    assert "progressive_neurologic_deficit" in flags(result)
    assert "cauda_equina_syndrome" in flags(result)
    assert _level(result) == "emergency"


def test_one_foot_slapping_since_an_old_stroke_unchanged_is_no_bilateral_deficit(assess) -> None:
    result = assess("Back pain for 20 years. My left foot has slapped a little since my stroke in the past, unchanged.")
    assert not present(result, "bilateral_foot_drop")
    assert "cauda_equina_syndrome" not in flags(result)
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- both legs numb or weak after a fall or on an anticoagulant
@pytest.mark.parametrize(
    "text",
    [
        "Slipped on the stairs yesterday, back is agony and my legs have gone numb.",
        "On apixaban for AF, back pain since this morning and weakness in my legs.",
    ],
)
def test_both_legs_numb_or_weak_after_a_fall_or_on_an_anticoagulant_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "bilateral_leg_symptoms")
    assert "progressive_neurologic_deficit" in flags(result)
    assert _level(result) == "emergency"


def test_legs_tired_after_a_long_walk_without_a_fall_or_anticoagulant_is_no_emergency(assess) -> None:
    result = assess("Legs feel weak after a long walk, no fall, not anticoagulated, 3 years of back pain.")
    assert "progressive_neurologic_deficit" not in flags(result)
    assert "cauda_equina_syndrome" not in flags(result)
    assert _level(result) not in {"urgent", "emergency"}


# ---------------------------------------------------------------- a child named with the age first
@pytest.mark.parametrize(
    "text",
    [
        "My 11-year-old daughter has had back pain for two months and it wakes her at night.",
        "Our 8 year old boy has had back pain for five weeks, worse at night.",
    ],
)
def test_a_child_named_with_the_age_first_is_the_patient(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert _level(result) in {"soon", "urgent", "emergency"}


def test_a_childs_minor_knock_yesterday_fine_at_night_is_not_urgent(assess) -> None:
    result = assess("My 9 year old son hurt his back at trampolining yesterday, fine at night.")
    assert "spinal_malignancy" not in flags(result)
    assert _level(result) not in {"urgent", "emergency"}


# ---------------------------------------------------------------- a leg short or turned out after a fall
@pytest.mark.parametrize(
    "text",
    [
        "82 year old man fell in the garden, left leg lying shortened and externally rotated.",
        "She was found on the bathroom floor this morning; her left leg looks turned out and she cannot stand.",
    ],
)
def test_a_leg_short_or_turned_out_after_a_fall_is_a_hip_fracture_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "leg_short_or_turned_out")
    assert _level(result) == "emergency"


def test_a_leg_short_since_childhood_without_a_fall_is_no_hip_fracture(assess) -> None:
    result = assess("One leg has always been shorter since childhood polio, no fall.")
    assert not present(result, "leg_short_or_turned_out")
    assert _level(result) not in {"urgent", "emergency"}


# ---------------------------------------------------------------- calf pain on walking that goes on standing still
@pytest.mark.parametrize(
    "text",
    [
        "Diabetic, 70, my legs ache after walking to the shops but it eases if I just stand for a minute.",
        "I'm 66 and smoke, my calf cramps when I walk uphill and the pain goes if I stand still, toes look white.",
    ],
)
def test_calf_pain_on_walking_eased_by_standing_still_with_a_vascular_risk_is_seen_soon(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "vascular_claudication_pattern")
    assert _level(result) in {"soon", "urgent", "emergency"}


def test_calf_pain_eased_only_by_sitting_or_bending_is_not_the_vascular_pattern(assess) -> None:
    result = assess("Calf pain when walking that only eases when I sit down or bend forward, smoker, 68.")
    assert not present(result, "vascular_claudication_pattern")
