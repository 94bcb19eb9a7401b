"""Under-triage, round 23 (issue 10): the age of a letter given in brackets or after a name, decades of past history
that must never set the age, giant cell arteritis told in lay words, and second-language or dialect English
(dropped g's, a temperature told with the thermometer, drug slang, "I lose 9 kilo"). Every note is written in our
own words, each pattern with a twin that must not fire."""

from __future__ import annotations

import pytest

from painpath.narrative.values import extract_values
from tests.conftest import flags

URGENT = {"emergency", "urgent"}


# ---------------------------------------------------------------- the age: brackets, names, codes; decades of the past
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Re: Mr Arthur B (83). Thank you for seeing him.", 83.0),
        ("Dear colleague, Mrs Joan T. (77) has had a new headache.", 77.0),
        ("Re: Mrs Iris M, 69, retired nurse, with neck pain.", 69.0),
        ("Keith D, 61, builder. Back pain for two weeks.", 61.0),
        ("Patient: Sandra Cole, 57\nLow back pain.", 57.0),
        ("Pt: 70F, knee pain.", 70.0),
        ("84M. Fell at home.", 84.0),
        ("Woman 66, new pain in the hip.", 66.0),
        ("This 58-year-old joiner has neck pain.", 58.0),
        ("A gentleman in his late seventies with back pain.", 78.0),
        ("She is in her sixties and has knee pain.", 65.0),
        ("Retired postman, in his early 80s, with a new headache.", 82.0),
    ],
)
def test_the_age_of_a_letter_is_read_where_letters_give_it(text: str, age: float) -> None:
    assert extract_values(text).values.get("age") == age


@pytest.mark.parametrize(
    "text",
    [
        # decades and ages of past history never set the age
        "Migraine in his 30s and 40s, none since. New temple pain.",
        "In her twenties she had a lot of tension headaches.",
        "He was in his forties when the back first went.",
        "Headaches since her teens, unchanged.",
        "Back pain on and off, first in his 30s, with flares since.",
        # a name mid-sentence with a number after it is no age
        "I told Gordon, 25 minutes later, that the pain was back.",
    ],
)
def test_past_decades_and_numbers_after_a_name_mid_sentence_are_no_age(text: str) -> None:
    assert "age" not in extract_values(text).values


def test_a_bracketed_age_wins_over_a_decade_of_past_migraine(assess) -> None:
    result = assess(
        "Re: Mr Walter F (78). He had bad migraines in his 30s and 40s but none for decades. For three weeks a new "
        "ache over the right temple, and it hurts him to comb his hair. ESR 88."
    )
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in URGENT


def test_the_twin_a_young_adult_with_lifelong_migraine_stays_unflagged(assess) -> None:
    result = assess("Re: Miss Chloe R (31). Migraine since her teens, same as always, settles with sumatriptan.")
    assert "giant_cell_arteritis" not in flags(result)
    assert result["triage"]["level"] == "routine"


