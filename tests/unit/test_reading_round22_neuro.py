"""Neurology, round 22 (issue 10): a deficit told as a comparison over time (grades, reflexes, an arm's everyday
functions in lay words), one weak hand from a nerve root against true myelopathy, and weakness held back by pain in a
painful shoulder. Every note is in our own words; each pattern has twins that must not fire."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked

DEFICIT = "progressive_neurologic_deficit"
MYELOPATHY = "cervical_myelopathy"
URGENT = {"urgent", "emergency"}


# ---------------------------------------------------------------- 1. a deficit worse than at an earlier examination


@pytest.mark.parametrize(
    "text",
    [
        "Right C6 radiculopathy. Biceps 5-/5 a fortnight ago; today biceps 3+/5.",
        "Follow-up physio note. Left L5 radiculopathy. At the first visit EHL was 4+/5; on review this week EHL 4-/5.",
        "Seen 10 days ago: power 5/5 throughout, knee jerks present. Today: quadriceps 4/5 on the right.",
        "EHL 5/5 at intake, down to 4/5 now. Sciatica on the left for a month.",
        "Wrist extensors were 5/5 previously and are 4/5 at this appointment, with arm pain from the neck.",
        "Neck and arm pain. At the first assessment elbow extension 5-/5; on re-examination today the elbow "
        "extensors are 4-/5.",
    ],
)
def test_a_grade_lower_than_at_an_earlier_examination_is_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert DEFICIT in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        "L S1 radiculopathy. Three weeks ago the ankle jerk was reduced on the left; today the ankle jerk is absent.",
        "Right arm pain from the neck. Previous review: triceps reflex present. Today: triceps reflex absent.",
    ],
)
def test_a_reflex_lost_since_an_earlier_examination_is_a_progressive_deficit(assess, statuses, text: str) -> None:
    assert statuses(text).get("reflex_worse_on_exam") is Status.PRESENT
    assert DEFICIT in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the twins: better or the same today, or two muscles that are not compared
        "Left C6 radiculopathy. Biceps 4-/5 a month ago, today 4+/5 and getting stronger with physio.",
        "Right L5 radiculopathy for 9 months. EHL 4/5 at the previous review and 4/5 today, unchanged.",
        "Sciatica on the left. Ankle jerk absent a month ago; today the ankle jerk is reduced, recovering.",
        "Right arm pain for two months. Wrist extension 5/5 last month; today wrist flexion 4/5 and wrist extensors "
        "5/5.",
        "Right L5 radiculopathy. At the first visit EHL 4/5; today EHL 5/5 and hip abduction 5/5.",
    ],
)
def test_a_grade_or_reflex_better_or_unchanged_is_no_progressive_deficit(assess, text: str) -> None:
    assert DEFICIT not in flags(assess(text))


def test_an_earlier_grade_beside_todays_is_not_the_muscle_now(assess) -> None:
    # "3/5 at presentation" was the worst; today's 5/5 says how weak the muscle is now (no MRC <= 3 deficit)
    text = "L5 radiculopathy after a disc prolapse in the summer. Tibialis anterior 3/5 at presentation, now 5/5."
    result = assess(text)
    assert DEFICIT not in flags(result)
    assert result["patient"]["values"]["motor_grade_min"] == 5


# ---------------------------------------------------------------- 1b. an arm getting weaker, in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Pain from my neck into my left arm for five weeks and the arm has got weaker and weaker.",
        "My right hand has gone weaker since the neck pain started, and this week I couldn't lift the kettle with it.",
        "Writing for my wife, 61, neck pain and her right hand: now she can't hold a mug of tea in it.",
        "Since my neck went I am no longer able to open a jar with my left hand.",
    ],
)
def test_an_arm_getting_weaker_in_lay_words_is_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert DEFICIT in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # the twins: stronger, a comparison with the other side, pain stopping the lift
        "Neck and left arm pain for two months; the arm has got stronger and I can lift the kettle with it again.",
        "Pain down my right arm from the neck for six weeks. The right arm feels weaker than the left when I'm tired.",
        "My right shoulder aches; I can't lift the kettle with my right hand because it hurts too much.",
    ],
)
def test_a_stronger_arm_or_pain_stopping_a_lift_is_no_progressive_deficit(assess, text: str) -> None:
    assert DEFICIT not in flags(assess(text))


# ---------------------------------------------------------------- 2. one weak hand: the root's or the cord's


@pytest.mark.parametrize(
    "text",
    [
        "Neck pain into the left forearm and thumb for a month. Drops cups from the weak left hand. Biceps 4/5 on "
        "the left, supinator jerk reduced, numb thumb. Hoffmann's negative, plantars flexor, gait normal, buttons "
        "fine.",
        "54M, neck and R arm pain, C7 pattern: triceps 4/5, triceps jerk absent, numb middle finger; dropping things from the R "
        "hand. No Hoffmann, tandem walk normal, handwriting normal.",
    ],
)
def test_one_weak_hand_in_a_root_pattern_with_a_negative_myelopathy_screen_is_radicular(assess, text: str) -> None:
    result = assess(text)
    assert MYELOPATHY not in flags(result)
    assert ranked(result)[0] == "cervical_radiculopathy"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a cord sign, a gait change, or no screen at all keep the myelopathy flag (safety first)
        "Neck pain. Drops cups from the weak left hand, biceps 4/5 L, numb thumb. Hoffmann's positive on the left, "
        "gait normal, buttons fine.",
        "Neck pain into the right thumb. Dropping things from the right hand, biceps 4/5 R. Walking has become "
        "unsteady. Plantars downgoing, buttons fine.",
        "Neck pain for months and he keeps dropping things from his right hand.",
    ],
)
def test_one_clumsy_hand_with_a_cord_sign_or_without_a_screen_stays_myelopathy(assess, text: str) -> None:
    assert MYELOPATHY in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "My husband is 72 and his neck is always stiff. He fumbles with his shirt buttons with both hands, drops his "
        "cup and walks like he's had a few drinks.",
        "I'm 70 with an achy neck, and both my hands have got clumsy, I drop the cutlery, and my balance is off so I "
        "walk with my feet wide apart.",
        "71 yo man, sore neck. Now both hands clumsy, keeps dropping his keys, legs feel stiff and heavy and he walks "
        "like he is drunk.",
    ],
)
def test_a_lay_clumsy_hands_story_is_myelopathy_and_ranks_the_cervical_spine(assess, text: str) -> None:
    result = assess(text)
    assert MYELOPATHY in flags(result)
    assert result["triage"]["level"] in URGENT
    top = ranked(result)[:3]
    assert top[0].startswith("cervical_")
    assert "lumbar_radiculopathy" not in top


def test_hands_that_drop_things_are_not_painful_hands(statuses) -> None:
    # "drops things with both hands" names the hands without pain: no hand pain (which drifted to fibromyalgia)
    found = statuses("Neck ache for a year. He keeps dropping things with both hands and his gait is unsteady.")
    assert found.get("myelopathic_hands") is Status.PRESENT
    assert found.get("hand_pain") is not Status.PRESENT
    assert statuses("Neck pain, and pain in both hands when he grips.").get("hand_pain") is Status.PRESENT


# ---------------------------------------------------------------- 3. weakness held back by pain in a painful shoulder


@pytest.mark.parametrize(
    "text",
    [
        "52F, left shoulder pain for 3 months, worse overhead. Painful arc 70-120, Hawkins positive, Jobe painful. "
        "Strength 5-/5 in abduction. No neck pain, sensation normal.",
        "My right shoulder has ached for two months and it's weak because it hurts when I lift the arm out sideways, "
        "and I can't sleep on it.",
        "R shoulder pain 8 wks. Positive painful arc and Neer. Abduction 4+/5 secondary to pain. Reflexes normal.",
        # the neck named and cleared by the examiner
        "Shoulder pain for 4 months; he asked if it was his neck. Neck movements full, Spurling's negative, no "
        "paraesthesia. Painful arc, Hawkins positive, supraspinatus 5-/5.",
    ],
)
def test_pain_inhibited_weakness_in_a_painful_cuff_does_not_raise_triage(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] in {"routine", "soon"}
    assert ranked(result)[0] == "shoulder_subacromial_pain"
    assert DEFICIT not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a grade below 4, a root sign, neck pain or an injury keep the weakness a deficit (safety first)
        "Left shoulder pain for 2 months. Painful arc, Hawkins positive. Deltoid 3+/5 and the arm feels heavy.",
        "Right shoulder pain 6 weeks, painful arc, Jobe painful. Strength 5-/5 abduction, biceps jerk reduced and "
        "numbness over the outer arm.",
        "Right shoulder and neck pain for 5 weeks. Painful arc. Strength 5-/5 in abduction.",
        "Fell onto the left shoulder 3 weeks ago. Painful arc, Hawkins positive, abduction 4/5.",
    ],
)
def test_true_weakness_in_a_shoulder_story_keeps_its_urgency(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] in URGENT
