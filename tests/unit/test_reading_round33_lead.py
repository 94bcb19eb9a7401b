"""Round 33, the lead's own probes: readings fixed on main directly (two wordings of our own and a twin each)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import present


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