# ---------------------------------------------------------------- giant cell arteritis in lay and letter words
@pytest.mark.parametrize(
    "text",
    [
        "My father is 79. New headaches for a month, and his jaw gets tired part way through his dinner so he has to "
        "stop and rest it.",
        "Woman 72, a fortnight of new headache, and chewing steak makes her jaw tire.",
        "I am 74. My jaw feels so weary after a few mouthfuls of bread that I put it down. New headache too.",
    ],
)
def test_jaw_claudication_in_lay_words_over_50_is_gca(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Mr S, 81, new headaches, and on Sunday his left eye greyed out for about five minutes.",
        "I'm 76 with a new headache and this week it was like a shade coming down over my right eye, then it lifted.",
        "Aged 70, headache over the temples for two weeks, and a dark patch that came and went in her left eye.",
        "Re: Mrs Ann G (75). New headaches; twice her sight dimmed over in one eye for a minute or so.",
    ],
)
def test_transient_visual_loss_in_lay_words_with_a_headache_over_50_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a tired jaw from talking, a young person's clicking jaw, a curtain in the house
        "Woman 35, jaw gets tired after talking on the phone all day, no headache.",
        "Low back pain for a month; I put the curtain up and it came down on me.",
    ],
)
def test_a_tired_jaw_without_chewing_or_a_house_curtain_is_no_gca(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" not in flags(result)
    assert result["triage"]["level"] != "emergency"


# ---------------------------------------------------------------- second-language and dialect English
@pytest.mark.parametrize(
    "text",
    [
        "hiya pain in middle of back since 10 days, been shiverin n sweatin all night, 38.9 last night, im injectin "
        "in my groin still",
        "Mid back killing me a fortnight. Still using gear. Had 39 on the thermometer yesterday and been shakin and "
        "sweatin.",
        "my back in the middle is hurtin 2 week, the thermometer said 38,6 and I am shiverin'.",
    ],
)
def test_infection_signs_in_dialect_and_texting_reach_the_spinal_infection_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I am 67 year. Pain in middle of back 6 week, is worst in the night, lying down not help. I lose 8 kilo and "
        "I not try, my jeans is falling down.",
        "Man 59, smoker. Back pain 2 month, rest not help, he lose 7 kilo without diet.",
    ],
)
def test_second_language_weight_loss_and_rest_pain_reach_the_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a normal reading, weight lost on purpose or to be lost, a dose taken with the thermometer word
        "Low back pain after gardening for 5 days; the thermometer said 36.9 so no fever.",
        "Back ache for 2 weeks after lifting. I want to lose 9 kilo for my knees.",
        "Low back pain for a week after a fall off the step, CRP 38.5 yesterday at the GP.",
    ],
)
def test_normal_readings_and_intended_weight_loss_are_no_red_flag(assess, text: str) -> None:
    result = assess(text)
    assert not flags(result) & {"spinal_infection", "spinal_malignancy"}
    assert result["triage"]["level"] != "emergency"


def test_dropped_g_words_are_read_and_quoted_as_the_note_wrote_them(assessor) -> None:
    text = "Pain in my upper back a week and shiverin at nite, injectin into my veins."
    story = assessor.reader.read(text)
    found = {o.finding: o for o in story.observations}
    assert found["chills_rigors"].text == "shiverin"
    assert text[found["chills_rigors"].start: found["chills_rigors"].end] == "shiverin"
    assert text[found["iv_drug_use"].start: found["iv_drug_use"].end] == "injectin into my veins"


def test_words_that_only_look_like_a_dropped_g_are_left_alone(assessor) -> None:
    # "cousin", "groin" and "insulin" end in "in" but are no dropped g
    story = assessor.reader.read("My cousin injects insulin; I have groin pain for a month.")
    assert "iv_drug_use" not in {o.finding for o in story.observations}


# ---------------------------------------------------------------- the unread safety net
@pytest.mark.parametrize(
    "text",
    [
        "Knee pain for a month. I still use, most days.",
        "Neck stiff for a week. The thermometer was high.",
    ],
)
def test_the_unread_net_catches_drug_use_and_thermometer_words(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "routine"
    assert result["unread"]


@pytest.mark.parametrize(
    "text",
    [
        # the twins: an object after "use", insulin injected, a weight without a loss
        "Knee pain for a month. I still use my stick on the stairs.",
        "Knee pain for a month. Type 2 diabetic, injecting insulin twice a day.",
        "Knee pain for a month. I am 95 kilos.",
    ],
)
def test_the_unread_net_twins_stay_quiet(assess, text: str) -> None:
    assert not assess(text)["unread"]


# ---------------------------------------------------------------- a raised CRP given as a number (ACR/EULAR 2022)
def test_a_crp_of_10_or_more_with_a_headache_over_50_is_gca(assess) -> None:
    result = assess("Re: Mrs Pauline W (74). Aching temples for a month. Bloods: CRP 38, FBC normal.")
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # the twins: the same CRP under 50, a normal CRP, and a CRP number with back pain alone
        "Re: Miss Leah W (28). Aching temples for a month. Bloods: CRP 38, FBC normal.",
        "Re: Mr Colin W (74). Low back ache for a month after digging. Bloods: CRP 38.",
    ],
)
def test_a_crp_number_outside_the_gca_picture_raises_no_gca(assess, text: str) -> None:
    assert "giant_cell_arteritis" not in flags(assess(text))
