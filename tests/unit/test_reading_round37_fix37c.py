"""Round 37 (fix37c): known gaps as patterns, in our own words.

- a years-long occipital neuralgia after 50 is not a new headache ('soon' only when new or of unknown length);
- years told right after a long-term medicine are the medicine's, not a chronic complaint;
- the patient's fear of cancer ("pt worried it's cancer", ', scared "it might be a tumour"') is no cancer history.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, level, present


@pytest.mark.parametrize(
    "text",
    [
        "58M, 3-year history of right-sided paroxysmal stabbing, shooting pain from the base of the skull over the back "
        "of the scalp, triggered by brushing his hair. Tinel's positive over the right greater occipital nerve. ESR 9, "
        "CRP normal. No jaw claudication, no visual disturbance.",
        "61F. Stabbing, shooting pains at the base of the skull for the past four years, set off by combing her hair, "
        "tender greater occipital nerve. ESR 9, CRP normal. No jaw claudication, no visual disturbance.",
    ],
)
def test_a_years_long_occipital_neuralgia_after_50_is_not_new(assess, text: str) -> None:
    assert level(assess(text)) == "routine"


def test_an_occipital_neuralgia_of_weeks_after_50_keeps_its_urgency(assess) -> None:
    result = assess(
        "61F. Stabbing, shooting pains at the base of the skull for 3 weeks, set off by combing her hair, tender "
        "greater occipital nerve. ESR 9, CRP normal. No jaw claudication, no visual disturbance."
    )
    assert level(result) in {"soon", "urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "I'm 77, on prednisolone 5mg daily for many years. Lower back pain.",
        "81M, takes warfarin for many years, lower back pain.",
    ],
)
def test_years_after_a_medicine_are_not_the_complaints(assess, text: str) -> None:
    assert not present(assess(text), "stated_chronic")


def test_a_pain_with_its_own_years_stays_chronic(assess) -> None:
    assert present(assess("77F on prednisone for years and back pain for many years."), "stated_chronic")


@pytest.mark.parametrize(
    "text",
    ["LBP 3/52. Pt very worried \"it's cancer\".", "Neck pain 2/52, scared \"it might be a tumour\"."],
)
def test_a_patients_fear_of_cancer_is_no_history(assess, text: str) -> None:
    assert "spinal_malignancy" not in flags(assess(text))


def test_a_feared_return_of_her_own_cancer_keeps_the_flag(assess) -> None:
    assert "spinal_malignancy" in flags(assess("LBP 3/52. Worried \"it's my cancer back\"."))
