"""Round 33, the lead's probes of main (lead33a): emergencies and urgent pictures outside the spine told in lay words
that were `routine` (or `soon`): meningitis with the glass test or confusion, stroke and TIA (FAST), shingles in the
eye, a fever with a painful joint while immunosuppressed, a late period with one-sided pain, cardiac chest pain and
polymyalgia rheumatica. Triage rules, not red flags (no contract id fits a stroke: vascular_emergency is the aorta's).
Each pattern is tested in our own wordings: two that must now behave and a twin that must not fire (kb 2026.12.102).
"""

from __future__ import annotations

import pytest

from tests.conftest import present

LEVELS = ["routine", "soon", "urgent", "emergency"]


def _rules(result: dict) -> list[str]:
    return list(result["triage"].get("rules", []))


def _at_least(result: dict, level: str) -> bool:
    return LEVELS.index(result["triage"]["level"]) >= LEVELS.index(level)


# 1. meningitis: the glass test told in lay words; a new stiff neck with confusion or drowsiness, no fever told ------
@pytest.mark.parametrize(
    "text",
    [
        "Tiny dark spots on her legs, I pressed a glass on them and they're still there, and she has a headache.",
        "He's suddenly confused and muddled this evening and his neck has gone stiff, no temperature that we noticed.",
    ],
)
def test_glass_test_or_stiff_neck_with_confusion_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "meningitis_sepsis_lay" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "I pressed a glass on the rash and it faded right away, it's itchy, neck ache from the office chair.",
        "Stiff neck for years from arthritis and I get confused about which tablets to take.",
    ],
)
def test_blanching_rash_or_old_stiff_neck_does_not_fire(assess, text: str) -> None:
    assert "meningitis_sepsis_lay" not in _rules(assess(text))


# 2. stroke in lay words (FAST) -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "This morning my hand and leg down the right side went weak and heavy, back ache as well.",
        "Her mouth has dropped on one side and her speech is slurred since lunchtime; she has a bad back.",
    ],
)
def test_face_arm_leg_or_speech_deficit_is_a_stroke_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_stroke_lay" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Since my stroke in 2018 my left arm and leg are weak; now my low back aches.",
        "Numbness down the left side of my foot for three months with sciatica.",
        "My right arm has been weak since I was a child, now my neck aches.",
    ],
)
def test_old_stroke_residue_or_a_root_pattern_is_not_a_new_stroke(assess, text: str) -> None:
    assert "possible_stroke_lay" not in _rules(assess(text))


# 3. TIA: the deficit told with its end ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Yesterday my left arm went numb and useless for about ten minutes, it's back to normal now. Neck pain for weeks.",
        "At breakfast I couldn't find my words for a few minutes and then it went away; my knee still hurts.",
    ],
)
def test_a_deficit_that_got_better_is_a_possible_tia(assess, text: str) -> None:
    result = assess(text)
    assert _at_least(result, "urgent")
    assert "possible_tia_lay" in _rules(result)
    assert present(result, "transient_focal_deficit")


def test_pins_and_needles_of_a_slept_on_arm_is_not_a_tia(assess) -> None:
    result = assess("My arm was asleep for a few minutes after I lay on it, back to normal now; shoulder pain for months.")
    assert "possible_tia_lay" not in _rules(result)


# 4. shingles with the eye involved --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Shingles came out round my left eye last week and now the eye is bloodshot and sore and my sight is blurry.",
        "Zoster on my scalp and forehead since Monday, and today light hurts my eye and I can't see clearly out of it.",
    ],
)
def test_shingles_with_a_red_eye_or_reduced_sight_is_same_day(assess, text: str) -> None:
    result = assess(text)
    assert _at_least(result, "urgent")
    assert "shingles_eye_involvement" in _rules(result)


def test_shingles_on_the_chest_without_eye_symptoms_does_not_fire(assess) -> None:
    result = assess("Shingles on the right side of my chest since last week, burning pain, my eyes are fine.")
    assert "shingles_eye_involvement" not in _rules(result)


