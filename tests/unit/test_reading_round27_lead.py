"""Round 27, the lead's own probe: severe or worsening pain told after a recent spinal procedure whose site the note
gives only through the procedure ("an epidural for my back ... now the pain is unbearable") is seen the same day for
infection or haematoma (red_flags.yaml infection_severe_pain_after_spinal_procedure, expert estimate). Pain the
procedure relieved, and a headache after an epidural (the post-dural-puncture rule's), do not raise it. And a colour
change told with a cold trigger (a CRPS or Raynaud's limb "in winter") is no acute limb ischaemia.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "They did a nerve root block in my back on Monday and since then the pain has got worse and worse.",
        "Steroid jab into my spine four days ago. Now the pain is the worst it has ever been, 10/10.",
    ],
)
def test_severe_or_worsening_pain_after_a_spinal_procedure_is_same_day(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Had a caudal epidural ten days ago; it took the pain from 8 down to 2, a really good result.",
        "Had a lumbar puncture two days ago and now a severe headache on standing that eases lying down.",
    ],
)
def test_relieved_pain_or_a_headache_after_the_procedure_is_not_an_infection_flag(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))


# ------------------------------------------------------------------ a cold-triggered colour change is not ischaemia
# The guard against a cold trigger ("in winter", "when it's cold") covered some of acute_limb_ischaemia's patterns but
# not the colour pairs ("the hand turned cold and blue in winter" raised an emergency in a CRPS note). Twins: the same
# colours told as sudden, or with a pulse that cannot be felt, stay an emergency.


@pytest.mark.parametrize(
    "text",
    [
        "Complex regional pain in my left foot since the ankle op; last week the foot turned mottled and cold in the "
        "cold weather and it burns.",
        "Her right hand went blue and cold when it's cold outside, burning pain since the fracture last year.",
    ],
)
def test_a_cold_triggered_colour_change_is_no_vascular_emergency(assess, text: str) -> None:
    assert "vascular_emergency" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Two hours ago my right foot suddenly went white and cold and I can't move my toes.",
        "Mottled cold left leg since lunchtime, no foot pulses felt.",
    ],
)
def test_a_sudden_cold_white_limb_stays_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert result["triage"]["level"] == "emergency"
