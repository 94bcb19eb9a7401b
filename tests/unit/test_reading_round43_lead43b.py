"""Round 43 (lead43b): acute limb ischaemia told with the limb as "from the knee down" and the pulse as "anything
beating" (the second held-out set's one missed red flag, a patient's own words), on fix43c's lay-word findings."""

from __future__ import annotations

import pytest

from tests.conftest import flags, level


@pytest.mark.parametrize(
    "text",
    [
        "I'm 68. This morning the right leg went, sudden like, it's gone cold as a stone from the knee down and white "
        "as a sheet, bit blotchy now. The nurse felt at the foot and can't find anything beating.",
        "71, AF. An hour ago his left leg suddenly went dead; from the knee down it is icy and pale. The carer felt at "
        "his ankle and couldn't feel anything pulsing.",
        "Sudden pain in my right leg since lunchtime, from the knee down it's white and cold, nothing beating in the "
        "foot when the nurse checked.",
    ],
)
def test_a_sudden_cold_white_limb_without_a_pulse_in_lay_words(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "From the knee down my legs go white and cold in winter, then red when they warm up; Raynaud's for years.",
        "Calf pain walking 200 yards for 2 years, settles with rest; from the knee down the skin is a bit pale but the "
        "GP felt good pulses at both ankles.",
    ],
)
def test_cold_pale_legs_of_the_weather_or_of_years_are_no_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" not in flags(result)