# 5. a fever with a painful joint, immunosuppressed or not ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "On adalimumab injections for Crohn's; since yesterday my knee is agony and I've got a fever and the shivers.",
        "I take prednisolone and azathioprine for my kidney transplant, my shoulder hurts badly and I'm burning up with a temperature of 39.",
    ],
)
def test_immunosuppressed_fever_with_joint_pain_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "immunosuppressed_fever_with_joint_pain" in _rules(result)


def test_immunosuppressed_joint_pain_without_fever_does_not_fire(assess) -> None:
    result = assess("On methotrexate for psoriasis, my hip aches after gardening, no fever or shivers.")
    assert "immunosuppressed_fever_with_joint_pain" not in _rules(result)
    assert "fever_with_new_joint_pain" not in _rules(result)


def test_fever_with_a_new_painful_joint_is_at_least_urgent(assess) -> None:
    result = assess("Since Tuesday my right knee is agony and I can't put weight on it, and I've had a temperature of 38.5.")
    assert _at_least(result, "urgent")
    assert "fever_with_new_joint_pain" in _rules(result)


# 6. a late or missed period read as possible pregnancy (the ectopic rule) ----------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Sharp pain low on the left side of my tummy and some spotting; my period's about two weeks overdue.",
        "I haven't had a period for 7 weeks and now I have one-sided pelvic pain and I nearly fainted.",
    ],
)
def test_a_late_period_with_one_sided_pain_is_a_possible_ectopic(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_ectopic_pregnancy" in _rules(result)


def test_periods_stopped_years_ago_are_not_early_pregnancy(assess) -> None:
    result = assess("I'm 58 and haven't had a period for 6 years; pain in my lower tummy on the right side.")
    assert "possible_ectopic_pregnancy" not in _rules(result)
    assert not present(result, "early_pregnancy_lay")


# 7. cardiac chest pain: exertional (urgent) and going on now at rest (emergency) ----------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I'm 64; when I climb the stairs I get a heavy ache in my chest that goes into my left arm, it settles when I stop and rest.",
        "Walking to the shop my chest gets tight and it spreads to my neck, then it eases after a few minutes of rest. I'm 52 and diabetic.",
    ],
)
def test_exertional_chest_pain_is_at_least_urgent_with_a_cardiac_reason(assess, text: str) -> None:
    result = assess(text)
    assert _at_least(result, "urgent")
    assert "possible_angina" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Crushing pain in the middle of my chest going into my left arm for the last hour, I'm 62, it came on while watching TV.",
        "Tight pain across my chest spreading to my jaw, started 30 minutes ago and still there. I'm 58.",
    ],
)
def test_cardiac_chest_pain_now_at_rest_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"


def test_chest_wall_pain_pressed_out_is_not_cardiac(assess) -> None:
    result = assess("My chest is sore when I press on the ribs since I moved the sofa, going into my arm when I twist. I'm 45.")
    assert not {"possible_acute_coronary_syndrome_pain_now", "possible_cardiac_chest_pain", "possible_angina"} & set(
        _rules(result)
    )


# 8. polymyalgia rheumatica ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I'm 68 and for the last three weeks both my shoulders and my hips are stiff and aching first thing for a couple of hours.",
        "Aged 72, stiff shoulders every morning for over an hour, both sides, struggle to get my coat on; started a month ago.",
    ],
)
def test_polymyalgia_pattern_is_seen_soon_with_a_gca_question(assess, text: str) -> None:
    result = assess(text)
    assert _at_least(result, "soon")
    assert "possible_polymyalgia_rheumatica" in _rules(result)
    assert "giant cell arteritis" in " ".join(result["triage"]["reasons"])


def test_morning_stiffness_in_a_young_adult_is_not_polymyalgia(assess) -> None:
    result = assess("I'm 28, both shoulders stiff in the morning for an hour after the gym, and my low back too.")
    assert "possible_polymyalgia_rheumatica" not in _rules(result)
