"""Round 38, patients' own words (fix38p): each pattern with two wordings of our own and a twin that must not read.

- long-term steroids told with a hesitation ("for, oh, must be eight years"); the back's middle as an apposition;
  a duration inside a history finding's words is that history's; tablets counted are no attacks;
- a bang onset denied is no thunderclap; "it went" ends a fever; a back too stiff to straighten each morning is no
  inability to stand; "worse the longer I sit" is no worsening;
- a perineal numbness brought on by sitting for months (pudendal) is no cauda equina; "between my legs" is no leg
  pain; a bike saddle blamed is no unread red flag;
- "lower middle back" is the low back; "slipped up" is no fall; "worse every day for 10 days" keeps its days; night
  pain in second-language words; a past diagnosis implies no symptom now.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present


# ---------------------------------------------------------------- missed vertebral fracture
@pytest.mark.parametrize(
    "text",
    [
        "81F. I've had the prednisone for my lungs for, um, it's been ten years now. This morning I bent down to pick up "
        "the post and felt a crack in my back, right in the middle of it.",
        "Caller is 76. Takes prednisolone for her COPD for, well, probably six years. Reached down to get a pan out of "
        "the cupboard yesterday and now severe pain in her back, the middle of the back.",
    ],
)
def test_steroid_years_after_a_hesitation_and_a_fragility_trigger_flag_a_fracture(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "long_term_steroids")
    assert present(result, "mid_back_pain")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "soon")


def test_a_steroid_stopped_years_ago_is_no_long_term_use(assess) -> None:
    result = assess("I stopped the prednisolone for my chest, oh, must be eight years ago. Back pain in the middle of the night.")
    assert not present(result, "long_term_steroids")
    assert not present(result, "mid_back_pain")


def test_the_years_inside_a_steroid_history_are_not_the_pains(assess) -> None:
    result = assess("On prednisolone for my asthma for, oh, about nine years. Since yesterday a sharp pain in my lower back.")
    assert present(result, "duration_under_6_weeks")
    twin = assess("Lower back pain for nine years. On prednisolone for asthma.")
    assert present(twin, "duration_over_3_months")


@pytest.mark.parametrize("text", ["Heart tablets, the white ones, 8 a day. Back pain.", "My pills, 12 a day. Back pain."])
def test_tablets_counted_are_no_attacks(assess, text: str) -> None:
    assert not present(assess(text), "many_attacks_a_day")


def test_shocks_counted_are_attacks(assess) -> None:
    assert present(assess("Electric shocks in my cheek, 20 times a day."), "many_attacks_a_day")


# ---------------------------------------------------------------- false thunderclap
@pytest.mark.parametrize(
    "text",
    [
        "My son (16) gets headaches once a month with flashing lights first, then the headache builds over an hour on "
        "one side. The headache never starts like a bang, it creeps up.",
        "Twice a month I get a one-sided throbbing headache that builds up over two hours after zigzag lights; the "
        "headache doesn't come on like an explosion.",
    ],
)
def test_a_bang_onset_denied_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "bang_onset_headache")
    assert "thunderclap_headache" not in flags(result)


def test_a_bang_onset_told_is_a_thunderclap(assess) -> None:
    result = assess("The headache came on like a bang an hour ago while I was lifting weights.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- false infection, false inability to walk
@pytest.mark.parametrize(
    "text",
    [
        "We all had a cold last week, I had a fever for 3 days and it went. Then on Sunday my lower back went into spasm "
        "lifting the lawnmower. No leg pain, 38, otherwise well.",
        "Had a temperature for two days with the flu, and it went. Yesterday I hurt my lower back moving a wardrobe.",
    ],
)
def test_a_fever_that_went_is_no_spinal_infection(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))


def test_a_fever_now_with_back_pain_keeps_the_infection_flag(assess) -> None:
    result = assess("Fever of 38.6 since yesterday and my lower back is very painful, shaking with chills.")
    assert "spinal_infection" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Twisted my lower back on Friday, I can't stand up straight for the first ten minutes in the morning, then it eases.",
        "Lower back spasm since Monday, cannot stand straight first thing in the morning, fine once moving.",
    ],
)
def test_a_back_stiff_each_morning_is_no_inability_to_stand(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "unable_to_walk")
    assert level(result) in {"routine", "soon"}


def test_a_back_that_cannot_stand_or_walk_keeps_its_urgency(assess) -> None:
    result = assess("Sudden severe lower back pain since this morning, can't stand up straight or walk.")
    assert present(result, "unable_to_walk")
    assert at_least(result, "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Numbness on the top of my right foot for a year, worse the longer I stand.",
        "Tingling and numbness in my left thigh for months, worse the more I walk.",
    ],
)
def test_worse_the_longer_is_a_trigger_not_a_spread(assess, text: str) -> None:
    assert not present(assess(text), "spreading_numbness")


def test_numbness_getting_worse_is_a_spread(assess) -> None:
    assert present(assess("The numbness in my left foot is getting worse and spreading up my shin."), "spreading_numbness")


# ---------------------------------------------------------------- false cauda equina (pudendal)
@pytest.mark.parametrize(
    "text",
    [
        "Triathlete, 50F. For two years burning and a numb feeling between my legs when I sit on the bike or at my desk, "
        "worse sitting, better standing, fine on the toilet seat. No back pain, no leg pain, bladder and bowels normal.",
        "For 8 months: numbness and burning in the perineum when sitting, worse sitting, relieved by standing. No back "
        "pain, no leg symptoms, waterworks normal. 39M.",
    ],
)
def test_a_perineal_numbness_of_months_on_sitting_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "sitting_provoked_perineal_symptoms")
    assert "cauda_equina_syndrome" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Since yesterday a numb feeling between my legs when I sit, worse sitting, better standing. Back pain.",
        "For a year burning and a numb feeling between my legs when I sit, better standing, and since this week I can't "
        "feel when I pass urine.",
    ],
)
def test_a_new_saddle_numbness_or_a_bladder_change_keeps_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    ["For a year burning pain between her legs when she sits.", "Aching and a numb sensation between his legs on the bike."],
)
def test_between_the_legs_is_no_leg_pain(assess, text: str) -> None:
    assert not present(assess(text), "leg_pain")


def test_a_leg_named_beside_the_perineum_is_a_leg_pain(assess) -> None:
    assert present(assess("Burning pain between my legs and shooting pain down my right leg."), "leg_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Cyclist, sore knees after long rides. The shop thinks it's the saddle.",
        "Knee pain on long rides, I blame the saddle.",
    ],
)
def test_a_bike_saddle_blamed_is_no_unread_red_flag(assess, text: str) -> None:
    result = assess(text)
    assert not result["unread"]
    assert level(result) == "routine"


# ---------------------------------------------------------------- ranking words
@pytest.mark.parametrize("text", ["Aching in the lower middle of my back for a week.", "Pain low mid back since Friday."])
def test_the_lower_middle_of_the_back_is_the_low_back(assess, text: str) -> None:
    assert present(assess(text), "low_back_pain")


def test_the_middle_of_the_back_alone_is_not_the_low_back(assess) -> None:
    result = assess("Ache in the middle of my back for a week.")
    assert not present(result, "low_back_pain")
    assert present(result, "mid_back_pain")


@pytest.mark.parametrize(
    "text",
    ["Sober a year but slipped up at Christmas. Lower back ache for a week.", "I slipped back into old habits. Back ache."],
)
def test_slipped_up_is_no_fall(assess, text: str) -> None:
    assert not present(assess(text), "trauma")


def test_slipped_on_ice_is_a_fall(assess) -> None:
    assert present(assess("Slipped on the ice on Tuesday, lower back pain since."), "trauma")


@pytest.mark.parametrize(
    "text",
    ["Lower back pain getting worse every day for 5 days.", "My neck is worse every day for the last 8 days."],
)
def test_worse_every_day_for_days_keeps_its_length(assess, text: str) -> None:
    assert present(assess(text), "duration_under_6_weeks")


def test_every_few_weeks_is_an_interval(assess) -> None:
    result = assess("Back pain flares, I get one every 3 weeks.")
    assert not present(result, "duration_under_6_weeks")


@pytest.mark.parametrize(
    "text",
    [
        "I have pain in my low back since one month, it is more bad at night.",
        "My hip and back hurt. I wake at 4 o'clock every night and must walk around.",
    ],
)
def test_night_pain_in_second_language_words(assess, text: str) -> None:
    assert present(assess(text), "night_pain")


def test_waking_to_pass_water_is_no_night_pain(assess) -> None:
    assert not present(assess("Back ache in the day. I wake at 3 o'clock every night to pee."), "night_pain")


# ---------------------------------------------------------------- a past diagnosis implies no symptom now
@pytest.mark.parametrize(
    "text",
    [
        "57F. Her other history includes hypertension, migraine in her twenties and an appendicectomy. For three weeks "
        "pain in the right side of her neck into the arm and thumb, pins and needles in the thumb.",
        "62M, had migraines in his thirties. Neck pain down the left arm into the index finger for four weeks.",
    ],
)
def test_a_migraine_of_long_ago_is_no_new_headache_after_50(assess, text: str) -> None:
    result = assess(text)
    assert "headache_new_over_50" not in result["triage"]["rules"]


def test_a_new_headache_after_50_keeps_its_urgency(assess) -> None:
    result = assess("62M. For three weeks a new headache every day, never had headaches before.")
    assert at_least(result, "urgent")
