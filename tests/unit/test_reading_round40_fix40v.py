"""Round 40 (fix40v, published-style vignettes): the patterns behind the round's misses, in the reported and our own words.

- the occipital scalp named as the subject ("the left occipital scalp is sore to touch") is the occipital neuralgia's
  own scalp tenderness, and pressure over the "greater" (or "lesser") occipital nerve that reproduces the pain is a
  tender occipital nerve: with neuralgic jolts and normal ESR/CRP after 50 no giant cell arteritis flag (soon, not
  urgent); a tender temple or a raised ESR keeps the flag;
- hopelessness ("I can't go on like this") told beside a direct screen already done and negative (thoughts of suicide
  or self-harm asked and denied) is no suicide flag: the visit stays within a week (hopelessness_screen_negative);
  without the denial, or with any C-SSRS level (saved tablets), the flag stays;
- one motor grade told at serial examinations ("3/5 in 2018, 2021 and today") is a stable grade, not a new or
  progressive deficit, and the "today" closing the list of years dates the examination, not the pain's onset; a
  grade told with a recent onset stays new.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked

# ---------------------------------------------------------------- occipital neuralgia after 50, not GCA


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40v_17)
        "A 58-year-old man presents with 2 months of paroxysmal, electric stabbing pains shooting from the base of his "
        "skull over the back of his head on the left, lasting seconds. Between attacks the left occipital scalp is sore "
        "to touch and brushing his hair there is unpleasant. No jaw pain with chewing, no visual disturbance, no "
        "systemic symptoms. Temporal arteries are soft, non-tender and pulsatile bilaterally. Pressure over the left "
        "greater occipital nerve reproduces the pain. ESR 8 mm/h, CRP 2 mg/L.",
        "64-year-old woman, 6 weeks of electric shocks shooting from the base of the skull up the back of her head on "
        "the right, lasting seconds. The right occipital scalp feels tender between attacks. Pressing over the right "
        "greater occipital nerve reproduces the pain. No jaw claudication. ESR 12, CRP 3.",
        "Man of 71 with brief electric jolts at the back of the head on the left for a month, each a few seconds. "
        "His left occipital scalp is a bit sore. Palpation over the left lesser occipital nerve triggers the jolts. "
        "ESR 10 mm/h, CRP 4 mg/L.",
    ],
)
def test_occipital_scalp_and_greater_occipital_nerve_are_the_neuralgia_not_gca(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "occipital_nerve_tenderness")
    assert "giant_cell_arteritis" not in flags(result)
    assert level(result) == "soon"
    assert ranked(result)[0] == "occipital_neuralgia"


def test_a_tender_temple_beside_the_occipital_jolts_keeps_gca(assess) -> None:
    # the negative twin: the same words with a tender temporal artery and a raised ESR
    result = assess(
        "A 58-year-old man presents with 2 months of paroxysmal, electric stabbing pains shooting from the base of his "
        "skull over the back of his head on the left, lasting seconds. Between attacks the left occipital scalp is sore "
        "to touch. The left temporal artery is tender. Pressure over the left greater occipital nerve reproduces the "
        "pain. ESR 68 mm/h, CRP 41 mg/L."
    )
    assert "giant_cell_arteritis" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- hopelessness with a negative direct screen


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40v_18)
        "CRPS review, right hand, 8 months after distal radius fracture. Pt (34F) tearful today: \"this pain is killing "
        "me, I can't go on like this with the hand\". On direct questioning she denies any thoughts of harming herself "
        "or ending her life - \"I'd never do that to my boys\" - and is looking forward to her sister's wedding in June.",
        "Chronic low back pain for 3 years. He says he can't go on like this. Asked directly, he denies suicidal "
        "thoughts and has plans for the summer.",
        "Neck pain 10 months. Feels hopeless about the pain. No thoughts of suicide or self-harm when asked.",
    ],
)
def test_hopelessness_with_a_negative_direct_screen_is_no_suicide_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "soon"
    assert "hopelessness_screen_negative" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        # the negative twins: hopelessness with no screen told, and a denial beside saved tablets
        "CRPS review, right hand, 8 months after distal radius fracture. Pt (34F) tearful today: \"this pain is killing "
        "me, I can't go on like this with the hand\".",
        "Chronic low back pain for 3 years. He says he can't go on like this. He denies suicidal thoughts but has been "
        "saving up his tramadol.",
    ],
)
def test_hopelessness_without_a_negative_screen_keeps_the_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- one grade at serial examinations


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40v_20)
        "61-year-old woman, L4-S1 decompression and fusion in 2015 and revision in 2017. Ongoing low back pain and "
        "burning pain in the left leg, 7/10, limiting walking to 15 minutes. She has had a left foot drop since the "
        "2017 operation, unchanged on serial examinations (ankle dorsiflexion 3/5 in 2018, 2021 and today), and wears "
        "an ankle-foot orthosis. No new weakness, no change in numbness, bladder and bowel normal.",
        "Back pain since a fusion. EHL 3/5 in 2019, 2022 and today. No new symptoms, bladder fine.",
        "Chronic sciatica after a 2016 discectomy. Left ankle plantarflexion 4/5 in 2017, 2020, 2023 and today; "
        "sphincters intact.",
    ],
)
def test_one_grade_at_serial_examinations_is_stable(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert "new_motor_weakness" not in result["triage"]["rules"]
    assert not present(result, "duration_under_6_weeks")


def test_a_grade_with_a_recent_onset_stays_new(assess) -> None:
    # the negative twin: the same grade told as begun last week
    result = assess(
        "61-year-old woman with low back pain and burning pain in the left leg. Left foot drop started last week, "
        "ankle dorsiflexion 3/5 today. Bladder and bowel normal."
    )
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


def test_serial_examinations_lead_to_pain_after_spinal_surgery(assess) -> None:
    result = assess(
        "61-year-old woman, L4-S1 decompression and fusion in 2015 and revision in 2017. Ongoing low back pain and "
        "burning pain in the left leg, 7/10, limiting walking to 15 minutes. She has had a left foot drop since the "
        "2017 operation, unchanged on serial examinations (ankle dorsiflexion 3/5 in 2018, 2021 and today), and wears "
        "an ankle-foot orthosis. No new weakness, no change in numbness, bladder and bowel normal. Tried gabapentin, "
        "duloxetine, physiotherapy and a pain management programme."
    )
    assert ranked(result)[0] == "persistent_spinal_pain_after_surgery"
    assert level(result) in {"routine", "soon"}
