"""Round 36 (lead36, the lead's probe on main 0543060, kb 2026.12.134), each a pattern with two new wordings and a
negative twin.

1. a stroke told by a relative in lay words: the face dropped, words coming out wrong, an arm that suddenly cannot be
   lifted, cannot speak properly (NICE NG128, FAST);
2. a swollen calf after a flight (NICE NG158); not both swollen ankles nor claudication;
3. stress urinary incontinence since the births is no cauda equina; a new leak with saddle numbness or both legs is;
4. pins and needles in hands and feet after an infection with weak legs is Guillain-Barre (Leonhard 2019);
5. thoracic pain with no neck pain does not rank cervical facet pain first.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, level, ranked


def _rules(result: dict) -> list[str]:
    return list(result["triage"]["rules"])


# ---------------------------------------------------------------- 1. stroke in lay words, told by a relative
@pytest.mark.parametrize(
    "text",
    [
        "This morning my dad's speech went all jumbled and one side of his mouth has drooped. He is 74 with sciatica.",
        "My 81-year-old mum all of a sudden couldn't raise her right arm and can't get her words out, an hour ago.",
        "My grandad's smile is lopsided since lunchtime and he can't talk properly. Neck pain for years.",
    ],
)
def test_stroke_told_by_a_relative_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"
    assert "possible_stroke_lay" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "My husband's face dropped when he heard the news about his job, he is 68 with low back pain.",
        "I can't talk properly because my jaw hurts when I open my mouth, jaw pain for months.",
        "Since my stroke in 2016 I can't speak properly and my left arm is weak. Back pain for years.",
        "I can't lift my arm above my head because of my frozen shoulder. 58.",
    ],
)
def test_no_stroke_from_an_idiom_a_painful_jaw_an_old_stroke_or_a_stiff_shoulder(assess, text: str) -> None:
    assert "possible_stroke_lay" not in _rules(assess(text))


# ---------------------------------------------------------------- 2. suspected deep vein thrombosis in lay words
@pytest.mark.parametrize(
    "text",
    [
        "My left calf has ached since the long-haul flight from Singapore, it's swollen and hot to touch. 52.",
        "Tender right calf after I flew home from Canada on Sunday, and now swollen. Back pain too, 44.",
    ],
)
def test_a_swollen_tender_calf_after_a_flight_is_a_same_day_dvt_assessment(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "urgent"
    assert "possible_deep_vein_thrombosis" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Both ankles are puffy by the evening and I get short of breath on the stairs, heart failure, back pain. 79.",
        "My calf cramps when I walk a few hundred yards and eases after a minute's rest, 68, ex-smoker.",
    ],
)
def test_no_dvt_for_ankle_swelling_of_both_legs_or_claudication(assess, text: str) -> None:
    rules = _rules(assess(text))
    assert "possible_deep_vein_thrombosis" not in rules
    assert "possible_deep_vein_thrombosis_calf_pain" not in rules


# ---------------------------------------------------------------- 3. stress urinary incontinence is no cauda equina
@pytest.mark.parametrize(
    "text",
    [
        "I leak a little wee when I laugh or jump on the trampoline, ever since I had my two boys. Low back ache, 41.",
        "Back pain for a month. A bit of wee comes out when I sneeze, my pelvic floor has been weak after having the twins.",
    ],
)
def test_a_stress_leak_since_the_births_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert level(result) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Since Thursday I can't hold my pee at all and my bum feels numb, bad back. I leak when I cough since I had my kids.",
        "I've leaked on coughing since I had my daughter, but since yesterday I keep wetting myself and have sciatica down both legs.",
    ],
)
def test_new_incontinence_with_saddle_numbness_or_both_legs_stays_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- 4. Guillain-Barre: hands and feet after an infection
@pytest.mark.parametrize(
    "text",
    [
        "After a nasty chest infection I've had pins and needles in my fingers and toes, and now I can't get out of a chair. 35.",
        "Numbness in my feet and hands began three days ago, after a bout of food poisoning, and my legs keep giving way on the stairs.",
    ],
)
def test_new_paraesthesia_of_hands_and_feet_with_weak_legs_is_guillain_barre(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert "deficit_ascending_weakness" in _rules(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Numb feet and hands for years with my diabetes, and my legs feel weak on the stairs. Back pain, 66.",
    ],
)
def test_a_diabetic_stocking_numbness_of_years_is_no_guillain_barre(assess, text: str) -> None:
    result = assess(text)
    assert "deficit_ascending_weakness" not in _rules(result)
    assert level(result) != "emergency"


# ---------------------------------------------------------------- 5. thoracic pain is not neck pain
@pytest.mark.parametrize(
    "text",
    [
        "Mid-back pain since a fall off a ladder years ago, stiff in the mornings. 52.",
        "Aching in my thoracic spine ever since a rugby tackle, worse in winter. 38.",
    ],
)
def test_thoracic_pain_without_neck_pain_does_not_rank_a_neck_joint_first(assess, text: str) -> None:
    assert ranked(assess(text))[0] != "cervical_facet_pain"


def test_neck_pain_after_whiplash_still_ranks_the_neck_joint_first(assess) -> None:
    result = assess("Neck pain since a rear-end car crash 2 years ago, worse turning my head to check the mirror. 45.")
    assert ranked(result)[0] == "cervical_facet_pain"
