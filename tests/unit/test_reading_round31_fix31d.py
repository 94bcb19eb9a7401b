"""Round 31 (outside reviewer, file r31d): each failure as a pattern in our own words.

- "pred", the clinicians' shorthand for prednisolone, with a dose ("PMR on pred 7.5 mg od") was not read as an oral
  steroid, so a steroid-treated condition gave no prolonged steroid exposure and a fragility fracture was missed;
- a thunderclap told as "full-blown within a couple of seconds" or "like someone had swung a bat at me" was not read
  as a sudden onset;
- "walking okay, no leg numbness or weakness" was read as a claudication, and the claudication's span swallowed the
  denial, so the denied weakness counted (a motor deficit beside a fall: emergency);
- "tender on palpation of L1 spinous process" was not read as focal spinal tenderness;
- the reason for an operation dated by its year ("discectomy 2019 for a large disc with left foot drop") was read as
  a current, progressive deficit.
No calendar dates in the notes (a year is computed from today), so the tests pass on any date.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import flags, ranked


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _status(result: dict, finding: str) -> set[str]:
    return {str(f.get("status")) for f in result["findings"] if f["id"] == finding}


# ---------------------------------------------------------------- "pred" with a dose is prednisolone
@pytest.mark.parametrize(
    "text",
    [
        "62M with polymyalgia, on pred 5 mg od. Sudden severe low back pain when lifting a bag of compost yesterday, "
        "very tender over L2.",
        "58F. Lupus, takes pred 10mg once daily. Sudden sharp mid back pain after a coughing fit two days ago.",
    ],
)
def test_pred_with_a_dose_for_a_steroid_condition_is_prolonged_exposure(assess, text: str) -> None:
    result = assess(text)
    assert "present" in _status(result, "on_oral_corticosteroid")
    assert "present" in _status(result, "prolonged_steroid_exposure")
    assert "vertebral_fracture" in flags(result)
    assert _level(result) in {"soon", "urgent", "emergency"}


def test_pred_without_a_dose_is_no_steroid(assess) -> None:
    result = assess("62M with polymyalgia, asking whether pred might help. Low back ache after digging the garden "
                    "for 3 weeks.")
    assert "present" not in _status(result, "on_oral_corticosteroid")
    assert "vertebral_fracture" not in flags(result)


# ---------------------------------------------------------------- a thunderclap in plain words
@pytest.mark.parametrize(
    "text",
    [
        "44F. Known migraine. This headache started while she was running for the bus and was full-blown within a "
        "few seconds, nothing like her normal migraines.",
        "I've had migraines for years but this was different: the back of my head felt as if somebody had swung a "
        "hammer at me, out of nowhere at my desk. Never had one like it.",
    ],
)
def test_full_blown_in_seconds_or_a_swung_blow_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "present" in _status(result, "sudden_onset")
    assert "thunderclap_headache" in flags(result)
    assert _level(result) == "emergency"


def test_a_headache_full_blown_after_hours_like_usual_is_no_thunderclap(assess) -> None:
    result = assess("35F. Her usual migraine: it built up over a couple of hours and was full-blown by the evening, "
                    "throbbing with nausea, the same as her normal attacks.")
    assert "thunderclap_headache" not in flags(result)


# ---------------------------------------------------------------- a normal walk, then denied leg symptoms
@pytest.mark.parametrize(
    "text",
    [
        "31M, low back pain for 10 days after moving a sofa. Walking fine, no leg numbness or weakness.",
        "45F, back pain for a week after a fall on ice. Standing and walking okay, denies leg pain, numbness or "
        "weakness.",
    ],
)
def test_a_denial_after_a_normal_walk_is_no_claudication(assess, text: str) -> None:
    result = assess(text)
    assert "present" not in _status(result, "neurogenic_claudication")
    assert "present" not in _status(result, "motor_weakness")
    assert _level(result) in {"routine", "soon", "urgent"}


def test_legs_going_numb_on_walking_is_still_a_claudication(assess) -> None:
    result = assess("72M, back pain for a year. Walking to the shops both legs go numb and heavy, easing when he "
                    "sits on a bench.")
    assert "present" in _status(result, "neurogenic_claudication")


# ---------------------------------------------------------------- examination words before a spinal level
@pytest.mark.parametrize(
    "text",
    [
        "30M, fell off a ladder onto his back 2 days ago. Tender on palpation of L1 spinous process.",
        "66F, mid back pain for a week. On examination tenderness to percussion over T12.",
    ],
)
def test_tenderness_on_palpation_of_a_level_is_focal(assess, text: str) -> None:
    result = assess(text)
    assert "present" in _status(result, "focal_spinal_tenderness")


def test_tenderness_on_palpation_of_a_muscle_is_not_focal_spinal(assess) -> None:
    result = assess("40F, neck pain for a month. Tender on palpation of the left trapezius.")
    assert "present" not in _status(result, "focal_spinal_tenderness")


# ---------------------------------------------------------------- an operation dated by its year, with its reason
@pytest.mark.parametrize(
    "text",
    [
        "60F. Microdiscectomy ({y}) for sciatica with foot drop. Low back ache for a year, the same for months, "
        "asking about injections.",
        "52M. Decompression {y} for stenosis and foot drop; back pain and leg ache on walking, no change for "
        "2 years.",
    ],
)
def test_the_reason_for_a_dated_operation_is_history(assess, text: str) -> None:
    result = assess(text.format(y=date.today().year - 5))
    assert "progressive_neurologic_deficit" not in flags(result)
    assert _level(result) in {"routine", "soon"}
    assert ranked(result)


def test_a_new_foot_drop_after_a_dated_operation_still_flags(assess) -> None:
    result = assess(f"60F. Decompression {date.today().year - 4} for stenosis. New foot drop since Monday, tripping "
                    "on the kerb.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


# ---------------------------------------------------------------- a steroid taken since a year gone by
@pytest.mark.parametrize(
    "text",
    [
        "67F, rheumatoid arthritis on pred 5 mg daily since {y}. Sudden low back pain after sneezing this morning.",
        "59M, prednisolone since {y} for his chest. Sudden mid back pain reaching for a tin on a high shelf, tender "
        "over T11.",
    ],
)
def test_a_steroid_since_a_past_year_is_long_term(assess, text: str) -> None:
    result = assess(text.format(y=date.today().year - 3))
    assert "present" in _status(result, "long_term_steroids")
    assert "vertebral_fracture" in flags(result)


def test_a_steroid_stopped_since_a_past_year_is_not_current_use(assess) -> None:
    result = assess(f"67F, off prednisolone since {date.today().year - 3}. Low back ache for 2 months after "
                    "gardening.")
    assert "present" not in _status(result, "long_term_steroids")
