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


@pytest.mark.parametrize(
    "text",
    [
        # a section header (plan, social, past history) used to take a new complaint told under it out of the story
        "Low back pain for 3 weeks. Plan: MRI, physio. She mentioned at the end that she has wet herself twice this week.",
        "Sciatica for a fortnight after lifting. Social: lives alone, smokes, and since Monday she cannot feel her bottom on the toilet.",
        "Back ache 10 days. PMH: asthma, and he says he can't feel the paper when he wipes since last night.",
    ],
)
def test_a_new_sphincter_or_saddle_symptom_under_another_header_is_the_complaint(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain 2/52. O/E: SLR 40 on left. PMH: T2DM, and he has had fevers and rigors for 3 days.",
        "Lumbar pain for three weeks. Social: ex-smoker, and she has had night sweats and a temperature since Friday.",
    ],
)
def test_a_fever_told_under_a_history_or_social_header_is_the_complaint(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        # the header's own words keep their role: a plan is not a symptom, a past illness is history
        "Low back pain for 3 weeks after lifting. Plan: she says she will try the exercises; safety-net advice given about numbness or wetting herself.",
        "Back ache 10 days after gardening. PMH: appendicectomy, and he had a kidney stone in 2015.",
        "Sore lower back for 2 weeks after moving house. Social: lives with her husband, and he has recently retired.",
    ],
)
def test_the_headers_own_words_keep_their_role(assess, text: str) -> None:
    result = assess(text)
    assert result["red_flags"] == []
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        # an aneurysm in lay words: a pulsation felt in the belly over 50 with back or belly pain
        "Aged 68, smoker, back pain since this morning and I can feel my pulse in my belly.",
        "I'm 74. Ache in my lower back and tummy since last night, and there's a throbbing in my stomach like a second heart.",
        "Dad is 79 and says he can feel his heartbeat in his tummy, with a dull backache since lunchtime.",
    ],
)
def test_a_pulsation_felt_in_the_belly_over_50_with_pain_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


def test_a_young_slim_person_feeling_their_aorta_is_no_emergency(assess, statuses) -> None:
    text = "I'm 28 and slim, I can feel my heartbeat in my tummy when I lie down, back ache after the gym."
    assert statuses(text).get("felt_abdominal_pulsation") == "present"
    assert assess(text)["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("A doctor once said the main pipe in my tummy was a bit wide.", "known_aneurysm"),
        ("Known enlarged aorta under surveillance.", "known_aneurysm"),
        ("I'm 71, still on 10 a day.", "smoker"),
        ("Smokes about twenty a day.", "smoker"),
        ("He gets 20 fags a day down him.", "smoker"),
    ],
)
def test_lay_words_for_an_aneurysm_and_for_smoking(statuses, text: str, finding: str) -> None:
    found = statuses(text)
    assert found.get(finding) == "present"
    assert "many_attacks_a_day" not in found


def test_attacks_many_times_a_day_still_read(statuses) -> None:
    assert statuses("Electric shocks in my cheek 30 times a day.").get("many_attacks_a_day") == "present"


@pytest.mark.parametrize(
    "text",
    [
        "My knee pain is worse, I'm 80 and I had a fall last week onto it, now I can't put weight on it at all.",
        "Twisted my ankle on the kerb yesterday and I'm unable to bear weight through that foot.",
    ],
)
def test_cannot_bear_weight_after_an_injury_is_seen_the_same_day(assess, statuses, text: str) -> None:
    assert statuses(text).get("unable_to_walk") == "present"
    assert assess(text)["triage"]["level"] == "urgent"


def test_partial_weight_bearing_in_long_standing_arthritis_is_not_an_inability_to_walk(statuses) -> None:
    assert "unable_to_walk" not in statuses("Knee arthritis for years, I can't put much weight on it by the evening.")


@pytest.mark.parametrize(
    "text",
    [
        "Mum is 80. She says her eyesight went blurry and then dark in one eye for a bit this morning, and she's had headaches all week.",
        "I'm 73 with a new headache over my temples for ten days; yesterday the eyesight in my left eye went dim for a few minutes.",
    ],
)
def test_eyesight_going_dim_with_a_new_headache_over_50_is_giant_cell_arteritis(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


def test_eyesight_that_is_simply_poor_is_no_visual_symptom(statuses) -> None:
    assert "visual_symptoms" not in statuses("My eyesight is poor so my daughter typed this. Knee pain for years, I'm 81.")


@pytest.mark.parametrize(
    "text",
    [
        "I was lifting weights and got the most horrendous headache of my life, it hit me like a bat in seconds.",
        "The most excruciating headache of my life started while I was on the toilet an hour ago.",
        "Out walking the dog when my head hit me like a train, I had to sit on the kerb. 49.",
    ],
)
def test_a_thunderclap_in_superlatives_and_similes(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


def test_a_migraine_that_came_on_at_its_usual_pace_is_no_thunderclap(assess) -> None:
    result = assess("My usual migraine hit me this afternoon with the zigzag lines first, same as always. I'm 30.")
    assert "thunderclap_headache" not in {flag["id"] for flag in result["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        "I get pins and needles round my bum and the inside of both thighs since yesterday and my back has been agony for a week.",
        "Back pain for 5 days and now tingling across my backside and down the inside of my thighs.",
    ],
)
def test_saddle_pins_and_needles_in_lay_words_is_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"
