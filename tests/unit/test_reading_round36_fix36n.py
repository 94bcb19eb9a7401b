"""Round 36 (fix36n): pain beyond the low back - the outside reviewer's misses and the lead's probes as patterns.

- an overdose told with the age it happened at ("aged 19", "at the age of 22", "as a 17-year-old") or followed by
  "none since" is past history, no overdose now;
- "day 6 after left total knee replacement": the day after an operation named with its joint; "six months after a
  right open mesh inguinal hernia repair": months after an operation named with several words;
- "pain 5/10 on walking, settled at rest" is relief by rest, not a pain that has gone; "no spreading redness" at a wound
  is no pain spreading from a scar; "calf soft and non-tender" is no calf pain;
- the shoulder blade is the upper back, not the shoulder joint;
- a jaw that clicks or locks, or teeth ground or clenched, is a temporomandibular picture (masticatory myofascial
  pain), not trigeminal neuralgia;
- "neck movements fine" is no neck pain.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import level, present, ranked


# ---------------------------------------------------------------- an overdose long ago
@pytest.mark.parametrize(
    "text",
    [
        "Neck and shoulder pain for 2 years. She swallowed a whole packet of paracetamol at the age of 22, nothing since.",
        "Knee pain for a year. PMH: took an overdose aged 17 after a break-up. Not low in mood now.",
        "Widespread aches for 5 years. History: took an overdose as a 20-year-old, no suicidal thoughts now.",
    ],
)
def test_an_overdose_told_with_the_age_it_happened_is_history(assess, text: str) -> None:
    result = assess(text)
    assert "medicine_overdose" not in result["triage"].get("rules", [])
    assert level(result) in {"routine", "soon"}


def test_a_past_history_overdose_with_none_since_is_history(assess) -> None:
    result = assess(
        "Hip pain for 8 months. Past history: took an overdose during a bad patch at university, none since."
    )
    assert "medicine_overdose" not in result["triage"].get("rules", [])


def test_an_overdose_last_night_is_still_an_emergency(assess) -> None:
    result = assess("Knee pain for a month. Took an overdose last night, about 24 paracetamol, feel sick.")
    assert level(result) == "emergency"
    assert "medicine_overdose" in result["triage"]["rules"]


# ---------------------------------------------------------------- days and months after a named operation
@pytest.mark.parametrize(
    "text",
    [
        "Day 4 after right total hip replacement, pain 6/10 when mobilising with the frame.",
        "Day 3 following laparoscopic inguinal hernia repair, sore groin on coughing, wound clean.",
    ],
)
def test_a_day_after_an_operation_named_with_its_part_is_recent_surgery(statuses, text: str) -> None:
    assert statuses(text).get("recent_surgery") is Status.PRESENT


def test_a_day_after_a_fall_is_no_operation(statuses) -> None:
    assert statuses("Day 3 after the fall in the garden, bruised knee, walking fine.").get("recent_surgery") is None


@pytest.mark.parametrize(
    "text",
    [
        "Eight months after a left laparoscopic TEP inguinal hernia repair, burning groin pain into the inner thigh.",
        "Seven months after a right open tension-free mesh repair she still has shooting pain in the groin.",
    ],
)
def test_months_after_a_long_named_repair_is_surgery_months_ago(statuses, text: str) -> None:
    assert statuses(text).get("surgery_months_ago") is Status.PRESENT


def test_a_scar_pain_months_after_a_long_named_repair_ranks_post_operative_pain(assess) -> None:
    result = assess(
        "Ten months after a left laparoscopic mesh inguinal hernia repair: burning pain beside the scar shooting into "
        "the inner thigh, a numb patch below it. No recurrence on scan."
    )
    assert ranked(result)[0] == "postoperative_pain"


def test_months_before_a_planned_repair_is_no_operation(statuses) -> None:
    found = statuses("Groin lump for six months, waiting for a hernia repair next month.")
    assert found.get("surgery_months_ago") is None


def test_a_knee_replacement_days_ago_ranks_post_operative_pain(assess) -> None:
    result = assess(
        "Discharge note: day 5 after left total knee replacement. Pain 4/10 walking, settled at rest, wound dry, "
        "no spreading redness, calf non-tender."
    )
    assert ranked(result)[0] == "postoperative_pain"


# ---------------------------------------------------------------- relief by rest, a wound, a calf
@pytest.mark.parametrize(
    "text",
    [
        "Pain 6/10 on walking with a stick, settled at rest. Hip stiff in the mornings.",
        "Knee aches on the stairs, settles with rest, for a year.",
    ],
)
def test_a_pain_settled_at_rest_is_relief_not_resolution(statuses, text: str) -> None:
    assert statuses(text).get("pain_reported") is Status.PRESENT


def test_a_pain_settled_with_physio_years_ago_is_still_resolved(statuses) -> None:
    found = statuses("Back pain in 2015, settled with physio. Now a sore knee for 3 weeks after a fall.")
    assert found.get("low_back_pain") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Scar clean, no spreading erythema, afebrile.",
        "Incision healing well, wound without spreading cellulitis.",
    ],
)
def test_a_wound_without_spreading_redness_is_no_spreading_pain(statuses, text: str) -> None:
    assert statuses(text).get("pain_spreads_from_joint") is None


def test_a_scar_pain_that_spreads_into_the_thigh_still_reads(statuses) -> None:
    found = statuses("Since the hernia repair the scar pain spreads into my inner thigh.")
    assert found.get("pain_spreads_from_joint") is Status.PRESENT


@pytest.mark.parametrize("text", ["Calf soft and non-tender.", "Exam: calves non-tender, no swelling."])
def test_a_non_tender_calf_is_no_calf_pain(statuses, text: str) -> None:
    assert statuses(text).get("pain_below_knee") is not Status.PRESENT


def test_a_tender_calf_is_calf_pain(statuses) -> None:
    assert statuses("Exam: right calf tender and swollen.").get("pain_below_knee") is Status.PRESENT


# ---------------------------------------------------------------- the shoulder blade is the upper back
@pytest.mark.parametrize(
    "text",
    [
        "Nagging ache under my left shoulder blade for two months, worse at the laptop, a massage eases it. 38F.",
        "Sore along the inner edge of the scapula since starting the new job at a desk, 6 weeks. 29M.",
        "Interscapular ache for months, worse at the desk.",
    ],
)
def test_the_shoulder_blade_is_the_upper_back_not_the_shoulder(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("shoulder_pain") is None
    assert found.get("mid_back_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "myofascial_pain"


def test_a_shoulder_that_hurts_overhead_is_still_the_shoulder(assess, statuses) -> None:
    text = "Right shoulder pain for 2 months, worse reaching overhead and lying on it, painful arc."
    assert statuses(text).get("shoulder_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "shoulder_subacromial_pain"


def test_a_pancoast_picture_under_the_shoulder_blade_still_flags(assess) -> None:
    result = assess(
        "62M smoker, 3 months of deep pain under the right shoulder blade, worse at night, lost 6 kg, his right "
        "eyelid droops and the pupil is smaller."
    )
    assert "spinal_malignancy" in {f["id"] for f in result["red_flags"]}


# ---------------------------------------------------------------- the jaw
@pytest.mark.parametrize(
    "text",
    [
        "My jaw aches after meals and clicks when I open wide, and my partner says I grind my teeth in my sleep. 26F.",
        "Six weeks of aching jaw muscles on both sides, I clench my teeth at work, the dentist gave me a bite splint.",
        "Clicking and pain in front of my right ear when I open my mouth wide or yawn, for 3 months. 24F.",
    ],
)
def test_a_temporomandibular_picture_is_myofascial_not_trigeminal_neuralgia(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "temporomandibular_features")
    assert ranked(result)[0] == "myofascial_pain"


def test_electric_face_attacks_remain_trigeminal_neuralgia(assess) -> None:
    result = assess(
        "Electric shocks in my left lower jaw for a second or two, many times a day, set off by talking and "
        "brushing my teeth, fine in between. No clicking. 64M."
    )
    assert not present(result, "temporomandibular_features")
    assert ranked(result)[0] == "trigeminal_neuralgia"


# ---------------------------------------------------------------- a neck said fine
@pytest.mark.parametrize("text", ["Neck movements fine.", "Neck ROM normal, spine non-tender."])
def test_a_neck_whose_movements_are_fine_is_no_neck_pain(statuses, text: str) -> None:
    assert statuses(text).get("neck_pain") is not Status.PRESENT


def test_a_neck_that_hurts_turning_is_neck_pain(statuses) -> None:
    assert statuses("Neck sore turning to the right for a week.").get("neck_pain") is Status.PRESENT
