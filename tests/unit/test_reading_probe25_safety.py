"""Found by probing main (kb 2026.12.47) in our own words: a relative named at the start of a sentence took the
patient's own symptoms with it ("my mum drove me in because I can't feel my bum" was routine), lay kinship words
("Gran", "my auntie") made a relative's cancer the patient's, and "shaking it helps" (a hand shaken to ease numbness)
was read as rigors and raised a spinal infection. Each pattern has twins that must not change."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "My mum drove me in because I can't feel my bum and I've wet myself. Back pain for a week.",
        "My husband brought me to the clinic as I can't feel the toilet paper when I wipe. Back pain for ten days.",
        "My daughter rang you because I have wet the bed twice and I can't feel down below. Sciatica both legs.",
        "My wife made me write in since I couldn't pass water this morning. Bad back for a fortnight.",
    ],
)
def test_the_patient_speaking_after_a_relative_keeps_their_own_symptoms(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the relative's own illness stays the relative's
        "My mum's sister had cauda equina when I was little. Back ache for two weeks after gardening, I am 38.",
        "My brother can't feel his legs since his accident years ago and I look after him. My back aches after lifting him, I'm 45.",
    ],
)
def test_a_relatives_own_deficit_is_not_the_patients(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Gran had breast cancer. I'm 35 with back pain from rowing for 2 weeks.",
        "My auntie had bowel cancer. I'm 29 and my lower back has hurt since moving flat a week ago.",
        "Grandad died of prostate cancer. I'm 41, back pain after football for ten days.",
        "Nana had myeloma. I'm 33 with a sore back from gardening this week.",
    ],
)
def test_a_relatives_cancer_in_lay_kinship_words_is_family_history(assess, statuses, text: str) -> None:
    assert statuses(text).get("cancer_history") != "present"
    result = assess(text)
    assert "spinal_malignancy" not in {flag["id"] for flag in result["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        "I had breast cancer. I'm 35 with back pain from rowing for 2 weeks.",
        "I'm 61 and had bowel cancer treated two years ago; my lower back has hurt at night for a month.",
    ],
)
def test_the_patients_own_cancer_still_flags(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Neck ache and my hand goes numb at night with pins and needles in the thumb; shaking it helps.",
        "Tingling in my first three fingers that wakes me, I get relief by shaking my hand out. Stiff neck.",
        "My hands shaking a little when I hold a cup. Lower back pain after lifting a week ago.",
    ],
)
def test_a_hand_shaken_to_ease_numbness_or_a_tremor_is_no_rigors(assess, statuses, text: str) -> None:
    assert statuses(text).get("chills_rigors") is None
    assert "spinal_infection" not in {flag["id"] for flag in assess(text)["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a week, I've been shaking all night and burning up.",
        "Temperature of 38.9 and shaking uncontrollably since my back injection last week.",
        "Fever and shaking since yesterday, my back is agony.",
    ],
)
def test_the_body_shaking_with_a_fever_is_still_rigors(assess, statuses, text: str) -> None:
    assert statuses(text).get("chills_rigors") == "present"
    assert "spinal_infection" in {flag["id"] for flag in assess(text)["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        # a history clause used to run on through the commas, ';' and "and" of its sentence and swallow the complaint:
        # these notes had no pain and no flag (routine)
        "I'm 63 and had bowel cancer treated three years ago; my lower back has hurt at night for five weeks.",
        "Had a kidney tumour removed 6 years ago, back pain for a month that wakes me at night.",
        "Years ago I had a melanoma cut out of my arm, and I have had a constant backache for 7 weeks, I am 62.",
        "Had a prostatectomy for cancer in 2018, back has been aching at night for 5 weeks, 71 years old.",
    ],
)
def test_a_past_cancer_does_not_swallow_the_present_back_pain(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] in {"urgent", "emergency"}
    assert result["differential"], "the present back pain is a pain complaint"


def test_new_weakness_after_an_old_operation_is_a_progressive_deficit(assess) -> None:
    result = assess("Underwent a lumbar fusion in 2014, both legs have gone numb and weak over the last two days.")
    assert "progressive_neurologic_deficit" in {flag["id"] for flag in result["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        # the history's own pieces stay history: an old episode that settled is not today's complaint
        "Had sciatica in 2019, which settled with physio, numb foot at the time. Off work with a sore back after lifting 2 weeks ago, 40.",
        "Fractured my wrist ten years ago, in plaster for 6 weeks. Now a sore lower back after gardening for a week, 44.",
    ],
)
def test_an_old_episode_stays_history(assess, text: str) -> None:
    result = assess(text)
    assert result["red_flags"] == []
    assert result["triage"]["level"] == "routine"
    assert result["differential"][0]["condition"] == "nonspecific_low_back_pain"
