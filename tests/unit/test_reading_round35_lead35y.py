"""Reading, round 35: the lead's probe of the merged main - "the shakes" beside a denied fever or another cause.

Round 35 read "the shakes" beside a fever, feeling hot and cold or unwell as rigors; "I've had the shakes from
anxiety before exams, no fever. Back pain from sitting in the library" then raised a spinal infection flag (urgent),
because the fever beside it was denied. A denied fever, or the shakes told with another cause (anxiety, nerves,
alcohol, a hypo), is no rigor. Every note is our own wording.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


@pytest.mark.parametrize(
    "text",
    [
        "I've had the shakes from anxiety before exams, no fever. Back pain from sitting in the library.",
        "No fever but I get the shakes in the morning; back ache after the gym.",
        "Back pain at work. I get the shakes with nerves before meetings, never a temperature.",
    ],
)
def test_shakes_without_fever_are_not_rigors(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "chills_rigors")
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain and I keep getting the shakes, feeling hot then cold.",
        "Feverish with the shakes since yesterday, my lower back is killing me.",
    ],
)
def test_shakes_with_fever_are_rigors(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "chills_rigors")
    assert "spinal_infection" in flags(result)
