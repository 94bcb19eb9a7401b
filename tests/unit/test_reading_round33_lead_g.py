"""Round 33, the lead's probes (lead33g): eleven emergencies outside the spine told in lay words, all read as routine.

Per pattern, two wordings of our own that must be read and a twin in similar words that must not fire (kb 2026.12.109):
a sudden chest or upper back pain with high blood pressure or a cold limb (thoracic aortic dissection); chest
tightness with sweating or sickness at an age not told (acute coronary syndrome); shoulder, arm or jaw pain on walking
eased by stopping (angina, kept apart from lead33a's exertional chest pain); a productive cough with fever and chest
pain (pneumonia); a sore calf after a long journey or an operation, or a calf swollen on one side (DVT); no wind with a
swollen tummy or vomiting (bowel obstruction); a headache begun after 50, progressive or with a personality change
(SNNOOP10); a headache with fever when immunocompromised; a headache shared at home with a fuel appliance (carbon
monoxide); facial pain with numbness or a cranial nerve sign; groin pain in a runner worse with each run (femoral neck
stress fracture).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags

_URGENT = {"urgent", "emergency"}


def _level(result: dict[str, Any]) -> str:
    return str(result["triage"]["level"])


def _reasons(result: dict[str, Any]) -> str:
    return " ".join(result["triage"]["reasons"]).lower()


# ------------------------------------------------------------------ 1. thoracic aortic dissection
@pytest.mark.parametrize(
    "text",
    [
        "A sudden tearing pain went through to my back between the shoulder blades, I'm on tablets for hypertension.",
        "He got a sudden severe pain in the middle of his back this morning and his right leg has gone cold and white.",
    ],
)
def test_a_sudden_upper_back_pain_with_high_blood_pressure_or_a_cold_limb_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert _level(result) == "emergency"


def test_an_upper_back_ache_after_moving_boxes_in_a_person_with_high_blood_pressure_is_not(assess) -> None:
    result = assess("I've had an ache between my shoulder blades for a week since moving boxes, stiff when I turn, "
                    "I take blood pressure tablets.")
    assert "vascular_emergency" not in flags(result)
    assert _level(result) not in _URGENT


# ------------------------------------------------------------------ 2. acute coronary syndrome, no age told
@pytest.mark.parametrize(
    "text",
    [
        "Heavy pressure in my chest for the last half hour, I'm clammy and feel sick.",
        "Tightness in my chest going down my left arm since this morning, I've been sick twice.",
    ],
)
def test_chest_tightness_with_sweating_or_sickness_at_an_age_not_told_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "heart attack" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Chest tightness on and off for a year with my asthma, I sweat at night.",
        "I get panic attacks with chest tightness and sweating when I'm stressed.",
    ],
)
def test_chest_tightness_of_a_year_with_asthma_or_in_panic_attacks_is_not(assess, text: str) -> None:
    result = assess(text)
    assert "heart attack" not in _reasons(result)
    assert _level(result) != "emergency"


# ------------------------------------------------------------------ 3. angina felt in the shoulder, arm or jaw
@pytest.mark.parametrize(
    "text",
    [
        "My left arm aches when I walk to the shops and it goes off after a few minutes of standing still.",
        "My jaw starts aching when I climb the stairs and it eases when I rest.",
    ],
)
def test_arm_or_jaw_pain_on_walking_eased_by_stopping_is_possible_angina(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) in _URGENT
    assert "angina" in _reasons(result)


def test_a_shoulder_that_hurts_lifting_the_arm_and_eases_with_rest_is_not_angina(assess) -> None:
    result = assess("My shoulder hurts when I lift my arm to hang the washing and it goes when I rest it.")
    assert "angina" not in _reasons(result)
    assert _level(result) not in _URGENT


# ------------------------------------------------------------------ 4. pneumonia
@pytest.mark.parametrize(
    "text",
    [
        "I've got a chesty cough bringing up green phlegm, I'm running a temperature and the right side of my chest hurts.",
        "He has a high fever and is coughing up yellow sputum, and his chest hurts when he breathes in.",
    ],
)
def test_a_productive_cough_with_fever_and_chest_pain_is_possible_pneumonia(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) in _URGENT
    assert "pneumonia" in _reasons(result)


def test_ribs_sore_from_coughing_with_a_cold_and_no_fever_are_not(assess) -> None:
    result = assess("My ribs hurt from coughing with a cold, no fever, just clear stuff.")
    assert "pneumonia" not in _reasons(result)
    assert _level(result) not in _URGENT


# ------------------------------------------------------------------ 5. deep vein thrombosis
@pytest.mark.parametrize(
    "text",
    [
        "My left calf is sore and tight since I got back from a long drive to Spain.",
        "Only my right leg is swollen, the calf aches, started a few days ago.",
    ],
)
def test_a_sore_calf_after_a_long_journey_or_a_leg_swollen_on_one_side_is_a_possible_dvt(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) in _URGENT
    assert "deep vein thrombosis" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Both my calves get tight after running.",
        "Knee replaced 3 days ago, calf soft and non-tender, no signs of DVT, pain settled at rest.",
    ],
)
def test_tight_calves_after_running_or_a_calf_examined_non_tender_are_not(assess, text: str) -> None:
    assert "deep vein thrombosis" not in _reasons(assess(text))


# ------------------------------------------------------------------ 6. bowel obstruction
@pytest.mark.parametrize(
    "text",
    [
        "I haven't opened my bowels for a week, I'm not passing wind and my belly is bloated.",
        "He can't pass any gas, his tummy is distended like a drum and he's being sick.",
    ],
)
def test_no_wind_with_a_swollen_tummy_or_vomiting_is_a_possible_bowel_obstruction(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "bowel obstruction" in _reasons(result)


def test_constipation_on_an_opioid_with_wind_passing_and_no_vomiting_is_not(assess) -> None:
    result = assess("On oxycodone, my bowels have not opened for 4 days and I'm a bit bloated, but I'm passing wind "
                    "and not vomiting.")
    assert "bowel obstruction" not in _reasons(result)
    assert _level(result) != "emergency"


# ------------------------------------------------------------------ 7. SNNOOP10: onset after 50, progressive, personality
@pytest.mark.parametrize(
    "text",
    [
        "Since I hit 55 I've had headaches every day and they're new for me.",
        "His headaches are getting steadily worse week by week and he's been acting out of character.",
    ],
)
def test_a_headache_begun_after_50_or_progressive_with_a_personality_change_is_urgent(assess, text: str) -> None:
    assert _level(assess(text)) in _URGENT


def test_the_usual_migraines_since_the_teens_at_40_are_not(assess) -> None:
    assert _level(assess("My migraines are the same as always since I was a teenager, I'm 40.")) not in _URGENT


# ------------------------------------------------------------------ 8. headache with fever when immunocompromised
@pytest.mark.parametrize(
    "text",
    [
        "I'm on chemo and I've got a bad headache and a high temperature.",
        "Kidney transplant last year, now a headache and shivers with fever since yesterday.",
    ],
)
def test_a_headache_with_fever_in_an_immunocompromised_person_is_an_emergency(assess, text: str) -> None:
    assert _level(assess(text)) == "emergency"


def test_controlled_hiv_with_tension_headaches_and_no_fever_is_not(assess) -> None:
    assert _level(assess("I have HIV, it's well controlled, and I get tension headaches, no fever.")) not in _URGENT


# ------------------------------------------------------------------ 9. carbon monoxide
@pytest.mark.parametrize(
    "text",
    [
        "My head aches and I feel dizzy, the kids have headaches too and the boiler is old.",
        "We all have headaches and feel sick, the carbon monoxide alarm went off yesterday.",
    ],
)
def test_a_headache_shared_at_home_with_a_fuel_appliance_is_possible_carbon_monoxide(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "carbon monoxide" in _reasons(result)


def test_a_headache_shared_with_a_husband_after_the_flu_jab_is_not(assess) -> None:
    result = assess("I have a headache and feel sick, my husband has the same, we both had the flu jab.")
    assert "carbon monoxide" not in _reasons(result)


# ------------------------------------------------------------------ 10. facial pain with numbness or a cranial nerve sign
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Jaw pain for months and my chin is numb on that side now.", {"soon", "urgent"}),
        ("Pain in my cheek like electric shocks and I'm seeing double.", {"urgent"}),
    ],
)
def test_facial_pain_with_numbness_or_double_vision_is_imaged(assess, text: str, level: set[str]) -> None:
    result = assess(text)
    assert _level(result) in level
    assert "mri" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "Face pain like electric shocks when I brush my teeth, no numbness, my eyes are fine.",
        "Numbness in my hands and pain in my face.",
    ],
)
def test_typical_trigeminal_shocks_or_numb_hands_beside_face_pain_are_not(assess, text: str) -> None:
    result = assess(text)
    assert "mri" not in _reasons(result)


# ------------------------------------------------------------------ 11. femoral neck stress fracture
@pytest.mark.parametrize(
    "text",
    [
        "I'm training for a half marathon and my groin hurts, it's worse with every run and now I'm limping.",
        "I run 40 miles a week and my hip hurts when I run, my periods have stopped and I'm underweight.",
    ],
)
def test_groin_pain_worse_with_each_run_with_a_limp_or_the_triad_is_a_possible_stress_fracture(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "urgent"
    assert "stress fracture" in _reasons(result)
    assert "vertebral_fracture" not in flags(result)


def test_groin_pain_after_gardening_at_72_is_not_a_stress_fracture(assess) -> None:
    result = assess("My hip hurts after gardening, it's in the groin and worse when I walk, I'm 72.")
    assert "stress fracture" not in _reasons(result)
