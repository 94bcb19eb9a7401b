"""Round 33 (the lead's probes of main, part d): false alarms and one lost complaint, each a pattern in our own words.

- a follow-up header that opens the note, or whose first words tell a pain, names the kind of visit: the complaint
  under it is read ("Follow-up: low back pain for 2 years" read nothing); a follow-up inside a plan stays the plan;
- a fever told with its end ("that's gone", "all gone now") is a past episode, not a fever now (false spinal infection);
- the patient's fear of a cancer ("worried it's cancer") is no cancer history (false spinal malignancy); a cancer
  the patient had, or one that has come back, still is;
- a tumour told as benign ("that was benign", "turned out to be a lipoma", "non-cancerous") is no cancer history.
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _no_complaint(result: dict) -> bool:
    return any("no pain complaint" in reason for reason in result["triage"]["reasons"])


# ---------------------------------------------------------------- a follow-up header names the visit
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Follow up visit: aching neck for 3 months, worse at the computer. No arm symptoms.", "neck_pain"),
        ("Seen with her husband.\nF/U: persistent knee pain for a year, worse on stairs.", "knee_pain"),
    ],
)
def test_a_follow_up_header_opening_the_note_or_telling_a_pain_is_the_visit_type(assess, text: str, finding: str) -> None:
    result = assess(text)
    assert present(result, finding)
    assert not _no_complaint(result)
    assert result["differential"]


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for a year. Plan: physiotherapy. Follow-up: in 6 weeks with MRI to review the knee pain.",
        "Low back pain for a year. Plan: physiotherapy. F/U: 6 weeks to check the knee pain.",
    ],
)
def test_a_follow_up_inside_the_plan_stays_the_plan(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert not present(result, "knee_pain")


# ---------------------------------------------------------------- a fever that has ended
@pytest.mark.parametrize(
    "text",
    [
        "Had a high temperature with the flu a couple of weeks back, all gone now. My lower back aches after digging.",
        "My neck is stiff and sore from work. I was feverish with a chest cold before that, it has passed.",
    ],
)
def test_a_fever_told_with_its_end_is_no_fever_now(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert _level(result) == "routine"


def test_a_fever_that_came_back_is_still_a_fever(assess) -> None:
    result = assess("Low back pain for a week. I had a fever with a cold, that's gone, but it came back last night.")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- the fear of cancer is no cancer history
@pytest.mark.parametrize(
    "text",
    [
        "My lower back has ached since I started a new job. I'm really scared it might be a tumour, as my mum had bowel cancer.",
        "Neck pain for six weeks. She is frightened she has got cancer like her sister did, otherwise well.",
    ],
)
def test_a_fear_of_cancer_is_no_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "cancer_history")
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for three weeks. I had prostate cancer.",
        "Back pain for three weeks and I'm worried because my cancer has come back.",
    ],
)
def test_a_cancer_the_patient_had_is_still_a_history(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "cancer_history")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a benign tumour is no cancer
@pytest.mark.parametrize(
    "text",
    [
        "Back ache after lifting boxes. A tumour was found on my liver scan and they said it was non-cancerous.",
        "Low back pain for a fortnight. She had a non-cancerous tumour taken off her ovary in her thirties.",
    ],
)
def test_a_tumour_told_as_benign_is_no_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "cancer_history")
    assert "spinal_malignancy" not in flags(result)


def test_a_tumour_not_known_to_be_benign_is_still_a_cancer_history(assess) -> None:
    result = assess("Low back pain for a fortnight. A tumour was taken off my kidney, I'm not sure if it was benign.")
    assert present(result, "cancer_history")
    assert "spinal_malignancy" in flags(result)
