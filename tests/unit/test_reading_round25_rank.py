"""Reading, round 25, the ranking half: occipital neuralgia's own features in shorthand and lay words, the weeks
since an operation in clinicians' shorthand, a shoulder pain that spreads only to the upper arm, a perineal pain
"between the legs" that is worse the longer one sits, a neuropathy told as feet "to mid-calf" with a sensory level,
and "today" that dates a request rather than the pain. Each pattern in our own words, with twins that must not
change. The reviewers' notes are held out: none of their text is here."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import ranked

# ------------------------------------------------------------------------ occipital neuralgia (ICHD-3 13.4)


@pytest.mark.parametrize(
    "text",
    [
        "41M, stabbing jolts from the nape over the left side of the scalp, each lasting a few secs, dozens a day for "
        "6 weeks. Combing hair triggers the jabs. Pressure over the left occipital notch reproduces the pain.",
        "Since a fall onto the ice in January, shooting pains up the back of my head on the right, they last 2-3 "
        "seconds. Washing hair sets it off. The GP found pressing on the base of my skull brings it on.",
    ],
)
def test_occipital_neuralgia_features_in_shorthand_lead(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("paroxysmal_attacks") is Status.PRESENT
    assert found.get("occipital_touch_trigger") is Status.PRESENT
    assert found.get("occipital_nerve_tenderness") is Status.PRESENT
    assert found.get("trigger_point") is not Status.PRESENT
    assert ranked(assess(text))[0] == "occipital_neuralgia"


def test_pressure_on_a_muscle_knot_is_still_a_trigger_point(statuses) -> None:
    found = statuses(
        "Ache across the top of the right shoulder for 4 months; pressing on the upper trapezius reproduces it. "
        "Brushing hair is fine."
    )
    assert found.get("trigger_point") is Status.PRESENT
    assert found.get("occipital_nerve_tenderness") is not Status.PRESENT
    assert found.get("occipital_touch_trigger") is not Status.PRESENT


# ------------------------------------------------------------------------ weeks since the operation, in shorthand


@pytest.mark.parametrize(
    "text",
    [
        "Clinic review 4/52 post L5/S1 microdiscectomy. Residual ache in the left buttock and some numb patch on the "
        "outer foot, improving. Wound clean, apyrexial.",
        "Phone call 3/52 post-op right L4/5 decompression: back stiff in the evenings, leg tingling settling. "
        "Afebrile, wound dry, walking a mile.",
    ],
)
def test_weeks_after_spine_surgery_in_shorthand_is_recent_post_operative_pain(assess, statuses, text: str) -> None:
    assert statuses(text).get("recent_surgery") is Status.PRESENT
    order = ranked(assess(text))
    assert order[0] == "postoperative_pain"


@pytest.mark.parametrize(
    "text",
    [
        # months after the operation: persistent spinal pain after surgery
        "Review 8/12 post L4/5 fusion: back and right leg pain never settled, same as before the operation.",
        # weeks after a fall is no operation
        "6/52 post fall from a ladder, low back pain, no leg symptoms.",
    ],
)
def test_months_after_surgery_or_weeks_after_a_fall_is_not_recent_surgery(statuses, text: str) -> None:
    assert statuses(text).get("recent_surgery") is not Status.PRESENT


def test_months_after_spine_surgery_in_shorthand_ranks_persistent_pain_first(assess, statuses) -> None:
    text = "Review 8/12 post L4/5 fusion: back and right leg pain never settled, same as before the operation."
    assert statuses(text).get("surgery_months_ago") is Status.PRESENT
    assert ranked(assess(text))[0] == "persistent_spinal_pain_after_surgery"


# ------------------------------------------------------------------------ a shoulder pain that reaches the upper arm


@pytest.mark.parametrize(
    "text",
    [
        "Plasterer, 49. Left shoulder aching for 10 weeks, spreads down to the side of my upper arm. It catches "
        "when I lift the arm about halfway out sideways and is better once it's right up. Lying on it at night hurts.",
        "58F, R shoulder pain 4 months radiating to the lateral upper arm, painful midway through abduction, "
        "easier at the top. Neck a little stiff.",
    ],
)
def test_pain_to_the_upper_arm_with_a_painful_arc_is_the_shoulder(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("arm_radiating_pain") is not Status.PRESENT
    assert found.get("painful_arc") is Status.PRESENT
    assert ranked(assess(text))[0] == "shoulder_subacromial_pain"


def test_neck_pain_shooting_into_the_forearm_is_still_arm_radiation(assess, statuses) -> None:
    text = "Neck pain for 5 weeks shooting down into my right forearm and thumb, with pins and needles."
    assert statuses(text).get("arm_radiating_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "cervical_radiculopathy"


# ------------------------------------------------------------------------ a perineal pain told by sitting


@pytest.mark.parametrize(
    "text",
    [
        "Man, 39, a rower. For 8 months an aching, burning soreness right between my legs; it's worse the longer I "
        "sit at my desk and standing eases it. Strangely the toilet seat is comfortable. No numbness, bladder fine.",
        "She is 47. Stinging pain, hard to describe, between her legs for a year. The longer she sits the worse it "
        "gets; sitting on the loo is fine. Sensation normal, bowels normal.",
    ],
)
def test_pain_between_the_legs_worse_the_longer_one_sits_is_pelvic(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("pelvic_perineal_pain") is Status.PRESENT
    assert found.get("worse_sitting") is Status.PRESENT
    assert found.get("relieved_standing") is Status.PRESENT
    assert ranked(assess(text))[0] == "chronic_pelvic_pain"


def test_a_pillow_between_the_legs_is_no_perineal_pain(statuses) -> None:
    found = statuses("Right hip pain at night for 3 months; I sleep with a pillow between my legs. The longer I sit "
                     "the better it feels.")
    assert found.get("pelvic_perineal_pain") is not Status.PRESENT
    assert found.get("worse_sitting") is not Status.PRESENT


# ------------------------------------------------------------------------ a length-dependent neuropathy's extent


@pytest.mark.parametrize(
    "text",
    [
        "66F, type 2 diabetes. Burning, tingling feet up to the ankles for a year, worse at night; ankle reflexes "
        "absent, pinprick to mid-calf.",
        "Retired welder, 70. Prickling, electric feet to mid calf for 2 years; vibration sense to the knees lost, "
        "ankle jerks absent. NCS: axonal polyneuropathy.",
    ],
)
def test_feet_up_to_a_level_is_a_stocking_not_sciatica(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("stocking_distribution") is Status.PRESENT
    assert found.get("radicular_leg_pain") is not Status.PRESENT
    assert found.get("knee_pain") is not Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "peripheral_neuropathy"
    assert result["triage"]["level"] == "routine"


def test_pain_shooting_from_the_buttock_to_the_calf_is_still_radicular(statuses) -> None:
    found = statuses("Electric pain shooting from my left buttock to the calf for 3 weeks after lifting a sofa.")
    assert found.get("radicular_leg_pain") is Status.PRESENT
    assert found.get("stocking_distribution") is not Status.PRESENT


# ------------------------------------------------------------------------ "today" that dates the request


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain since a lumbar fusion years ago, on tramadol. Today he requests a stronger painkiller as the "
        "pain is 8/10.",
        "Chronic neck and back pain, seen by many teams. She asks today about a nerve ablation for the aching neck.",
    ],
)
def test_a_request_made_today_is_no_duration(statuses, text: str) -> None:
    assert statuses(text).get("duration_under_6_weeks") is not Status.PRESENT


def test_pain_that_started_today_still_dates_the_pain(statuses) -> None:
    found = statuses("Back pain started today after lifting a box; asks for a sick note.")
    assert found.get("duration_under_6_weeks") is Status.PRESENT
