"""Round 31, the lead's probes of main (lead31h): five emergencies outside the spine told in lay words, which were
`routine`. Triage rules, not red flags (no contract id fits); each pattern is tested here in our own wordings: two
that must now behave and twins that must not fire (kb 2026.12.96).
"""

from __future__ import annotations

import pytest


def _rules(result: dict) -> list[str]:
    return list(result["triage"].get("rules", []))


# 1. a tooth or throat infection spreading into the neck with an airway sign: Ludwig's angina ----------------------
@pytest.mark.parametrize(
    "text",
    [
        "Had a bad wisdom tooth for a few days; now the area under my chin is swollen hard and I can't open my mouth properly.",
        "Dental abscess on a back molar, swelling of the neck has spread and it is difficult to swallow, my voice sounds muffled.",
        "My tooth abscess has made my whole jaw swell up and now I can hardly swallow my spit.",
    ],
)
def test_dental_infection_with_neck_swelling_and_airway_sign_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_deep_neck_infection" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Toothache on and off for ten days, appointment with the dentist on Friday, no swelling at all.",
        "Sore throat for three days, now my neck is swollen and it hurts to swallow.",
    ],
)
def test_toothache_without_spreading_swelling_or_airway_sign_does_not_fire(assess, text: str) -> None:
    assert "possible_deep_neck_infection" not in _rules(assess(text))


# 2. a painful red eye with headache, haloes, blurring or sickness: acute angle-closure glaucoma ---------------------
@pytest.mark.parametrize(
    "text",
    [
        "Right eye went red and aching last night, vision blurry, vomited twice.",
        "Severe pain in my left eye, it's bloodshot, and I'm seeing rainbow rings around the street lights.",
    ],
)
def test_painful_red_eye_with_haloes_or_blurring_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_acute_angle_closure_glaucoma" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Hay fever again, itchy red eyes and a runny nose, no pain, neck ache from sneezing.",
        "Migraine with zigzag lines before the headache, same as always, feel sick.",
        "Took the red eye flight home, severe neck pain and headache since.",
    ],
)
def test_itchy_eyes_or_a_migraine_aura_is_no_glaucoma(assess, text: str) -> None:
    assert "possible_acute_angle_closure_glaucoma" not in _rules(assess(text))


# 3. a sudden or severe testicle pain: testicular torsion ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Sudden agony in my right testicle an hour ago, 19 years old, vomiting.",
        "My son woke with severe pain in his scrotum, swollen on one side.",
    ],
)
def test_sudden_or_severe_testicle_pain_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_testicular_torsion" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Dull ache in the groin after five-a-side, three weeks now.",
        "Aching testicular pain for 8 months, ultrasound normal.",
        "Pain in the ball of my foot when I walk, came on suddenly last week.",
    ],
)
def test_a_long_groin_or_testicle_ache_or_the_ball_of_the_foot_does_not_fire(assess, text: str) -> None:
    assert "possible_testicular_torsion" not in _rules(assess(text))


# 4. a hot swollen joint with fever or in a replaced joint: septic arthritis; without fever same day ---------------
@pytest.mark.parametrize(
    "text",
    [
        "My elbow is red hot and swollen since yesterday and I've got the shivers.",
        "Had a hip replacement 2 years ago, since Tuesday the hip is warm and swollen and really painful.",
    ],
)
def test_hot_swollen_joint_with_fever_or_a_prosthesis_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_septic_arthritis" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Woke up with a hot swollen wrist, no fever.",
        "Big toe joint went red hot and swollen overnight, can't stand the duvet touching it.",
    ],
)
def test_hot_swollen_joint_without_fever_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "urgent"
    assert "acute_hot_swollen_joint" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Knee puffs up after a long hike, not hot, no temperature, arthritic for years.",
        "Knee replacement 6 years ago, a bit stiff when the weather turns cold.",
        "I put a hot water bottle on my swollen knee every night, OA for years.",
    ],
)
def test_a_cool_swollen_knee_or_a_stiff_replaced_knee_does_not_fire(assess, text: str) -> None:
    rules = _rules(assess(text))
    assert "possible_septic_arthritis" not in rules
    assert "acute_hot_swollen_joint" not in rules


# 5. pre-eclampsia's warning symptoms from 20 weeks or in the weeks after the birth -------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I'm 30 weeks pregnant and my vision has gone blurry with a pounding headache.",
        "My baby is 10 days old, bad headache and pain under my right ribs.",
        "36 weeks pregnant, my rings don't fit and my face is puffy, seeing spots before my eyes.",
        "Postnatal day 5, severe headache, seeing flashing lights.",
    ],
)
def test_pre_eclampsia_symptoms_are_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_pre_eclampsia" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "33 weeks pregnant, swollen ankles by teatime, no headache, low back ache.",
        "Back pain since my second pregnancy ten years ago, headache and blurred vision after screens.",
    ],
)
def test_puffy_ankles_or_a_pregnancy_long_ago_is_no_pre_eclampsia(assess, text: str) -> None:
    assert "possible_pre_eclampsia" not in _rules(assess(text))
