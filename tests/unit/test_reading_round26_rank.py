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
