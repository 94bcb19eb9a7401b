"""Round 29, the lead's own probe: a pain told as lying in the stomach or tummy is abdominal pain (the bare word
stays unread: "upsets my stomach" is a drug's side effect), and abdominal pain with weight loss at 55 or over is seen
within a week (triage.yaml abdominal_pain_weight_loss_over_55; NICE NG12's two-week upper GI endoscopy, read from
secondary summaries).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


@pytest.mark.parametrize(
    "text",
    [
        "I've had a gnawing ache in my upper stomach for ten weeks and I'm 63. I've dropped a stone without dieting.",
        "Her tummy has been hurting since the summer and she has lost weight, she is 58.",
    ],
)
def test_stomach_pain_with_weight_loss_over_55_is_seen_within_a_week(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "abdominal_pain")
    assert result["triage"]["level"] == "soon"
    assert any("NG12" in reason for reason in result["triage"]["reasons"])
    assert not flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # the same pain at 40: the endoscopy rule starts at 55
        "I've had a gnawing ache in my upper stomach for ten weeks and I'm 40. I've dropped a stone without dieting.",
        # weight steady
        "Her tummy has been hurting since the summer, her weight is steady, she is 58.",
    ],
)
def test_the_rule_needs_age_and_weight_loss(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "abdominal_pain")
    assert result["triage"]["level"] == "routine"


def test_a_stomach_upset_by_a_drug_is_no_abdominal_pain(assess) -> None:
    result = assess("Naproxen upsets my stomach. Both knees ache on the stairs for three years; I'm 72.")
    assert not present(result, "abdominal_pain")
    assert result["differential"][0]["condition"] == "knee_osteoarthritis"


# ------------------------------------------------------------------ a drink let fall is a clumsy hand
# "He dropped his tea yesterday" in a carer's message about unsteady walking and a stiff neck: the myelopathy's clumsy
# hand in lay words (findings.yaml myelopathic_hands). "Dropped a stone" is weight.


@pytest.mark.parametrize(
    "text",
    [
        "My mum is 80. Her neck has ached for months and this week she keeps dropping her cup of coffee and "
        "staggering like she's had a drink.",
        "Neck stiff since the summer. Dropped my mug of tea twice this week and I'm walking unsteadily, I'm 69.",
    ],
)
def test_a_dropped_drink_with_neck_pain_and_an_unsteady_gait_is_a_myelopathy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_dropping_a_stone_in_weight_is_no_clumsy_hand(assess) -> None:
    result = assess("Neck ache for a year, worse at the computer. I've dropped a stone on a diet and walk fine. I'm 50.")
    assert not present(result, "myelopathic_hands")
    assert "cervical_myelopathy" not in flags(result)
