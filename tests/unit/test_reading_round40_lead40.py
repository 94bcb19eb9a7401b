"""Round 40 (lead40): the held-out round's misses and the lead's probes, fixed as patterns in our own words.

- a deficit dated from an operation of a named year ("foot drop since the 2015 surgery") or matched against a
  number of earlier letters ("3/5, same as the last four clinic letters"): settled, not progressive;
- "today" in "on today's exam", "at today's review": the visit's day, not the pain's onset;
- an illness sign told ended in plain or second-language English ("now fever is finished", "the fever was over by
  Sunday"), and a fever told in a sentence dated a week or more back that the note later says has ended or denies
  (with the shivers and the temperature of that sentence): a past illness, no spinal infection flag; a fever of days
  ago, or one still there, keeps the flag;
- cannot get up out of a chair, off the sofa or the floor (not a bed; not for the first few minutes):
  an inability to stand, seen the same day when new;
- a jump as a suicide method only from a height (bridge, roof, car park) or thought about, wanted or meant ("jumping
  off the sofa" was a suicide-risk emergency, found by fix40g);
- a cancer spread to a named bone ("spread to his pelvis", "to the top of his thigh bone"): bone metastasis, so cancer
  pain leads.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import at_least, flags, level, present, ranked

YEARS_AGO = dt.date.today().year - 10

# ---------------------------------------------------------------- a deficit settled for years


@pytest.mark.parametrize(
    "text",
    [
        f"Follow-up. 57F. Two lumbar operations. Has had a partial L foot drop since the {YEARS_AGO} surgery - wears an "
        "AFO; on today's exam ankle dorsiflexion 3/5 on the L, same as the last four clinic letters. Ongoing burning "
        "pain L buttock and leg, plus axial back ache.",
        f"Review. Right foot drop since his {YEARS_AGO} fusion, EHL 2/5, same as the previous three clinic visits. "
        "Back and right leg pain unchanged.",
        "Clinic letter. Left ankle dorsiflexion 4/5, same as the last two letters. Chronic sciatica after a "
        "discectomy years ago.",
    ],
)
def test_a_deficit_dated_from_an_old_operation_or_matched_to_earlier_letters_is_settled(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) in ("routine", "soon")


def test_a_new_foot_drop_is_still_a_progressive_deficit(assess) -> None:
    result = assess("Back pain and left leg pain. New left foot drop since yesterday; on today's exam ankle "
                    "dorsiflexion 3/5 on the left.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- today's examination


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for years. On today's exam ankle dorsiflexion 3/5 on the left.",
        "Chronic neck pain. At today's review grip is weaker on the right.",
        "Knee pain. Today's clinic findings: effusion, crepitus.",
    ],
)
def test_todays_examination_does_not_date_the_pain(statuses, text: str) -> None:
    assert "duration_under_6_weeks" not in {k for k, v in statuses(text).items() if v.value == "present"}


def test_a_pain_that_started_today_is_still_of_hours(statuses) -> None:
    found = statuses("Back pain started today after lifting; on today's exam tender at L4.")
    assert found["duration_under_6_weeks"].value == "present"


# ---------------------------------------------------------------- a fever that has ended


@pytest.mark.parametrize(
    "text",
    [
        "Good evening. I am 29 years old, man. Last week all my family have flu, me also, fever 39 for three days with "
        "big cough. Now fever is finished since 5 days, i check with thermometer every morning is normal. But from so "
        "much cough my back is hurting in the lower part, both sides of muscle, when i cough or turn in bed is sharp.",
        "Low back pain. Two weeks ago I had a fever with shivers for a few days. The fever has gone now. The back "
        "pain is getting worse.",
        "Sore lower back since a bad chest infection. A couple of weeks ago temp 38.8 and rigors. No fever now, "
        "just the back.",
        "Back pain for a week. I had a fever with the flu, it was over by the weekend.",
    ],
)
def test_a_fever_the_note_says_has_ended_is_no_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert level(result) in ("routine", "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain. Two weeks ago I had a fever and it is still there most nights. The fever went away for a day.",
        "Back pain 10 days. Fever last week, still 38.5 today. The fever from last month settled.",
        "Back pain 4 days. I had a fever 2 days ago. No fever today.",
        "Back pain. Last week temp 38.9 with shivers. No fever now but I still get the shivers at night.",
        "Back pain for a week with fevers; the fever is not over.",
    ],
)
def test_a_fever_still_there_or_of_days_ago_keeps_the_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


def test_over_the_spine_is_a_place_not_an_end(assess) -> None:
    result = assess("Fever 38.6 since yesterday and pain over the spine, tender over T10.")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- cancer spread to a named bone


@pytest.mark.parametrize(
    "text",
    [
        "My husband (69) has lung cancer which has spread to his pelvis and the top of his right thigh bone. The pain "
        "in his right hip and groin has crept back over the last fortnight, deep gnawing ache all the time. He's on "
        "morphine slow tablets 30 mg twice a day.",
        "Prostate cancer that has spread to his hips. Deep ache in both hips, worse at night, for 3 weeks.",
        "Breast cancer, now it has spread to the ribs. Aching right side of the chest for a month.",
    ],
)
def test_a_cancer_spread_to_a_named_bone_is_bone_metastasis(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "metastatic_disease")
    assert ranked(result)[0] == "cancer_pain"


def test_a_pain_spread_to_the_hips_is_no_metastasis(assess) -> None:
    result = assess("Low back pain for a year which has spread to my hips. No cancer history.")
    assert not present(result, "metastatic_disease")


# ---------------------------------------------------------------- cannot get up out of a chair after a fall


@pytest.mark.parametrize(
    "text",
    [
        "Phoned by carer: Mr Jones (77) on warfarin, fell yesterday, now says his back is killing him and he can't get "
        "out of his chair.",
        "My mum slipped in the kitchen on Sunday, her back is very sore and she cannot get up off the sofa without us "
        "lifting her.",
        "Fell at home last night and couldn't get up off the floor for 3 hours, now my hip hurts.",
    ],
)
def test_cannot_get_up_from_a_chair_or_the_floor_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "unable_to_walk")
    assert at_least(result, "urgent")


def test_a_chair_left_slowly_for_a_few_minutes_is_stiffness_not_an_inability_to_stand(assess) -> None:
    result = assess("Low back pain for 6 years. I can't get out of my chair for the first few minutes after sitting, "
                    "then I'm fine.")
    assert not present(result, "unable_to_walk")
    assert level(result) == "routine"


# ---------------------------------------------------------------- a jump is a method only from a height or in thought


@pytest.mark.parametrize(
    "text",
    [
        "Ankle pain since she hurt it jumping off the sofa yesterday.",
        "I jump off the trampoline with the kids and my knee hurts.",
        "He jumped off the garage roof as a teenager and broke his heel. Now heel pain.",
    ],
)
def test_a_jump_in_play_or_an_old_accident_is_no_suicide_method(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I keep thinking about jumping off the bridge. Back pain for years.",
        "Sometimes I feel like jumping off the top of the car park. Back pain.",
        "Some days I want to jump off something high. Fibromyalgia for ten years.",
        "I've been thinking about jumping off. Chronic neck pain.",
    ],
)
def test_a_jump_from_a_height_or_thought_about_is_a_method(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_method")
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"
