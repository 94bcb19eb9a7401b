"""Round 41 (fix41c, clinicians' notes from several countries): the patterns behind the round's misses, in the
reported and our own words.

- a colour pair told before a limb ("blue and cold", "mottled and cold") reaches that limb only inside its own
  sentence: a CRPS hand that "goes from red-hot to blue and cold." followed by "Exam: left hand swollen" is no acute
  limb ischaemia; the pair before its limb in one sentence still is;
- "midline" of an incision, wound, scar, laparotomy or sternotomy is no midline back pain (with a raised CRP after an
  operation it flagged a spinal infection); a midline spinal pain or tenderness still is;
- the specialty "Trauma & Orthopaedics" (a signature, a department) is no injury: a painful cuff's 4+/5 stays pain
  inhibition; an injury told as trauma still counts;
- a sentence summing the deficit up as settled ("Her weakness has been the same over the last three visits") settles
  the graded weakness before it: no new motor weakness; a grade told new, or a summary of days, is still new;
- what a relative died of, and how it began ("her mother died last year of a ruptured brain aneurysm after a sudden
  thunderclap headache"), is the relative's; the patient's own thunderclap, the patient's grief weight loss and a
  relative's suicide are read as before.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present

# ---------------------------------------------------------------- a colour pair reaches its limb only in its sentence


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41c_29)
        "Since cast removal: burning pain of the whole left hand 8/10. Reports the hand\ngoes from red-hot to blue and "
        "cold.\n\nExam: left hand swollen and shiny, 1.8 C warmer than right by infrared thermometer.",
        "Ever since the plaster came off my right ankle burns and the skin goes mottled and cold. Foot is so sensitive "
        "I can't wear a sock.",
        "Wrist fracture 3 months ago, now burning pain. Colour changes, at times white and cold; hand hypersensitive "
        "to light touch.",
    ],
)
def test_a_colour_pair_does_not_reach_the_next_sentences_limb(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "acute_limb_ischaemia")
    assert "vascular_emergency" not in flags(result)
    assert level(result) != "emergency"


def test_a_colour_pair_before_its_limb_in_one_sentence_is_still_ischaemia(assess) -> None:
    result = assess("Sudden severe pain this morning, now pale and cold left foot, no pulses felt.")
    assert present(result, "acute_limb_ischaemia")
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a midline incision is not the spine


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41c_28)
        "POD 1 open R hemicolectomy. Epidural fell out overnight. Wound pain 9/10 at rest. Abdo soft, wound clean, "
        "appropriately tender around midline incision. CRP 88 (expected POD1).",
        "Day 2 after laparotomy, pain around the midline wound 8/10, CRP 140, T 37.4, chest clear.",
        "Post CABG day 3: midline sternotomy scar very sore on coughing, CRP 95.",
    ],
)
def test_a_midline_incision_is_no_spinal_pain(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "midline_axial_pain")
    assert "spinal_infection" not in flags(result)


def test_a_midline_spinal_pain_with_a_raised_crp_is_still_a_spinal_infection(assess) -> None:
    result = assess("Severe back pain, tender in the midline at L3, CRP 120, T 38.4.")
    assert present(result, "midline_axial_pain")
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- Trauma & Orthopaedics is a specialty


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41c_26)
        "Shoulder & Elbow Clinic. 5 months of right lateral shoulder pain, worse overhead. O/E: painful arc 70-120 deg "
        "abduction. Hawkins-Kennedy and Neer positive, Jobe's empty can painful with MRC 4+/5. External rotation "
        "strength 5/5. Cervical spine clear. Kind regards, Dr Ben Harrington, StR Trauma & Orthopaedics",
        "Department of Trauma and Orthopaedic Surgery. 4 months of right shoulder pain lifting overhead, painful arc, "
        "Neer and Hawkins positive, supraspinatus 4+/5, external rotation 5/5, neck clear.",
        "Trauma & Orthopaedic outpatients: 4 months of left shoulder pain at night and overhead, painful arc, Neer "
        "positive, Jobe 4+/5, ER strength 5/5, neck clear.",
    ],
)
def test_the_specialty_trauma_and_orthopaedics_is_no_injury(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "trauma")
    assert present(result, "pain_inhibited_weakness")
    assert level(result) == "routine"


def test_an_injury_told_as_trauma_still_counts(assess) -> None:
    result = assess(
        "Right shoulder pain since trauma at work 2 months ago, painful arc, Neer positive, Jobe's 4+/5, external "
        "rotation 5/5, Spurling negative."
    )
    assert present(result, "trauma")
    assert not present(result, "pain_inhibited_weakness")
    assert level(result) == "urgent"


# ---------------------------------------------------------------- a later summary settles the graded weakness


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41c_21)
        "Six weeks of right neck pain radiating over the shoulder into the lateral forearm, thumb and index finger, "
        "with pins and needles. Spurling's positive right. Right biceps reflex 1+, left 2+. Wrist extension MRC 4/5 "
        "right. Hoffmann's negative both sides, no clonus. Her weakness has been the same over the last three visits.",
        "Left L5 radiculopathy for 2 months. EHL 4/5 left, ankle jerks present, numb dorsum of the foot. His weakness "
        "is unchanged since his last review.",
        "Right sciatica 10 weeks. Ankle dorsiflexion 4/5 right; numbness over the dorsum of the foot. The weakness "
        "has been the same across the past two reviews.",
    ],
)
def test_a_summary_of_settled_weakness_settles_the_grade_before_it(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "motor_weakness")
    assert "new_motor_weakness" not in result["triage"]["rules"]
    assert level(result) in ("routine", "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Right sciatica for 10 days. Ankle dorsiflexion 4/5 right since yesterday. His weakness has been unchanged "
        "since.",
        "Neck pain into the thumb for 6 weeks. Wrist extension 4/5 right. Her weakness has been the same over the "
        "last three days.",
        # a summary with no span of visits, months or years ("unchanged from the ambulance crew's check") settles nothing
        "Left foot pain. L EHL 3/5. Her weakness is unchanged from the ambulance crew's check.",
    ],
)
def test_a_grade_told_new_or_a_summary_of_days_is_still_a_new_weakness(assess, text: str) -> None:
    assert at_least(assess(text), "urgent")


# ---------------------------------------------------------------- what a relative died of is the relative's


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41c_15)
        "Headaches since her teens, throbbing, with nausea and zigzag lines. She is very anxious because her mother "
        'died last year of a ruptured brain aneurysm after a sudden "thunderclap" headache. Chloe has never had a '
        "sudden-onset headache herself.",
        "Migraine with aura for 15 years, attacks unchanged. Anxious as his father died last spring of a brain "
        "haemorrhage which started with a sudden thunderclap headache while gardening.",
        "Tension headaches for years. She asks for a scan because her older sister passed away in 2022 after the "
        "worst headache of her life, a ruptured aneurysm.",
    ],
)
def test_what_a_relative_died_of_is_the_relatives(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "worst_ever_headache")
    assert "thunderclap_headache" not in flags(result)
    assert level(result) == "routine"


def test_the_patients_own_thunderclap_after_a_relatives_death_is_still_an_emergency(assess) -> None:
    result = assess(
        "Her mother died of a brain aneurysm years ago. This morning she had a sudden thunderclap headache, the worst "
        "ever."
    )
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


def test_the_patients_weight_loss_after_a_relatives_death_stays_the_patients(assess) -> None:
    result = assess("Low back pain 3 weeks. Her mother died in March and she has lost weight and has back pain at night.")
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)


def test_a_relatives_suicide_stays_the_relatives(assess) -> None:
    result = assess("Back pain 2 months. Mood: low-ish re work, sister died by suicide 2018 - he raised this himself.")
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"
