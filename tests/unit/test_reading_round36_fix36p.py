"""Round 36 (fix36p): the outside reviewer's notes in patients' and carers' voices, each miss as a pattern in our own
words.

- cervical myelopathy in second-language English: "both hand" in the singular, clumsy hands without a verb, small
  objects dropped and small buttons not done up, fingers like in gloves;
- an osteoporotic vertebral fracture told in Jamaican: "fi" and "nuff" respelt, a steroid's years told after what it
  is for (an aside in brackets between), a crack felt in the present tense of a story, bending "for" lifting;
- a part told fine without its verb ("my legs alright", "legs dem alright and");
- false alarms: the patient's own question "is it cancer?" is no cancer history; a migraine told as the worst ever
  but building over the next hour and counted "6 a month" is no thunderclap; migraines "since I was a teenager" at
  58 are no new headache after 50, and neither "last a day" nor "10 days a month now" dates the complaint.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from painpath.narrative.values import extract_values
from tests.conftest import at_least, flags, level, ranked


# ---------------------------------------------------------------- cervical myelopathy in second-language English
@pytest.mark.parametrize(
    "note",
    [
        "Neck sore many years. Since spring my both arm go numb and weak, and my legs unsteady, I walk like on a boat.",
        "Stiff neck for years. These months my hand so clumsy, I keep dropping the needle when sewing and I "
        "struggle to fasten the top button. Walking is unsteady too.",
    ],
)
def test_myelopathy_in_second_language_words(assess, note: str) -> None:
    result = assess(note)
    assert "cervical_myelopathy" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "words, finding",
    [
        ("My fingers feel like I'm in thick gloves and I fumble everything.", "myelopathic_hands"),
        ("Both hand is tingling since March.", "bilateral_hand_symptoms"),
        ("He drops the chopsticks at dinner now.", "myelopathic_hands"),
    ],
)
def test_hand_words_in_second_language(statuses, words: str, finding: str) -> None:
    assert statuses("Neck ache for 2 years. " + words).get(finding) is Status.PRESENT


def test_hands_not_clumsy_and_the_school_run_are_no_myelopathy(assess, statuses) -> None:
    note = "Neck ache for 2 years from the computer. My hands not clumsy, I drop the kids at school and walk back fine."
    found = statuses(note)
    assert found.get("myelopathic_hands") is not Status.PRESENT
    assert found.get("bilateral_hand_symptoms") is not Status.PRESENT
    assert "cervical_myelopathy" not in flags(assess(note))


# ---------------------------------------------------------------- vertebral fracture told in Jamaican
@pytest.mark.parametrize(
    "note",
    [
        "Mi a 77 years old and mi tek prednisone fi nuff years fi di arthritis. Yesterday mi feel someting crack inna mi back "
        "when mi bend down fi pick up di bucket.",
        "I am 76, I take the prednisolone tablets for my lungs (the COPD) for several years now. Today I feel "
        "something snap in my back when I reached down for lift the bin bag, the pain take my breath.",
    ],
)
def test_steroid_fracture_in_dialect(assess, statuses, note: str) -> None:
    found = statuses(note)
    assert found.get("long_term_steroids") is Status.PRESENT
    assert found.get("sudden_onset") is Status.PRESENT
    assert found.get("trivial_trigger") is Status.PRESENT
    result = assess(note)
    assert "vertebral_fracture" in flags(result)
    assert "vertebral_compression_fracture" in ranked(result)[:3]


def test_a_click_every_time_and_a_short_course_are_no_fracture_story(statuses) -> None:
    found = statuses(
        "I'm 55. I had a prednisolone course last month and my back has ached for many years. I feel something "
        "click in my back when I bend, and something pops whenever I turn."
    )
    assert found.get("long_term_steroids") is not Status.PRESENT
    assert found.get("sudden_onset") is not Status.PRESENT


# ---------------------------------------------------------------- a part told fine without its verb
@pytest.mark.parametrize(
    "note, finding",
    [
        ("Lower back sore since Monday. My legs alright and my waterworks normal.", "leg_pain"),
        ("Neck pain 2 weeks after painting. Mi arms dem fine.", "arm_pain"),
    ],
)
def test_part_fine_without_its_verb(statuses, note: str, finding: str) -> None:
    assert statuses(note).get(finding) is not Status.PRESENT


def test_a_pain_that_was_fine_and_then_came_back_stays(statuses) -> None:
    found = statuses("The back pain was fine and then it came back worse, down my left leg, 3 weeks now.")
    assert found.get("low_back_pain") is Status.PRESENT
    assert found.get("leg_pain") is Status.PRESENT


# ---------------------------------------------------------------- the patient's question is no cancer history
@pytest.mark.parametrize(
    "words",
    ["My uncle had lung cancer. Could this be a tumour?", "What if I've got cancer? I can't stop googling."],
)
def test_cancer_asked_about_is_no_history(assess, words: str) -> None:
    result = assess("Low back ache for 10 days after digging the allotment, I'm 48, worse bending. " + words)
    assert "spinal_malignancy" not in flags(result)
    assert level(result) in {"routine", "soon"}


def test_a_cancer_asked_back_keeps_the_history(assess) -> None:
    result = assess("Low back ache for 10 days, I'm 48. Could it be my cancer back? I finished chemo last year.")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a migraine worst ever, building over the hour
@pytest.mark.parametrize(
    "note",
    [
        "Worst migraine ever again last night. Flashing lights first, then the pounding built up over the following "
        "hour, one side. I'm 31, had them for years, about 4 a month now.",
        "Worst headache ever this week, my usual kind. Over the next hour it slowly got worse, one side, had to lie "
        "in the dark. These come maybe three a week now.",
    ],
)
def test_worst_migraine_building_over_the_hour_is_no_thunderclap(assess, statuses, note: str) -> None:
    found = statuses(note)
    assert found.get("gradual_headache_onset") is Status.PRESENT
    assert found.get("recurrent_episodic_headache") is Status.PRESENT
    assert "thunderclap_headache" not in flags(assess(note))


def test_worst_headache_in_a_second_is_still_a_thunderclap(assess) -> None:
    result = assess("Worst headache ever, came on in a second while lifting weights an hour ago, I've had migraines before.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


def test_a_headache_at_its_worst_within_the_hour_is_not_gradual(statuses) -> None:
    assert statuses("Terrible headache, at its worst within the hour.").get("gradual_headache_onset") is not Status.PRESENT


# ---------------------------------------------------------------- migraines since youth are no new headache after 50
@pytest.mark.parametrize(
    "note",
    [
        "I'm 63, I've had migraines since I was a kid. Still get them, one side, throbbing, last a day, using my "
        "triptan 8 days a month.",
        "Age 57. Migraine since my teens, no different now, throbbing with sickness, lasts a day, 3 times a week now.",
    ],
)
def test_lifelong_migraine_after_50_is_no_new_headache(assess, note: str) -> None:
    assert level(assess(note)) in {"routine", "soon"}


def test_a_new_headache_after_50_is_still_urgent(assess) -> None:
    result = assess("I'm 63 and for the last 3 weeks I've had a new headache, throbbing, one side, never had them before.")
    assert at_least(result, "urgent")


def test_since_a_time_of_life_is_a_length() -> None:
    with_age = extract_values("I'm 58 and I've had these headaches since I was a teenager.")
    assert with_age.values["duration_days"] == pytest.approx((58 - 19) * 365.25)
    without_age = extract_values("Migraines since childhood, worse lately.")
    assert without_age.values["duration_days"] == pytest.approx(365.25)


def test_a_rate_is_no_length() -> None:
    values = extract_values("I use my spray 10 days a month now.")
    assert "duration_days" not in values.values


# ---------------------------------------------------------------- round 36 probe: more second-language cord words
@pytest.mark.parametrize(
    "note",
    [
        "I am 69 lady. Neck pain long time. Now my both hand numb, I cannot hold the pen properly and when I walk I "
        "feel I will fall.",
        "My father 73, his neck hurt years. Since summer he can't hold a fork well, both hand tingling, and he needs "
        "a stick now.",
    ],
)
def test_spoon_and_fall_in_second_language(assess, note: str) -> None:
    result = assess(note)
    assert "cervical_myelopathy" in flags(result)
    assert at_least(result, "urgent")


def test_a_sore_wrist_and_an_old_stick_are_no_cord_signs(statuses) -> None:
    found = statuses(
        "Neck ache 2 years. I can't hold a cup properly because my wrist is sore since the fall, and I've used a "
        "stick for my knee for years."
    )
    assert found.get("myelopathic_hands") is not Status.PRESENT
    assert found.get("walking_declining") is not Status.PRESENT


def test_something_serious_like_cancer_is_a_question(assess) -> None:
    result = assess(
        "I'm 50, lower back sore for a week after moving house, eases when I move. Could it be something nasty like "
        "a tumour? Is this cancer?"
    )
    assert "spinal_malignancy" not in flags(result)


def test_walk_like_mi_drunk_is_unsteady(statuses) -> None:
    assert statuses("Neck bad fi years. Mi walk like mi drunk now.").get("gait_imbalance") is Status.PRESENT
    assert statuses("Neck bad for years. I walk like I did at 20, no problem.").get("gait_imbalance") is not Status.PRESENT


def test_worst_ever_building_over_an_hour_without_recurrent_attacks_keeps_the_flag(assess) -> None:
    result = assess("Headache worst of my life yesterday, it built up over about an hour, I'm 35.")
    assert "thunderclap_headache" in flags(result)
