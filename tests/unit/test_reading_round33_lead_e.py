"""Round 33 (the lead's probes of main, part e): notes in second-language and pidgin English, each a pattern in our
own words (two new wordings and a negative twin per pattern).

- thoughts of suicide in second-language grammar ("thinking to finish my life", "want to finish himself", "better
  to die") with a means at hand are an emergency (C-SSRS);
- a headache that came "like explosion" or "like a gun shot", and intensity told by reduplication ("strong strong",
  "very very bad"), make the thunderclap history;
- a visual loss told as an eye that "see black" or "cannot see" with GCA's features is the GCA emergency;
- "waist pain" is low back pain, and with fever a possible spinal infection; a fever beside a pain the note does
  not place is no longer routine;
- urine that "comes by itself" or cannot be held is urinary incontinence (cauda equina with weak legs);
- a body part told as fine ending the note ("my hands are fine") is no pain site.
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- suicide thoughts in second-language grammar
@pytest.mark.parametrize(
    "text",
    [
        "Every night I think to finish my life, the pain never stop. I keep a gun in the house.",
        "My husband says he want to finish himself because of his back, he has a rope in the shed.",
        "Doctor, it is better to die than this pain, I have a gun at home.",
    ],
)
def test_second_language_suicidal_thoughts_with_means_are_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "When I retire I want to finish my life in my own village near my children, my knee is painful.",
        "I want to take my life back from this back pain, I will finish the painting myself.",
        "The vet said it was better for the old dog to die peacefully; my neck aches since then.",
    ],
)
def test_finishing_life_somewhere_or_taking_life_back_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert not present(result, "suicidal_thoughts")
    assert not present(result, "wish_to_be_dead")


# ---------------------------------------------------------------- explosive onset and reduplicated intensity
@pytest.mark.parametrize(
    "text",
    [
        "The headache started like a gun shot at the back of my head, after that I vomited.",
        "Yesterday very very bad headache, it come suddenly, I vomit two times.",
    ],
)
def test_explosive_or_reduplicated_sudden_headache_is_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My head feels like a bomb about to go off every afternoon, it is my usual migraine.",
        "I am very very tired these weeks and the headache is so so, it builds slowly.",
    ],
)
def test_pressure_simile_or_tiredness_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert not present(result, "severe_pain")


# ---------------------------------------------------------------- an eye that sees black with GCA's features
@pytest.mark.parametrize(
    "text",
    [
        "My father is 77, pain on the side of his head and his jaw hurts when he chews, since this morning he "
        "cannot see from his right eye.",
        "My grandmother is 81, headache on her temple, jaw tired when eating, the left eye she see only dark.",
    ],
)
def test_eye_that_sees_dark_with_jaw_claudication_is_gca_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "visual_symptoms")
    assert "giant_cell_arteritis" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I am 72, headache and jaw ache when I chew, the eye doctor saw nothing wrong with my eyes.",
        "I am 72, headache on the temple, jaw ache when chewing, I can't see the eye doctor until May.",
    ],
)
def test_eye_doctor_seeing_nothing_is_no_visual_loss(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "visual_symptoms")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- waist pain is low back pain
@pytest.mark.parametrize(
    "text",
    [
        "My waist is paining me since one week and I have fever at night.",
        "Doctor, waist pain since 5 days with high temperature and shivering.",
    ],
)
def test_waist_pain_with_fever_is_possible_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert "spinal_infection" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Burning pain in a band around my waist with a rash on one side.",
        "My waistband rubs since I gained weight and my knee is sore.",
    ],
)
def test_band_round_the_waist_or_waistband_is_no_low_back_pain(assess, text: str) -> None:
    assert not present(assess(text), "low_back_pain")


# ---------------------------------------------------------------- a fever with a pain the note does not place
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I have a fever and pain since 3 days, please advise.", "soon"),
        ("Fever and shivering since yesterday, the pain is very bad, I cannot sleep.", "urgent"),
    ],
)
def test_fever_with_unplaced_pain_is_not_routine(assess, text: str, level: str) -> None:
    assert _level(assess(text)) == level


def test_fever_beside_long_standing_pain_keeps_its_level(assess) -> None:
    result = assess("Chronic pain for many years, unchanged; I had a fever yesterday.")
    assert _level(result) == "routine"


# ---------------------------------------------------------------- urine that comes by itself
@pytest.mark.parametrize(
    "text",
    [
        "My back is very pain and both legs are weak, since yesterday the water comes by itself.",
        "Back pain and my legs are numb, when I sit on the toilet it comes alone, I cannot stop it.",
    ],
)
def test_urine_that_comes_by_itself_with_leg_symptoms_is_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "urine_comes_by_itself") or present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" in flags(result)
    assert _level(result) == "emergency"


def test_tears_that_come_by_themselves_are_no_incontinence(assess) -> None:
    result = assess("Back pain and legs weak, the water comes by itself from my eyes when I think of it.")
    assert not present(result, "urine_comes_by_itself")
    assert not present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" not in flags(result)


# ---------------------------------------------------------------- a part told as fine is no pain site
@pytest.mark.parametrize(
    "text",
    [
        "My neck hurts since two weeks, arms are ok",
        "Pain in my lower back and my feet feel numb, my hands are fine",
    ],
)
def test_part_told_fine_at_the_end_is_no_pain_site(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "hand_pain")
    assert any(present(result, site) for site in ("neck_pain", "low_back_pain"))


def test_part_fine_until_it_hurts_keeps_the_site(assess) -> None:
    assert present(assess("My hands are fine until I grip something, then they hurt badly"), "hand_pain")


# ---------------------------------------------------------------- shaking with the fever is rigors
@pytest.mark.parametrize(
    "text",
    [
        "I dey shake with fever for two nights and my lower back dey pain me.",
        "She trembles from the high temperature at night, her back is sore.",
    ],
)
def test_shaking_with_the_fever_is_rigors(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "chills_rigors")
    assert "spinal_infection" in flags(result)


def test_shaking_a_hand_is_no_rigors(assess) -> None:
    assert not present(assess("I shook his hand at the clinic; I had a fever last year, back sore now."), "chills_rigors")
