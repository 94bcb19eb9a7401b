"""Round 38 (fix38s, safety set): red flags told indirectly, as patterns in our own words.

- a relative's message with its sender as a heading, then the patient by kinship with the age ("Message from
  daughter: Dad is 84."): the parent's age (a fall over 70 is a vertebral fracture flag); "Family: Dad is 84" in the
  patient's own note is not the patient's age;
- limbs told becoming heavy or weak over the last hours or days: a progressive deficit (after a spinal injection on an
  anticoagulant, an emergency); legs that get heavy on walking are not;
- legs that can barely be lifted off the bed: a motor weakness (not when it is for the pain's sake);
- "no weakness, no numbness spreading": the second denial is not read as a spreading weakness;
- a foot drop whose sentence goes on "and has been unchanged / has remained the same" is settled, unless the
  sentence says it began lately;
- a foot drop told as begun lately ("new", "noticed 4 days ago", "x 1/52") is new however stable since;
- a band of pain told with its path first ("the ache goes round her chest like a band"): thoracic pain, so an old
  woman on steroids with a sudden back pain ranks a compression fracture first.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked


@pytest.mark.parametrize(
    "text",
    [
        "Call from son: Mum is 79. She fell off a kitchen stool yesterday and now has pain in the middle of her back.",
        "Note from granddaughter: Grandad is 88, slipped in the bath two days ago and now pain in the middle of his "
        "back.",
    ],
)
def test_a_relatives_message_gives_the_patients_age(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "age_over_70")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "soon")


def test_a_parents_age_in_the_patients_own_note_is_not_the_patients(assess) -> None:
    result = assess("Back pain for 2 weeks after gardening, I look after my family. Family: Dad is 84 and lives with me.")
    assert not present(result, "age_over_70")
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain since a facet injection yesterday. Over the past few hours my legs have become weak.",
        "Neck pain for a week. Her arms have grown heavier over the last two days.",
    ],
)
def test_limbs_becoming_weak_over_hours_or_days_are_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" in flags(result)


def test_legs_becoming_weak_after_a_spinal_injection_on_a_blood_thinner_is_an_emergency(assess) -> None:
    result = assess(
        "Transforaminal epidural yesterday, restarted his rivaroxaban last night. Low back pain is severe this "
        "morning and over the past 3 hours both legs have gone weak."
    )
    assert "progressive_neurologic_deficit" in flags(result)
    assert level(result) == "emergency"


def test_legs_that_get_heavy_on_walking_are_not_a_progressive_deficit(assess) -> None:
    result = assess("Over the last few days my legs have become heavy when I walk to the shops, easing when I sit.")
    assert not present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "He had a nerve root injection 2 days ago and today he can hardly raise his legs off the mattress.",
        "Lumbar epidural on Monday, on rivaroxaban. Severe back pain now, and both my legs feel dead, I can barely "
        "lift them off the bed.",
    ],
)
def test_legs_that_can_barely_be_lifted_off_the_bed_are_weak(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "motor_weakness")
    assert level(result) == "emergency"


def test_a_leg_that_cannot_be_lifted_for_pain_is_no_weakness(assess) -> None:
    result = assess("I can barely lift my leg off the bed because the hip hurts so much.")
    assert not present(result, "motor_weakness")
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain 3 weeks, power normal, no weakness, no numbness spreading.",
        "Sciatica for a month. No new weakness, no numbness spreading, waterworks normal.",
    ],
)
def test_a_denied_spreading_numbness_after_a_denied_weakness_stays_denied(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "spreading_numbness")
    assert not present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)


def test_a_weakness_getting_worse_is_still_progressive(assess) -> None:
    result = assess("Low back pain for 3 weeks, the weakness in my right leg is getting worse.")
    assert present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Right foot drop since his 2018 operation and has remained the same, wears a splint. Ongoing back ache.",
        "Left foot drop was there before the fusion and has stayed unchanged, uses an AFO. Chronic low back pain.",
    ],
)
def test_a_foot_drop_told_unchanged_in_its_own_sentence_is_settled(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) == "routine"


def test_a_foot_drop_that_began_days_ago_keeps_the_flag(assess) -> None:
    result = assess("Right foot drop began 5 days ago and has been the same since. Low back pain.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "82F, long-term prednisolone for asthma. Felt a twinge in her back lifting a saucepan this morning and now "
        "the ache goes round her chest like a band.",
        "Pain wrapping around to the front of his ribs on the left, started after lifting the shopping yesterday. "
        "77-year-old man on steroids for years.",
    ],
)
def test_a_band_of_pain_told_path_first_is_thoracic(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "mid_back_pain")
    assert ranked(result)[0] == "vertebral_compression_fracture"
    assert "vertebral_fracture" in flags(result)


def test_a_pain_going_round_the_waist_with_no_band_is_not_thoracic(assess) -> None:
    result = assess("Back pain for 2 weeks, the pain goes round my waist when I twist.")
    assert not present(result, "mid_back_pain")
    assert not absent(result, "low_back_pain")


@pytest.mark.parametrize(
    "text",
    [
        "New left foot drop x 1/52, static since. Low back pain.",
        "L foot drop noticed 4 days ago, stable. Sciatica for a month.",
        "Newly noticed right foot drop, stable over the past few days, with sciatica.",
    ],
)
def test_a_foot_drop_begun_lately_is_new_however_stable_since(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Known left foot drop since 2019, stable. Low back pain 2 weeks.",
        "Residual right foot drop, static for years; new low back pain since yesterday.",
    ],
)
def test_an_old_stable_foot_drop_stays_settled_beside_a_new_pain(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
