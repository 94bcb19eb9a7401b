"""New numbness in both legs on a long-standing back (kb 2026.12.37): "both legs have gone numb since yesterday" is a
change for the worse, not a symptom that has gone, and new numbness in both legs with spinal pain is the emergency
tier of suspected cauda equina even without a sciatica word. Our own wordings, with twins that must not fire."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 5 years. Since yesterday both legs have gone numb and tingly.",
        "Low back pain for 2 years. This week numbness in both legs and my legs feel weak.",
        "Chronic back ache, on and off for a decade. Over the weekend both my legs went numb.",
    ],
)
def test_new_numbness_in_both_legs_with_back_pain_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "The numbness in both legs has gone away since the operation.",
        "Diabetic for 20 years, both feet numb for years, no back pain.",
        "Back pain for years and both legs numb for years, unchanged.",
        "My sciatica has gone, just the back now.",
    ],
)
def test_numbness_gone_or_long_standing_is_not_flagged(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


def test_a_symptom_that_has_gone_is_still_denied(assess) -> None:
    found = {f["id"]: f["status"] for f in assess("The leg pain he had before the op has gone.")["findings"]}
    assert found.get("leg_pain") == "absent"
