"""Round 33, the lead's own probes: readings fixed on main directly (two wordings of our own and a twin each)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags, present


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, the weight go down 10 kilo in 2 month, I no try.",
        "My weight has dropped 6 kg since the summer and my back aches.",
    ],
)
def test_weight_told_as_going_down_by_an_amount_is_weight_loss(assess: Any, text: str) -> None:
    assert present(assess(text), "weight_loss")


def test_weight_going_down_on_a_diet_is_not_weight_loss(assess: Any) -> None:
    assert not present(assess("My weight went down 10 kilo with my diet and my back aches."), "weight_loss")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, the weight go down 10 kilo in 2 month, I no try, and night I sweat too much.",
        "My back has ached for five weeks; I've lost 8 kg without trying and I sweat a lot at night.",
    ],
)
def test_weight_loss_with_night_sweats_and_back_pain_is_a_malignancy_flag_at_any_age(assess: Any, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Night I sweat too much, the back is sore.",
        "She sweats every night in bed and her back aches.",
    ],
)
def test_night_sweats_told_with_a_bare_verb_are_read(assess: Any, text: str) -> None:
    assert present(assess(text), "chills_rigors")


def test_sweating_less_at_night_is_not_night_sweats(assess: Any) -> None:
    result = assess("Since the new fan I sweat less at night and my back aches after work.")
    assert not present(result, "chills_rigors")


def test_weight_lost_on_a_diet_with_night_sweats_explained_is_no_malignancy_flag(assess: Any) -> None:
    result = assess("Back ache for a month. I lost 10 kilos on my diet and I sweat at night because of the menopause.")
    assert "spinal_malignancy" not in flags(result)
