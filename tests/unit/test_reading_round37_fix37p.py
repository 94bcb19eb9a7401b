"""Round 37 (fix37p): the outside reviewer's patients' own words (portal messages, texts, relatives on the phone,
second-language English), each miss as a pattern in our own words.

- a limb that does not obey ("my foot is not obeying me") is a weakness, and its "not" denies nothing after it;
- a fever's length ("a fever for two days, all gone now") is no recency that keeps a past episode a fever of now;
- advice to report a symptom ("told me to mention any fever") supposes it;
- a pain into the thigh told to stop at or above the knee is the referred pattern, not a radicular pain;
- the dimple named by where it sits ("on the dimple above my bum") is the Fortin area;
- the probe's: toes that catch or drag are a foot drop; "more bad" is "worse" in second-language English.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked


# ---------------------------------------------------------------- a limb that does not obey
@pytest.mark.parametrize(
    "text",
    [
        "Doctor please, the pain in my back going to the left leg is there since five weeks. Since few days the left "
        "leg is not obeying me, when I climb the stairs the toes are catching every step, and it is more bad each day.",
        "Writing for my husband. Sciatica for a month after digging the garden. Now his right foot won't listen to "
        "him, it drags on the pavement and he is tripping over it more and more.",
    ],
)
def test_a_limb_not_obeying_with_a_dragging_foot_is_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain into my right leg for three weeks. This week my right leg is not obeying me and it is getting worse.",
        "My left hand refuses to obey me since Monday, the neck pain goes down the arm, and each day it is worse.",
    ],
)
def test_a_limb_not_obeying_is_a_weakness(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "motor_weakness") or present(result, "progressive_weakness")
    assert at_least(result, "urgent")


def test_not_obeying_advice_is_no_weakness_and_denies_nothing_after_it(assess) -> None:
    # the negative twin: the words "not obeying" of a person, not a limb
    result = assess("I am not obeying the physio's exercises, my back pain is the same for a month, no weakness.")
    assert not present(result, "motor_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)
    assert present(result, "low_back_pain")


# ---------------------------------------------------------------- a fever's length is no recency
@pytest.mark.parametrize(
    "text",
    [
        "My lower back has ached for years, same as ever. A fortnight ago I had a cold with a fever for three days, it "
        "is all gone now. I'm 60 and otherwise well.",
        "Chronic back pain since my twenties, nothing new. Had a temperature for a couple of days last week with a "
        "chest bug, that has cleared up.",
    ],
)
def test_a_past_fever_told_with_its_length_and_its_end_is_no_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a week. I had a fever for two days, I still feel hot and shivery.",
        "Back pain for ten days. I've had a fever since yesterday, it's better with paracetamol.",
    ],
)
def test_a_fever_of_now_stays(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- advice to report supposes the symptom
@pytest.mark.parametrize(
    "text",
    [
        "My back has been sore for four years, worse bending back. The practice nurse said to report any fever or "
        "numbness. I'm fine in myself.",
        "Long-standing low back ache, unchanged. The GP told me to keep an eye out for weakness or a temperature.",
    ],
)
def test_advice_to_report_a_symptom_is_no_symptom(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "fever")
    assert "spinal_infection" not in flags(result)
    assert level(result) in {"routine", "soon"}


def test_a_symptom_reported_is_still_a_symptom(assess) -> None:
    # the negative twin: the writer reports a fever they have
    result = assess("Back pain for three weeks and I have a fever and the shivers, I wanted to report it to you.")
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- thigh pain stopping above the knee
@pytest.mark.parametrize(
    "text",
    [
        "Pain low in my back on the left, it travels into the back of my thigh but stops above the knee. Worse "
        "turning over in bed and getting out of the car. No pins and needles.",
        "Ache in the right buttock going down the back of my leg, it doesn't go past the knee. Worse standing on one "
        "leg and climbing stairs.",
    ],
)
def test_thigh_pain_stopping_above_the_knee_is_not_radicular(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "radicular_leg_pain")
    assert present(result, "pain_to_knee")


def test_pain_going_down_into_the_calf_stays_radicular(assess) -> None:
    # the negative twin: the pain passes the knee
    result = assess("Pain low in my back, it travels into the back of my thigh and past the knee into the calf.")
    assert present(result, "radicular_leg_pain")


# ---------------------------------------------------------------- the dimple above the bum
@pytest.mark.parametrize(
    "text",
    [
        "Since my son was born I get a sharp pain in the dimple just above my bottom on the left, worse rolling in bed.",
        "The pain is right on the left dimple in my lower back, I can cover it with a fingertip, worse getting out of "
        "the car.",
    ],
)
def test_the_dimple_above_the_bum_is_the_fortin_area(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "pain_below_psis")
    assert ranked(result)[0] == "sacroiliac_joint_pain"


def test_a_dimple_of_the_cheek_is_not_it(assess) -> None:
    result = assess("Low back pain for two months. My daughter has a dimple on her cheek.")
    assert not present(result, "pain_below_psis")


# ---------------------------------------------------------------- the probe: toes that catch, "more bad"
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down my right leg for six weeks. Now my toes keep catching on the kerb and I nearly fell twice.",
        "Back and leg pain since a month, and since Sunday his left toes are dragging when he walks.",
    ],
)
def test_toes_that_catch_or_drag_are_a_foot_drop(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" in flags(result)


def test_toes_catching_the_sun_are_no_foot_drop(assess) -> None:
    result = assess("Back pain for two months. On holiday my toes were catching the sun.")
    assert not present(result, "progressive_weakness")


@pytest.mark.parametrize(
    "text",
    [
        "Since last week my right leg is weak and it is more bad each day. Back pain since a month.",
        "My left arm has become weak since a week, the weak is there and it is getting more bad, neck pain also.",
    ],
)
def test_more_bad_is_worse_for_a_weakness(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)


def test_more_bad_when_bending_is_a_trigger_not_a_course(assess) -> None:
    result = assess("Back pain two months, more bad when I bend, my legs feel weak after a long walk.")
    assert "progressive_neurologic_deficit" not in flags(result)


# ---------------------------------------------------------------- the probe: passing urine not felt, "stops well above"
@pytest.mark.parametrize(
    "text",
    [
        "Calling for my father, 72. Back pain three weeks, since yesterday both legs weak, and he is not feeling when "
        "he passes water.",
        "Low back pain since a fortnight, now numb in both legs and I never know if I pass urine until I see it.",
    ],
)
def test_passing_urine_not_felt_with_both_legs_is_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "bladder_bowel_change")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


def test_feeling_fine_when_passing_urine_is_no_bladder_change(assess) -> None:
    result = assess("Back pain for a month. I'm feeling fine when I pass urine, no burning.")
    assert not present(result, "bladder_bowel_change")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain after digging, it spreads into the top of my thigh but stops well above the knee.",
        "The pain goes down into my bottom and thigh, stopping just above the knee, worse bending.",
    ],
)
def test_thigh_pain_stopping_well_above_the_knee_is_not_radicular(assess, text: str) -> None:
    assert not present(assess(text), "radicular_leg_pain")
