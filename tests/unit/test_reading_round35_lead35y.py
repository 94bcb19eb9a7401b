"""Reading, round 35: the lead's probes of the merged main - the shakes, "A&E.", "can't tell if I've wet myself".

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


# ---------------------------------------------------------------- "A&E." ends its sentence


@pytest.mark.parametrize(
    "text",
    [
        "If I wet myself I'll go to A&E. Back pain 2 weeks.",
        "Went to the A+E. Leg pain for 3 days after a fall.",
    ],
)
def test_a_and_e_with_a_full_stop_ends_the_sentence(assess, text: str) -> None:
    result = assess(text)
    assert any(f["status"] == "present" and f["id"] in {"low_back_pain", "leg_pain"} for f in result["findings"])


def test_the_condition_before_a_and_e_stays_a_condition(assess) -> None:
    result = assess("If I wet myself I'll go to A&E. Back pain 2 weeks.")
    assert not present(result, "urinary_incontinence")
    assert result["triage"]["level"] != "emergency"


# ---------------------------------------------------------------- not knowing is the loss of sensation


@pytest.mark.parametrize(
    "text",
    [
        "Since the weekend I can't tell if I've wet myself or not, and my back has been bad for a fortnight.",
        "Back pain 2 weeks, I'm not sure if I've peed myself until I see it.",
    ],
)
def test_not_knowing_if_wet_is_incontinence(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_worry_about_being_a_burden_is_no_flag(assess) -> None:
    assert "suicide_risk" not in flags(assess("Back pain. He worries he is a burden to his wife since the fall."))
    assert "suicide_risk" in flags(assess("Back pain for years. I think I'm a burden to my family now."))
