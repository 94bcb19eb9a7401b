"""Round 37 (lead37, the lead's probe on main 9c2c57a, kb 2026.12.134), each a pattern with two new wordings and a
negative twin.

1. a pulsing lump whose place is not told, with back or belly pain over 50: a possible aortic aneurysm (emergency);
2. a replaced joint that still hurts is pain after surgery, not the spine's priors (IASP ICD-11 chronic post-surgical
   pain);
3. "I wonder what the point is" is hopelessness (suicide risk screened the same day).
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
