"""Round 31, the lead's probes of main (lead31i): a plan told in low mood, self-harm told plainly (also by a parent
about a teenager), a headache that came on like a bang, and long-standing stress incontinence with a denied numbness.
Each pattern in our own wordings: two that must now behave and twins that must not fire (kb 2026.12.98).
"""

from __future__ import annotations

import pytest


def _flags(result: dict) -> list[str]:
    return [flag["id"] if isinstance(flag, dict) else flag for flag in result.get("red_flags", [])]


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# 1. a plan told in a note of low mood is a C-SSRS plan ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Feeling really down since the pain got worse. I've made a plan.",
        "My back is agony and I feel worthless. I've planned it all for when the kids are at their dad's.",
    ],
)
def test_plan_in_low_mood_is_suicide_risk_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in _flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I have a plan for my garden when my husband goes away next week. Knee pain.",
        "Knee pain, the physio gave me a plan. Feeling a bit low.",
        "I've been feeling low with the back pain. We have a treatment plan and a care plan and an exercise plan.",
        "Feeling low with my back pain. I have a plan to get back to swimming.",
    ],
)
def test_an_ordinary_plan_is_no_suicide_risk(assess, text: str) -> None:
    assert "suicide_risk" not in _flags(assess(text))


# 2. self-harm in plain words, also told by a parent -------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Neck pain for years. My son is burning himself on purpose with a lighter, he says.",
        "Back pain. I've been self-harming again since my pain got worse.",
        "My teenage daughter has CRPS in her ankle and she has been cutting her wrists again.",
    ],
)
def test_self_harm_is_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in _flags(result)
    assert _level(result) in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "My teenage daughter cut her finger cooking last night. She has CRPS in her foot.",
        "My teenage daughter has CRPS in her foot. She is cutting down on her tablets.",
    ],
)
def test_an_ordinary_cut_is_no_self_harm(assess, text: str) -> None:
    assert "suicide_risk" not in _flags(assess(text))


# 3. a headache that came on like a bang or a bomb -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Sudden headache while lifting weights, it went off like a bomb in my head, now settling.",
        "My head pain came on like a bang when I bent over to lift the bin.",
    ],
)
def test_bang_onset_headache_is_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in _flags(result)
    assert _level(result) == "emergency"


def test_a_bang_on_the_head_is_no_thunderclap(assess) -> None:
    result = assess("Got a bang on the head from a cupboard door yesterday, mild ache.")
    assert "thunderclap_headache" not in _flags(result)


# 4. long-standing stress incontinence with numbness denied is no cauda equina ----------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for years, I've been leaking a little when I sneeze since my first child 12 years ago, no numbness.",
        "Back pain and I leak when I laugh or jump, always have since the birth of my twins, no numbness or tingling.",
    ],
)
def test_long_standing_stress_leak_with_numbness_denied_is_no_cauda_equina(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in _flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Since last night I keep wetting myself without realising, my back hurts and my bottom feels numb.",
        "Back pain, I have been wetting myself when I cough since my baby 8 years ago but this week I can't feel it and I'm numb down below.",
    ],
)
def test_new_or_numb_incontinence_still_flags_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in _flags(result)
    assert _level(result) == "emergency"
