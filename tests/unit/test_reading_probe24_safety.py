"""Found by probing main (kb 2026.12.38): a past stomach bleed told in lay words did not stop an oral NSAID, a hot
swollen foot in a person with diabetes (acute Charcot foot or deep infection, often painless) was `routine`, and a
nosebleed sent a knee note to the unread net. Our own wordings, each with a twin that must not change."""

from __future__ import annotations

from typing import Any

import pytest


def _plan_ids(result: dict[str, Any]) -> set[str]:
    return {option["id"] for stage in result["plan"]["stages"] for option in stage["options"]}


def _excluded(result: dict[str, Any]) -> set[str]:
    return {option["id"] for option in result["plan"].get("excluded", [])}


@pytest.mark.parametrize(
    "text",
    [
        "Knee osteoarthritis, aged 74. I had a stomach bleed from an ulcer last year.",
        "Arthritic knees. Two years ago my ulcer bled and I needed a transfusion.",
        "Hip arthritis, 70 years old; I was in hospital after vomiting blood from a duodenal problem.",
        "Knee pain from arthritis, 69 years old, black tarry stools when I took naproxen before.",
    ],
)
def test_a_past_gi_bleed_in_lay_words_takes_oral_nsaids_off_the_plan(assess, statuses, text: str) -> None:
    assert statuses(text).get("gi_bleed_history") == "present"
    result = assess(text)
    assert "oral_nsaid" not in _plan_ids(result)
    assert "oral_nsaid" in _excluded(result)


@pytest.mark.parametrize(
    "text",
    [
        "Knee osteoarthritis, 74 years old. My nose bleeds now and then in winter.",
        "Knee arthritis, aged 66; my gums bleed when I brush.",
    ],
)
def test_a_nosebleed_or_bleeding_gums_is_no_gi_bleed_and_no_unread_alarm(assess, statuses, text: str) -> None:
    assert statuses(text).get("gi_bleed_history") is None
    result = assess(text)
    assert result["triage"]["level"] == "routine"
    assert result.get("unread", []) == []


@pytest.mark.parametrize(
    "text",
    [
        "I'm diabetic and my right foot has gone hot and swollen this week, it barely hurts.",
        "Type 1 diabetes, neuropathy in both feet. Left midfoot warm and swollen for four days.",
        "On insulin. My ankle is swollen and warm to touch since Sunday.",
    ],
)
def test_a_hot_swollen_foot_with_diabetes_is_seen_the_same_or_next_day(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "urgent"
    assert "diabetic_hot_swollen_foot" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Diabetic. My ankles are puffy by the evening and fine in the morning.",
        "Type 2 diabetes. The foot is swollen but not hot or red.",
        "My ankle is hot and swollen after I twisted it at football yesterday.",  # no diabetes: a sprain
    ],
)
def test_swelling_without_warmth_or_without_diabetes_is_not_the_charcot_rule(assess, text: str) -> None:
    assert "diabetic_hot_swollen_foot" not in assess(text)["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica, 44 years old, kidney transplant, on tacrolimus, ibuprofen helps.",
        "Renal transplant ten years ago. Knee arthritis, aged 57.",
    ],
)
def test_a_kidney_transplant_is_chronic_kidney_disease_for_nsaids(assess, statuses, text: str) -> None:
    assert statuses(text).get("chronic_kidney_disease") == "present"
    result = assess(text)
    assert "oral_nsaid" not in _plan_ids(result) and "oral_nsaid" in _excluded(result)


def test_a_liver_transplant_is_not_a_kidney_disease(statuses) -> None:
    assert statuses("Liver transplant 3 years ago, knee osteoarthritis, aged 60.").get("chronic_kidney_disease") is None
