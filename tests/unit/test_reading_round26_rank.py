"""Reading, round 26, the ranking half in patients' own words: the patterns behind leading-diagnosis misses, each in
our own words with a twin that must go the other way. The reviewers' notes are held out: none of their text is here
or in the knowledge base."""

from __future__ import annotations

from painpath.domain.model import Status
from tests.conftest import flags, ranked

# --------------------------------------- a relative named after the writer's own symptom is family history


def test_own_zaps_then_a_mother_with_migraines_is_the_writers_own_complaint(assess, statuses) -> None:
    text = (
        "for about six weeks i get these zaps from the base of my skull on the left up to the crown, like an "
        "electric shock, a couple of seconds each. My mum has migraines and reckons that's what it is but I never "
        "feel sick with them."
    )
    found = statuses(text)
    assert found.get("stated_migraine") is not Status.PRESENT
    assert ranked(assess(text))[0] == "occipital_neuralgia"


def test_own_jolts_then_a_father_with_neck_arthritis_is_not_the_fathers_note(statuses) -> None:
    text = (
        "I've had jolts shooting up the back of my head since Easter, just a second or two each. "
        "My dad has migraines so he thinks I've inherited them."
    )
    assert statuses(text).get("stated_migraine") is not Status.PRESENT


def test_a_relative_written_about_stays_the_subject_when_the_writer_only_worries(assess) -> None:
    """The twin: the note is about the father; the writer's "I get so worried" is no complaint of the writer's."""
    result = assess(
        "My dad has had dreadful back pain since Monday and now he can't pee at all. I get so worried about him."
    )
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


# ---------------------------------- one limb sweating more than the other is sudomotor change, not the sweats


def test_a_hand_sweating_more_than_the_other_after_a_wrist_fracture_is_crps(assess, statuses) -> None:
    text = (
        "I fractured my wrist falling off a ladder and since the plaster came off the hand is puffy, sweats a lot "
        "more than the other one and I can't stand my sleeve brushing it. I've a bit of a stiff neck as well."
    )
    found = statuses(text)
    assert found.get("sudomotor_oedema") is Status.PRESENT
    assert found.get("chills_rigors") is not Status.PRESENT
    assert found.get("limb_injury_or_fracture") is Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "complex_regional_pain_syndrome"
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] in ("routine", "soon")


def test_a_foot_sweating_more_than_the_good_one_in_dialect_is_sudomotor(statuses) -> None:
    text = "Sprained me ankle at the football, out of plaster a month, and that foot's sweatin mair than the good one."
    found = statuses(text)
    assert found.get("sudomotor_oedema") is Status.PRESENT
    assert found.get("chills_rigors") is not Status.PRESENT
    assert found.get("limb_injury_or_fracture") is Status.PRESENT


def test_sweating_with_shivering_at_night_stays_the_sweats(assess, statuses) -> None:
    """The twin: sweats with a fever's shivering are the body's, and with neck pain they keep the infection flag."""
    text = "Neck has been agony for a week and I've been sweating more than the other lads at work and shivering at night."
    found = statuses(text)
    assert found.get("chills_rigors") is Status.PRESENT
    assert found.get("sudomotor_oedema") is not Status.PRESENT
    assert "spinal_infection" in flags(assess(text))


def test_a_sticking_plaster_on_a_finger_is_no_limb_injury(statuses) -> None:
    assert statuses("I put a plaster on a cut on my finger last week, it's a bit sore.").get(
        "limb_injury_or_fracture"
    ) is not Status.PRESENT


# ----------------------------- legs that go heavy on a walk, eased by leaning on something: neurogenic claudication


def test_legs_going_heavy_on_a_walk_eased_leaning_on_a_gate_is_stenosis(assess, statuses) -> None:
    text = "I'm 74. My legs go heavy and numb walking the dog, and when I lean on the garden gate for a minute it eases off."
    found = statuses(text)
    assert found.get("neurogenic_claudication") is Status.PRESENT
    assert found.get("flexion_relief") is Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "lumbar_spinal_stenosis"
    assert result["triage"]["level"] in ("routine", "soon")


