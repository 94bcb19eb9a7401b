"""Round 37 long referral letters (fix37l, kb 2026.12.136): history read as present, each a pattern with two wordings
and a negative twin.

- a deficit stated stable once and named again later with no course of its own is the same settled deficit;
- an illness's fever whose end opens the next sentence is a past episode;
- a clinician's trial of a drug followed by confusion or unsteadiness is the drug's effect;
- a lump or a breast operation told as benign is no cancer and no unchecked lump;
- a weakness whose reason (pain) comes after the movement tested is pain-limited;
- hip osteoarthritis with back pain denied is no spinal pain for a past cancer.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present


# ---------------------------------------------------------------- 1. a settled deficit named again
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for a year, worse on extension. After his discectomy years ago he was left with a right foot "
        "drop, which has remained unchanged since. He wears a splint because of the foot drop and it is checked at "
        "every review. Straight leg raise negative.",
        "Axial back ache for eight months. She has a residual left foot drop from surgery in her thirties, no worse "
        "over the years. Her physiotherapist measures the foot drop each year for her orthotic.",
    ],
)
def test_settled_deficit_named_again_stays_settled(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twin: the later mention has a word of change
        "Low back pain for a year. After his discectomy years ago he was left with a right foot drop, which has "
        "remained unchanged since. This week the foot drop is worse and he trips on the stairs.",
        "Back ache. She has a residual left foot drop from surgery, no worse over the years. Now she has a foot drop "
        "on the other side as well.",
    ],
)
def test_settled_deficit_with_a_change_later_still_flags(assess, text: str) -> None:
    assert "progressive_neurologic_deficit" in flags(assess(text))


# ---------------------------------------------------------------- 2. an illness's end in the next sentence
@pytest.mark.parametrize(
    "text",
    [
        "Two weeks ago the family all had a cold. He had a fever for three days and a cough. It settled completely "
        "after a few days. Last week he strained his lower back lifting a sofa; worse bending, eased by rest.",
        "A month ago she had the flu with a fever and aches. This resolved within a week. Ten days ago she hurt her "
        "low back gardening and it is worse bending.",
    ],
)
def test_fever_ended_in_next_sentence_is_past(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # twins: the fever is of now, or it came back
        "Low back pain for two weeks. He has had a fever for three days. It settled this morning with paracetamol.",
        "Low back pain for two weeks. He had a fever with shivers. It settled but came back last night.",
    ],
)
def test_fever_of_now_or_returned_still_flags(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- 3. a drug tried, then confusion or unsteadiness
@pytest.mark.parametrize(
    "text",
    [
        "Burning pain along a healed shingles band on the right chest for three months. I tried pregabalin 25 mg twice "
        "daily, but she became dizzy and unsteady, so it was stopped. Past history of breast cancer twenty years ago.",
        "Postherpetic pain on the left flank. We started amitriptyline 10 mg at night and he got confused and "
        "unsteady within a week. He had a bowel cancer resected fifteen years ago.",
    ],
)
def test_tried_drug_then_unsteady_is_the_drug(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) != "emergency"


def test_unsteady_without_a_drug_trial_still_flags(assess) -> None:
    # the twin: unsteadiness with no drug beside it in a person with a past cancer and back pain
    result = assess(
        "Mid back pain for three weeks. He had a bowel cancer resected fifteen years ago. Over the last week he has "
        "become unsteady on his feet and his legs feel weak."
    )
    assert "progressive_neurologic_deficit" in flags(result) or "spinal_malignancy" in flags(result)
    assert level(result) == "emergency"


def test_tried_drug_then_weak_legs_is_not_settled(assess, statuses) -> None:
    # weakness is never put down to a drug by this pattern
    result = assess(
        "Back pain with a past prostate cancer. I tried gabapentin 300 mg but he became weak in both legs."
    )
    assert level(result) == "emergency"


# ---------------------------------------------------------------- 4. benign lumps and breast operations
@pytest.mark.parametrize(
    "text",
    [
        "Widespread pain for two years with poor sleep and fatigue. She had a benign lump removed from her breast "
        "in her twenties. Tender in all four quadrants.",
        "Neck pain radiating to the right thumb for six weeks. Past history: a lumpectomy for a fibroadenoma in her "
        "forties, asthma.",
    ],
)
def test_benign_breast_history_is_no_cancer(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert not present(result, "cancer_history")


@pytest.mark.parametrize(
    "text",
    [
        "Neck pain radiating to the right thumb for six weeks. Past history: a lumpectomy for breast cancer in her "
        "forties.",
        "Widespread pain for two years. She found a lump in her breast last month that has not been checked.",
    ],
)
def test_cancer_lumpectomy_or_unchecked_lump_still_counts(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result) or present(result, "breast_lump_lay")


# ---------------------------------------------------------------- 5. weakness told with its reason further on
@pytest.mark.parametrize(
    "text",
    [
        "Right shoulder pain for three months. Painful arc and positive Hawkins. Slight weakness of resisted abduction "
        "in the scapular plane because of pain.",
        "Left shoulder pain lifting overhead. Painful arc, positive Neer. Weakness on resisted abduction at 90 "
        "degrees secondary to pain, neck movements full.",
    ],
)
def test_weakness_tied_to_pain_further_on(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "pain_limited_weakness")


def test_weakness_with_a_distant_pain_word_is_not_pain_limited(assess) -> None:
    result = assess(
        "Right shoulder pain. Weakness of resisted abduction in the scapular plane and of elbow flexion, with the "
        "neck pain radiating down the arm."
    )
    assert not present(result, "pain_limited_weakness")


# ---------------------------------------------------------------- 6. hip osteoarthritis, back pain denied
@pytest.mark.parametrize(
    "text",
    [
        "Mr B, 80, prostate cancer treated twelve years ago. Pain in the left groin for a year running down the front of "
        "the thigh to the knee, worse walking. He has no back pain. Internal rotation of the hip is painful and "
        "limited; X-ray shows joint space narrowing.",
        "Mrs C, 74, breast cancer fifteen years ago. Groin pain going down the front of the thigh toward the knee for "
        "eighteen months. She denies any back pain. Painful internal rotation of the right hip, marked joint space "
        "loss on X-ray.",
    ],
)
def test_hip_oa_with_back_pain_denied_no_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "low_back_pain")
    assert "spinal_malignancy" not in flags(result)


def test_hip_oa_with_night_pain_keeps_malignancy_flag(assess) -> None:
    result = assess(
        "Mr B, 80, prostate cancer treated twelve years ago. Pain in the left groin for a year running down the front of "
        "the thigh to the knee, now waking him at night. He has no back pain. Internal rotation of the hip is painful "
        "and limited; X-ray shows joint space narrowing."
    )
    assert "spinal_malignancy" in flags(result)
