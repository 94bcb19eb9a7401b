"""Round 37 (lead37, the lead's probe on main 9c2c57a, kb 2026.12.134), each a pattern with two new wordings and a
negative twin.

1. a pulsing lump whose place is not told, with back or belly pain over 50: a possible aortic aneurysm (emergency);
2. a replaced joint that still hurts is pain after surgery, not the spine's priors (IASP ICD-11 chronic post-surgical
   pain);
3. "I wonder what the point is" is hopelessness (suicide risk screened the same day);
4. "worse in the thumb and first fingers" says where a symptom is worst, not that it is getting worse (a carpal
   tunnel numbness was a progressive deficit, urgent);
5. a back complained of or moaned about is a back pain (an 84-year-old's fall on steroids raised no fracture flag);
6. a joint that "swelled up overnight" and is hot is an acutely hot swollen joint (same day: septic arthritis, BSR 2006);
7. a relative's wrist, chest or jaw opening the note makes it a relative's note, not family history;
8. a chest that hurts on breathing, with sweating at 70, is a chest pain for the NICE CG95 rule (emergency);
9. after the held-out round (a giant cell arteritis missed, routine): "72 years female" is an age, not a 72-year
   duration; "her jaws are paining" while eating is jaw claudication; "blurring in the right eye" is a visual symptom.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked


# ---------------------------------------------------------------- 1. a pulsing lump, its place not told
@pytest.mark.parametrize(
    "text",
    [
        "Back ache and a pain in the stomach since yesterday, I am 69, the nurse said she could feel a pulsating lump.",
        "Man of 74 with central low back pain for two days; on examination an expansile mass. Ex-smoker.",
    ],
)
def test_a_pulsing_lump_with_back_or_belly_pain_over_50_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm 61 with low back pain for a month, and there is a throbbing lump on my thumb where I cut it.",
        "Low back pain for two weeks at 58; a pulsing swelling in my groin since the angiogram.",
        "I'm 30, back ache for a week, and I could feel a pulsating lump above my belly button when I lie flat.",
    ],
)
def test_no_aneurysm_from_a_lump_placed_elsewhere_or_under_50(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_pulsing_lump" not in result["triage"]["rules"]


# ---------------------------------------------------------------- 2. a replaced joint that still hurts
@pytest.mark.parametrize(
    "text",
    [
        "Left knee replacement 14 months ago, it is still very painful going down stairs, x-rays satisfactory.",
        "Since my new hip went in last spring it has never stopped hurting, worse getting out of the car. I'm 70.",
        "Persistent pain in her replaced knee since the operation 8 months ago; wound healed, no fever.",
    ],
)
def test_a_replaced_joint_that_still_hurts_leads_with_pain_after_surgery(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "replaced_joint_still_painful")
    assert ranked(result)[0] == "postoperative_pain"


@pytest.mark.parametrize(
    "text",
    [
        "Knee replacement 6 years ago and it is still pain-free; now low back pain for 3 weeks after digging.",
        "Her hip replacement remains fine. Sore neck for a fortnight after a long drive.",
    ],
)
def test_a_replaced_joint_told_pain_free_is_not_a_still_painful_one(assess, text: str) -> None:
    assert not present(assess(text), "replaced_joint_still_painful")


# ---------------------------------------------------------------- 3. hopelessness in ordinary words
@pytest.mark.parametrize(
    "text",
    [
        "Some nights I lie awake and wonder what the point is. The back pain has gone on for two years.",
        "I keep wondering what's the point, the fibro pain is everywhere and nothing works.",
    ],
)
def test_wondering_what_the_point_is_is_hopelessness(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "hopelessness")
    assert "suicide_risk" in flags(result)


def test_a_purpose_asked_of_a_treatment_is_not_hopelessness(assess) -> None:
    result = assess("I wonder what the point of the physio exercises is, my knee still aches on the stairs. 66.")
    assert not present(result, "hopelessness")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- 4. "worse in" a place is where, not a course
@pytest.mark.parametrize(
    "text",
    [
        "Numbness and pins and needles in my right hand at night, worse in the thumb and index finger, I shake it out. 41.",
        "Tingling in both hands for three months, worse on the left, worse in the mornings, typing all day. 36.",
    ],
)
def test_worse_in_a_place_or_a_time_of_day_is_not_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert not present(result, "spreading_numbness")


@pytest.mark.parametrize(
    "text",
    [
        "Numbness in my left foot, worse in the last week and now spreading up my shin. 48.",
        "My hands are numb and it is getting worse in both hands every day, I keep dropping cups. 63.",
    ],
)
def test_numbness_getting_worse_is_still_a_progressive_deficit(assess, text: str) -> None:
    assert flags(assess(text)) & {"progressive_neurologic_deficit", "cervical_myelopathy"}


# ---------------------------------------------------------------- 5. a back complained of
@pytest.mark.parametrize(
    "text",
    [
        "Dad is 88 and slipped off the step on Sunday, since then he's been complaining of his back and won't walk.",
        "She keeps moaning about her lower back since the fall yesterday; 79, on alendronate for osteoporosis.",
    ],
)
def test_a_back_complained_of_after_a_fall_in_old_age_raises_the_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert "vertebral_fracture" in flags(result)


def test_a_back_door_complained_about_is_not_a_back(assess) -> None:
    result = assess("She complained about the back door sticking all winter; her right knee aches on the stairs. 70.")
    assert not present(result, "low_back_pain")


# ---------------------------------------------------------------- 6. a joint that swelled up, hot
@pytest.mark.parametrize(
    "text",
    [
        "My left knee swelled up last night and now it's hot and I can hardly bend it. I'm 74.",
        "My mum's wrist has blown up since yesterday, it is warm and red and she won't let anyone touch it. She's 81.",
    ],
)
def test_a_joint_that_swelled_up_and_is_hot_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert "acute_hot_swollen_joint" in result["triage"]["rules"]
    assert at_least(result, "urgent")


def test_a_joint_that_swelled_up_without_heat_is_not_a_hot_joint(assess) -> None:
    result = assess("My knee swelled up a little after the long walk on Sunday, no heat or redness. Aged 66.")
    assert "acute_hot_swollen_joint" not in result["triage"]["rules"]


# ---------------------------------------------------------------- 7. a relative's part of the body opening the note
@pytest.mark.parametrize(
    "text",
    [
        "My dad's ankle swelled up overnight and it's hot and red, he's 77 and can't put his foot down.",
        "My husband's elbow has been hot and swollen since yesterday, he is 69.",
    ],
)
def test_a_relatives_joint_opening_the_note_is_the_patients(assess, text: str) -> None:
    assert "acute_hot_swollen_joint" in assess(text)["triage"]["rules"]


def test_a_relatives_old_arthritis_beside_the_writers_own_pain_stays_family_history(assess) -> None:
    result = assess("My dad's knees are bad, he has arthritis. I have had low back pain for a week after gardening, I'm 40.")
    assert ranked(result)[0] == "nonspecific_low_back_pain"


# ---------------------------------------------------------------- 8. a chest that hurts on breathing, with sweating
@pytest.mark.parametrize(
    "text",
    [
        "My chest hurts when I take a breath and I've come out in a cold sweat, I'm 72.",
        "His chest has been aching since lunch and he's clammy and grey, he is 66 and a smoker.",
    ],
)
def test_a_chest_that_hurts_with_sweating_in_an_older_adult_is_an_emergency(assess, text: str) -> None:
    assert level(assess(text)) == "emergency"


def test_a_chest_that_hurts_on_coughing_with_a_cold_at_30_is_not(assess) -> None:
    assert level(assess("My chest hurts when I cough, I have had a cold all week, I'm 30.")) != "emergency"


# ---------------------------------------------------------------- 9. the age before the sex; jaws; blurring in an eye
@pytest.mark.parametrize(
    ("text", "age_finding"),
    [
        ("Kindly see Mr. Suresh Nair, 58 yrs male, low back pain for two weeks after lifting a gas cylinder.", "age_over_50"),
        ("Patient: 34 years female, neck pain for 5 days after a long bus journey.", "age_under_50"),
    ],
)
def test_the_age_then_the_sex_is_an_age_not_a_duration(assess, text: str, age_finding: str) -> None:
    result = assess(text)
    assert present(result, age_finding)
    assert present(result, "duration_under_6_weeks")


@pytest.mark.parametrize(
    "text", ["Low back pain for 10 years, male, 40.", "LBP 3 yrs male, 45, worse bending.", "Back pain 3 years, man of 40."]
)
def test_years_of_pain_before_the_sex_stay_a_duration(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "duration_over_3_months")
    ages = [f["text"] for f in result["findings"] if f["id"] == "age_under_50"]
    assert ages and not any(word in ages[0] for word in ("yrs", "years"))  # the age is the 40 or 45, not the years


@pytest.mark.parametrize(
    "text",
    [
        "Respected Sir, kindly evaluate Smt. Kamala, 76 years female, new headache since 2 weeks over the temples, "
        "while eating rice her jaws are paining and she stops, one day blurring in the left eye for some minutes.",
        "Mrs Iyer, 69 years female: headache she never had before, for a month, jaws ache on chewing, blurring of the "
        "right eye yesterday.",
    ],
)
def test_a_giant_cell_arteritis_told_in_indian_english_is_flagged(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert at_least(result, "urgent")


def test_jaws_fine_when_eating_is_no_jaw_claudication(assess) -> None:
    assert not present(assess("Her jaws are fine when eating; knee pain on the stairs for a year, aged 70."), "jaw_claudication")
