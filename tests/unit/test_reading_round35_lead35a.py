"""Round 35 (lead35a, kb 2026.12.119): five under-triaged notes from the lead's probes of main, each a pattern.

- a sudden knife-like or tearing upper back pain with a cold sweat, or with an arm gone dead: the aortic dissection
  flag (and an acute coronary syndrome when the arm aches beside a sweaty interscapular pain);
- pins and needles climbing up both legs over days with legs too weak for the stairs: Guillain-Barre syndrome;
- a transient numbness of "my arm and leg on the right": a TIA; an arm numb from lying on it is not;
- an unchecked breast lump (30 or over) with a bone or joint pain at night: possible bone metastasis;
- urine dark like cola with aching muscles (a statin): possible rhabdomyolysis.
Each has two wordings of its own and a negative twin; no test uses a calendar date.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import at_least, flags, level


def _reasons(result: dict[str, Any]) -> str:
    return " ".join(result["triage"]["reasons"]).lower()



# ---------------------------------------------------------------- 1. dissection / ACS with a cold sweat or a dead arm
@pytest.mark.parametrize(
    "text",
    [
        "Sharp pain between my shoulder blades came on like a knife while lifting the shopping, I went cold and sweaty and my left arm feels dead.",
        "Sudden tearing pain between my shoulder blades, I've come over all clammy and grey.",
        "A pain like being stabbed in my upper back came on out of nowhere, I'm pouring with sweat and my right arm has gone dead.",
        "The worst pain ever between my shoulder blades came on while lifting, and I broke out in a cold sweat.",
    ],
)
def test_abrupt_upper_back_pain_with_a_cold_sweat_or_dead_arm_is_a_dissection(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


def test_an_interscapular_pain_with_sweating_and_an_aching_arm_is_a_possible_acs(assess) -> None:
    result = assess("Pain between my shoulder blades, I'm sweaty and my left arm aches.")
    assert level(result) == "emergency"
    assert "acute coronary syndrome" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Between my shoulder blades it feels like a knife when I twist, for 6 months, physio helped a bit.",
        "Upper back pain like a knife after I lifted the shopping, I sweat a lot at the gym anyway.",
        "My arm goes dead when I sleep on it and I have pain between my shoulder blades for years.",
    ],
)
def test_a_knife_like_upper_back_pain_without_the_emergency_features_stays_routine(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" not in flags(result)
    assert level(result) == "routine"


def test_an_arm_gone_dead_is_read(statuses) -> None:
    assert statuses("My left arm feels dead.").get("limb_gone_dead_lay") is Status.PRESENT
    assert statuses("My left arm is not dead, just sore.").get("limb_gone_dead_lay") is not Status.PRESENT


# ---------------------------------------------------------------- 2. ascending paraesthesia with weak legs (GBS)
@pytest.mark.parametrize(
    "text",
    [
        "Pins and needles in both feet going up to my knees over 3 days after a tummy bug, now struggling to climb the stairs.",
        "Tingling started in my toes last week and has crept up to my thighs, my legs feel weak and I keep falling over.",
        "Since having diarrhoea last week my feet are tingling and it's now in my hands too, my legs keep giving way.",
        "My legs are tingling from the feet up to the waist since Monday and I'm struggling to get out of a chair.",
    ],
)
def test_ascending_paraesthesia_with_weak_legs_is_a_gbs_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert level(result) == "emergency"


def test_ascending_paraesthesia_over_days_without_weakness_is_same_day(assess) -> None:
    result = assess("Pins and needles in both feet that have moved up to my knees over the last 4 days.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert level(result) == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "Numbness in both feet going up to my ankles for 5 years, I'm diabetic, it hasn't changed.",
        "I'm diabetic and have had burning numb feet for years, it has slowly crept up to my shins over the years.",
        "My knee hurts going up the stairs and I have pins and needles in my toes.",
    ],
)
def test_a_long_standing_stocking_numbness_stays_routine(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) == "routine"


# ---------------------------------------------------------------- 3. TIA told "arm and leg on the right"
@pytest.mark.parametrize(
    "text",
    [
        "My arm and leg on the right went numb for 10 minutes yesterday then it came back. Neck pain too.",
        "Last night my hand and leg on the left went dead for a few minutes then it wore off.",
        "Arm and leg on the left felt heavy for about 30 minutes on Sunday, back to normal now.",
    ],
)
def test_a_transient_arm_and_leg_deficit_on_one_side_is_a_tia(assess, statuses, text: str) -> None:
    assert statuses(text).get("transient_focal_deficit") is Status.PRESENT
    result = assess(text)
    assert at_least(result, "urgent")
    assert "tia" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "My right arm goes numb when I lie on it at night, fine again after I shake it. Neck ache.",
        "My left leg goes numb after I've been sitting for an hour on the toilet, then it comes back when I stand up.",
        "When I sit cross-legged my right leg goes numb for a few minutes then it comes back.",
    ],
)
def test_a_limb_numb_from_lying_or_sitting_on_it_is_no_tia(assess, text: str) -> None:
    result = assess(text)
    assert "tia" not in _reasons(result)
    assert "stroke" not in _reasons(result)
    assert level(result) == "routine"


def test_a_deficit_that_began_on_sitting_down_is_still_a_tia(assess) -> None:
    result = assess("My right arm and leg went numb when I sat down to dinner, it lasted 15 minutes and came back.")
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- 4. an unchecked breast lump with night bone pain
@pytest.mark.parametrize(
    "text",
    [
        "Pain in my hip for 3 months, worse at night, I'm 62 and I've had a lump in my breast I haven't had checked.",
        "I'm 55 and found a lump in my left breast a few months ago, now my thigh bone aches at night.",
        "Aching in my shoulder that wakes me at night, I have a breast lump I've been too scared to get looked at.",
    ],
)
def test_an_unchecked_breast_lump_with_night_bone_pain_is_urgent(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "urgent"
    assert "spread to the bone" in _reasons(result)


def test_a_breast_lump_alone_is_seen_this_week(assess) -> None:
    result = assess("I have a lump in my breast, I'm 45, and my knee aches after walking.")
    assert at_least(result, "soon")
    assert "breast cancer referral" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Hip pain at night, I'm 62, the breast lump was checked last year and it was a cyst.",
        "I've had a lump in my breast checked and it was fine. Hip pain at night for 3 months.",
        "My breast lump was scanned and found to be benign. Knee pain at night for 2 months.",
    ],
)
def test_a_checked_benign_breast_lump_raises_nothing(assess, statuses, text: str) -> None:
    result = assess(text)
    assert "spread to the bone" not in _reasons(result)
    assert "breast cancer referral" not in _reasons(result)
    assert statuses(text).get("suspected_malignancy") is not Status.PRESENT


def test_a_breast_lump_under_30_is_not_the_two_week_rule(assess) -> None:
    result = assess("I'm 24 with a lump in my breast and knee pain after running.")
    assert "breast cancer referral" not in _reasons(result)


# ---------------------------------------------------------------- 5. dark urine with aching muscles (rhabdomyolysis)
@pytest.mark.parametrize(
    "text",
    [
        "My wee has gone dark like cola and my muscles ache all over since I started the new cholesterol tablet.",
        "Muscle pain everywhere and brown urine since I went up to 80 of atorvastatin.",
        "I was on the floor all night after a fall, my muscles hurt and my water is like coke.",
        "After the marathon my legs are agony and my pee is dark brown.",
    ],
)
def test_dark_urine_with_aching_muscles_is_a_same_day_rhabdomyolysis(assess, text: str) -> None:
    result = assess(text)
    assert at_least(result, "urgent")
    assert "rhabdomyolysis" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Aching muscles in my legs since starting a statin, no change in my urine.",
        "My muscles ache a bit on the statin, my wee is normal.",
        "I drink a lot of tea and my back muscles ache.",
    ],
)
def test_statin_aches_without_dark_urine_are_no_rhabdomyolysis(assess, text: str) -> None:
    result = assess(text)
    assert "rhabdomyolysis" not in _reasons(result)
    assert level(result) in {"routine", "soon"}


def test_a_statin_is_read_in_lay_words(statuses) -> None:
    assert statuses("I started the new cholesterol tablet.").get("statin_use_lay") is Status.PRESENT
    assert statuses("I take atorvastatin.").get("statin_use_lay") is Status.PRESENT
