"""Round 37 (lead37, the lead's probe on main 9c2c57a, kb 2026.12.134), each a pattern with two new wordings and a
negative twin.

1. a pulsing lump whose place is not told, with back or belly pain over 50: a possible aortic aneurysm (emergency);
2. a replaced joint that still hurts is pain after surgery, not the spine's priors (IASP ICD-11 chronic post-surgical
   pain);
3. "I wonder what the point is" is hopelessness (suicide risk screened the same day);
4. "worse in the thumb and first fingers" says where a symptom is worst, not that it is getting worse (a carpal
   tunnel numbness was a progressive deficit, urgent);
5. a back complained of or moaned about is a back pain (an 84-year-old's fall on steroids raised no fracture flag).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, level, present, ranked


# ---------------------------------------------------------------- 1. a pulsing lump, its place not told
@pytest.mark.parametrize(
    "text",
    [
        "Back ache and a pain in the stomach since yesterday, I am 69, the nurse said she could feel a pulsating lump.",
        "Man of 74 with central low back pain for two days; on examination an expansile mass. Ex-smoker.",
    ],
)
def test_a_pulsing_lump_with_back_or_belly_pain_over_50_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm 61 with low back pain for a month, and there is a throbbing lump on my thumb where I cut it.",
        "Low back pain for two weeks at 58; a pulsing swelling in my groin since the angiogram.",
        "I'm 30, back ache for a week, and I could feel a pulsating lump above my belly button when I lie flat.",
    ],
)
def test_no_aneurysm_from_a_lump_placed_elsewhere_or_under_50(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_pulsing_lump" not in result["triage"]["rules"]


# ---------------------------------------------------------------- 2. a replaced joint that still hurts
@pytest.mark.parametrize(
    "text",
    [
        "Left knee replacement 14 months ago, it is still very painful going down stairs, x-rays satisfactory.",
        "Since my new hip went in last spring it has never stopped hurting, worse getting out of the car. I'm 70.",
        "Persistent pain in her replaced knee since the operation 8 months ago; wound healed, no fever.",
    ],
)
def test_a_replaced_joint_that_still_hurts_leads_with_pain_after_surgery(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "replaced_joint_still_painful")
    assert ranked(result)[0] == "postoperative_pain"


@pytest.mark.parametrize(
    "text",
    [
        "Knee replacement 6 years ago and it is still pain-free; now low back pain for 3 weeks after digging.",
        "Her hip replacement remains fine. Sore neck for a fortnight after a long drive.",
    ],
)
def test_a_replaced_joint_told_pain_free_is_not_a_still_painful_one(assess, text: str) -> None:
    assert not present(assess(text), "replaced_joint_still_painful")


# ---------------------------------------------------------------- 3. hopelessness in ordinary words
@pytest.mark.parametrize(
    "text",
    [
        "Some nights I lie awake and wonder what the point is. The back pain has gone on for two years.",
        "I keep wondering what's the point, the fibro pain is everywhere and nothing works.",
    ],
)
def test_wondering_what_the_point_is_is_hopelessness(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "hopelessness")
    assert "suicide_risk" in flags(result)


def test_a_purpose_asked_of_a_treatment_is_not_hopelessness(assess) -> None:
    result = assess("I wonder what the point of the physio exercises is, my knee still aches on the stairs. 66.")
    assert not present(result, "hopelessness")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- 4. "worse in" a place is where, not a course
@pytest.mark.parametrize(
    "text",
    [
        "Numbness and pins and needles in my right hand at night, worse in the thumb and index finger, I shake it out. 41.",
        "Tingling in both hands for three months, worse on the left, worse in the mornings, typing all day. 36.",
    ],
)
def test_worse_in_a_place_or_a_time_of_day_is_not_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert not present(result, "spreading_numbness")


@pytest.mark.parametrize(
    "text",
    [
        "Numbness in my left foot, worse in the last week and now spreading up my shin. 48.",
        "My hands are numb and it is getting worse in both hands every day, I keep dropping cups. 63.",
    ],
)
def test_numbness_getting_worse_is_still_a_progressive_deficit(assess, text: str) -> None:
    assert flags(assess(text)) & {"progressive_neurologic_deficit", "cervical_myelopathy"}


# ---------------------------------------------------------------- 5. a back complained of
@pytest.mark.parametrize(
    "text",
    [
        "Dad is 88 and slipped off the step on Sunday, since then he's been complaining of his back and won't walk.",
        "She keeps moaning about her lower back since the fall yesterday; 79, on alendronate for osteoporosis.",
    ],
)
def test_a_back_complained_of_after_a_fall_in_old_age_raises_the_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert "vertebral_fracture" in flags(result)


def test_a_back_door_complained_about_is_not_a_back(assess) -> None:
    result = assess("She complained about the back door sticking all winter; her right knee aches on the stairs. 70.")
    assert not present(result, "low_back_pain")
