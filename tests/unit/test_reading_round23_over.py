"""Over-calling, round 23 (issue 10): false emergencies from notes written by other people. Bilateral leg symptoms
that are negated, length-dependent or chronic and stable are no cauda equina picture; a score out of five for another
scale is no muscle power; a procedure told by its result, weighed, or listed as an exam answer option is no recent
spinal procedure; a part said to be fine is no pain there. Every note is our own wording, and each pattern has a
twin where the true red flag must still fire."""

from __future__ import annotations

import pytest

from tests.conftest import flags

URGENT = {"emergency", "urgent"}


@pytest.mark.parametrize(
    "text",
    [
        # negated numbness and a statement of normal strength in both legs
        "Low back pain from a deadlift four days ago, aching down both legs below the knees at times. Nothing "
        "feels numb down there and both legs feel equally strong, I can hop on either foot.",
        "Sore lower back after rowing for a week with pain down both legs to the knees. Both legs feel just as "
        "strong as each other. Nothing feels numb.",
        # a length-dependent polyneuropathy: symmetric, distal, no spinal pain
        "Diabetic for 20 years, aged 71. Burning feet at night, numbness in both legs to mid-calf in a stocking "
        "distribution. Ankle jerks absent bilaterally, toe extensors 4/5 both sides. Denies back pain. No urinary "
        "symptoms, no saddle numbness.",
        # chronic, stable neurogenic claudication
        "Four years of heaviness in both thighs and calves on walking a few hundred metres, eased by sitting down "
        "for a minute. No change over the years. Knee and ankle jerks reduced both sides. Lower back ache.",
    ],
)
def test_negated_distal_or_chronic_stable_leg_symptoms_are_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a new or worsening bilateral radicular picture, or a sphincter or saddle sign, still fires
        "Footballer aged 23 with low back pain for three days, and since yesterday pain shooting down both legs to "
        "the feet with both feet numb and weak ankles.",
        "Type 1 diabetic aged 59 with new low back pain this week and sciatica down both legs; both feet have gone "
        "numb and the toes are weak on both sides.",
        "Known stenosis with claudication for years, but over the past five days both legs have become weaker and "
        "numb below the knees, getting worse daily, with back pain.",
        "Burning feet from diabetes for years, stocking numbness both legs; since this morning I can't pass urine "
        "and my back hurts.",
        "Chronic aching in both calves on walking eased by sitting, and now numb around the back passage with "
        "back pain.",
        # "nothing" that is not a denial of a symptom
        "Sciatica down both legs for 5 days. Nothing is helping my back pain and since this morning I can't pee.",
        "Back pain for a week. Nothing has helped the pain, and my legs are numb and weak since yesterday with pain "
        "shooting down both legs.",
    ],
)
def test_a_new_bilateral_radicular_picture_or_sphincter_sign_still_raises_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # answer options of an exam question are not history
        "Item 7. A 52-year-old woman has had neck pain into the left arm for two months and triceps weakness 4/5. "
        "What is the best next step? (A) plain films (B) soft collar (C) physiotherapy (D) pregabalin "
        "(E) cervical epidural steroid injection",
        # a score of another scale out of 5
        "Low back pain for six years. Waddell score 3/5. Fever none. Reflexes symmetrical.",
        # a procedure told by its result, with no date, and one being weighed
        "Cervical facet pain. Good 75% relief from left C5 and C6 medial branch blocks on two occasions, now "
        "considering radiofrequency denervation. Deltoid 4/5 on the left from an old axillary nerve injury.",
        "Neck pain for years. 80% relief with right C3 and C4 medial branch blocks twice. Grip 4/5 both hands.",
    ],
)
def test_options_other_scales_and_procedures_told_by_result_are_no_infection_or_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a procedure in the last days with fever, IV drug use with weakness, fever with weakness
        "Four days after a lumbar epidural steroid injection I have a fever of 38.7 and my left leg has gone weak.",
        "Had left C5 and C6 medial branch blocks two days ago; now shivering with a temperature and worse neck pain.",
        "Injects heroin, back pain for ten days with fever, and knee extension power 3/5 on the right.",
        "Neck pain for a week with rigors and a temperature of 39, grip 4/5 in both hands since yesterday.",
        "Considering a repeat epidural, but the last one was four days ago and since then fever and worse back pain.",
    ],
)
def test_a_recent_procedure_fever_or_drug_use_still_raises_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT


def test_a_score_of_another_scale_is_no_motor_weakness(statuses) -> None:
    assert statuses("Chronic back pain. Waddell signs 2/5.").get("motor_weakness") is None
    # the twin: a named movement with an MRC grade is weakness
    from painpath.domain.model import Status

    assert statuses("Chronic back pain. Ankle dorsiflexion 3/5 on the left.").get("motor_weakness") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "26-year-old with right shoulder pain after falling onto the hand. Neck is fine. Treated for Hodgkin "
        "lymphoma at 18, in remission. Painful arc, weak abduction.",
        "Left hip pain on walking for two months. The back is ok. Breast cancer in 2015, on no treatment now.",
    ],
)
def test_a_part_said_to_be_fine_is_no_spinal_pain(assess, statuses, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    found = statuses(text)
    assert "spinal_pain" not in {k for k, v in found.items() if v.value == "present"}


@pytest.mark.parametrize(
    "text",
    [
        # the twins: spinal pain with a cancer history still raises it; "fine until" is no denial
        "Right shoulder pain and neck pain for a month. Hodgkin lymphoma treated at 20.",
        "My back is fine until I walk, then my back aches badly. Breast cancer in 2015.",
        "Neck ache for three weeks, waking me at night. Lung cancer diagnosed this year, on chemotherapy.",
    ],
)
def test_spinal_pain_with_a_cancer_history_still_raises_spinal_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in URGENT
