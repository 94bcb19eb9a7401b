"""Round 38 (gaps38): known reading gaps as patterns, in our own words.

- a pain told as having become much (far, a lot) worse is escalating pain (urgent, practice description);
- "since last <weekday>" sets a duration of days (up to thirteen), and the false vascular emergency that reading
  once opened is closed at its causes: "I don't feel faint" denies feeling faint, and the aneurysm screening
  programme named is no known aneurysm;
- a fear of cancer told at a sentence's start without quote marks ("Scared it might be cancer") is no cancer history.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present


@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain for a fortnight and over the last three days it has become a lot worse.",
        "My neck has been sore for ten days; the pain had gotten far worse by this morning.",
    ],
)
def test_pain_that_has_become_much_worse_is_escalating(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "escalating_pain")
    assert at_least(result, "urgent")


def test_pain_that_becomes_worse_on_a_movement_is_no_course(assess) -> None:
    result = assess("Lower back pain for a fortnight, it becomes a lot worse whenever I bend to tie my shoes.")
    assert not present(result, "escalating_pain")
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "My lower back has ached since last Thursday after moving furniture.",
        "Tingling in both hands since last Monday.",
    ],
)
def test_since_last_weekday_sets_days(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "duration_under_6_weeks")
    assert not present(result, "duration_over_3_months")


def test_since_last_week_sets_no_weekday(assess) -> None:
    assert not present(assess("Neck ache since last winter."), "duration_under_6_weeks")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain after gardening. I do not feel faint and have no tummy pain.",
        "She doesn't feel light-headed at all; sore lower back from lifting.",
    ],
)
def test_a_denied_faintness_is_absent(assess, text: str) -> None:
    assert not present(assess(text), "presyncope")


def test_faintness_told_is_present(assess) -> None:
    assert present(assess("Sore lower back and I felt faint when I stood up this morning."), "presyncope")


@pytest.mark.parametrize(
    "text",
    [
        "69M, lower back ache for 10 days after digging. He went to the AAA screening in 2023 and was told his aorta "
        "is a normal size.",
        "Back pain for a week since lifting a suitcase. My aortic aneurysm screen last spring was clear, I'm 68.",
    ],
)
def test_the_aneurysm_screening_programme_is_no_aneurysm(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "known_aneurysm")
    assert "vascular_emergency" not in flags(result)


def test_an_aneurysm_found_on_screening_stays_known(assess) -> None:
    result = assess("Back pain for a week. The AAA screening scan last year showed a 5 cm aneurysm.")
    assert present(result, "known_aneurysm")
    assert "vascular_emergency" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain for three weeks after a house move. Scared that it might be cancer.",
        "Neck ache for a fortnight. Frightened this is a tumour.",
    ],
)
def test_a_fear_of_cancer_at_a_sentence_start_is_no_history(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "cancer_history")
    assert "spinal_malignancy" not in flags(result)


def test_a_cancer_told_beside_the_fear_stays_a_history(assess) -> None:
    result = assess("Lower back pain for three weeks. Scared because my bowel cancer was treated two years ago.")
    assert present(result, "cancer_history")
    assert "spinal_malignancy" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Throbbing headache since yesterday evening, my daughter is only 12 days old.",
        "Aching low back for a week; our little boy is two weeks old now.",
    ],
)
def test_a_newborn_age_told_by_the_writer_is_a_recent_birth(assess, text: str) -> None:
    assert present(assess(text), "recent_birth")


def test_an_older_child_age_is_no_recent_birth(assess) -> None:
    result = assess("Throbbing headache since yesterday evening, my daughter is 12 years old.")
    assert not present(result, "recent_birth")
    assert not present(result, "pregnancy_postpartum")


@pytest.mark.parametrize(
    "text",
    [
        "As a student I often wished I was dead, not now though. Lower back ache for two months.",
        "In 2012 I wanted to die, but not these days. Neck pain for four months.",
    ],
)
def test_a_dated_past_death_wish_denied_now_is_lifetime_history(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "past_suicidal_ideation")
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "A couple of days ago I wished I was dead, not now. Lower back ache for two months.",
        "In 2012 I wanted to die, not now but lately it has come back. Neck pain for four months.",
    ],
)
def test_a_recent_or_returning_death_wish_stays_flagged(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"