def test_legs_turning_to_lead_eased_propped_on_a_trolley_is_stenosis(assess, statuses) -> None:
    text = "Both my legs turn to lead walking into town; propping myself on the trolley at the supermarket helps."
    found = statuses(text)
    assert found.get("neurogenic_claudication") is Status.PRESENT
    assert found.get("flexion_relief") is Status.PRESENT
    assert ranked(assess(text))[0] == "lumbar_spinal_stenosis"


def test_heavy_legs_after_sitting_and_leaning_that_hurts_are_no_claudication(statuses) -> None:
    """The twin: heaviness after sitting is not on walking, and leaning that makes it worse is no relief."""
    found = statuses("My legs go heavy after sitting at my desk all day and leaning on the counter makes my back worse.")
    assert found.get("neurogenic_claudication") is not Status.PRESENT
    assert found.get("flexion_relief") is not Status.PRESENT


# ------------------------------------ the back named, then "operations on it": previous spine surgery


def test_operations_on_it_after_the_back_is_previous_spine_surgery(assess, statuses) -> None:
    text = "My lower back has been the bane of my life. Had two operations on it and the leg still burns every night."
    assert statuses(text).get("prior_spine_surgery") is Status.PRESENT
    assert ranked(assess(text))[0] == "persistent_spinal_pain_after_surgery"


def test_an_operation_on_it_with_the_back_in_the_same_sentence_is_spine_surgery(assess, statuses) -> None:
    text = "The back is no better, they did an operation on it last year and now my left leg aches constantly."
    assert statuses(text).get("prior_spine_surgery") is Status.PRESENT
    assert ranked(assess(text))[0] == "persistent_spinal_pain_after_surgery"


def test_operations_on_the_knee_after_a_stiff_back_are_no_spine_surgery(statuses) -> None:
    """The twin: another body part between the back and "operations on it" owns the operations."""
    found = statuses("My back is stiff in the mornings and my knee has had two operations on it.")
    assert found.get("prior_spine_surgery") is not Status.PRESENT


# ------------------------------------------------- the back "went" while lifting: a lifting onset


def test_did_my_back_in_lifting_a_sack_is_a_lifting_onset(assess, statuses) -> None:
    text = "Did my back in lifting a sack of feed on Friday, now shooting pain down my right leg to the foot."
    assert statuses(text).get("lifting_trigger") is Status.PRESENT
    assert ranked(assess(text))[0] == "lumbar_radiculopathy"


def test_neck_gave_out_lifting_is_a_lifting_onset(statuses) -> None:
    assert statuses("My neck gave out lifting a bag of cement and my arm has tingled since.").get(
        "lifting_trigger"
    ) is Status.PRESENT


def test_a_stiff_back_and_lifting_a_leg_into_the_car_is_no_lifting_onset(statuses) -> None:
    """The twin: lifting one's own leg is a movement that is hard, not a load that set the back off."""
    found = statuses("My back went stiff over the winter, lifting my leg into the car is hard.")
    assert found.get("lifting_trigger") is not Status.PRESENT


# ------------------------- "where my back meets my bum" is the Fortin area; a trimester or a baby's age is postpartum


def test_pain_where_the_back_meets_the_bottom_after_pregnancy_is_the_sacroiliac_joint(assess, statuses) -> None:
    text = (
        "My baby's 3 months old and since the third trimester I've had a pain on the left where my back meets my "
        "bottom, worse turning over in bed."
    )
    found = statuses(text)
    assert found.get("pain_below_psis") is Status.PRESENT
    assert found.get("pregnancy_postpartum") is Status.PRESENT
    assert ranked(assess(text))[0] == "sacroiliac_joint_pain"


def test_the_bony_bit_at_the_top_of_the_buttock_is_the_fortin_area(assess, statuses) -> None:
    text = "Sore on the right over the bony bit at the top of my buttock, worse climbing stairs and getting out of the car."
    assert statuses(text).get("pain_below_psis") is Status.PRESENT
    assert ranked(assess(text))[0] == "sacroiliac_joint_pain"


def test_pain_above_the_belt_worse_bending_is_not_the_fortin_area(assess, statuses) -> None:
    """The twin: a new mother's pain above the belt, worse bending forward, is no sacroiliac pain."""
    text = "I have a pain in my lower back above the belt that's worse bending forward, since I went back to the gym."
    assert statuses(text).get("pain_below_psis") is not Status.PRESENT
    assert ranked(assess(text))[0] != "sacroiliac_joint_pain"
