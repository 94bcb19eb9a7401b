"""Triage beyond red flags: the practice's same-day and within-a-week rules."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "level", "rule"),
    [
        ("35-year-old with 10 days of sciatica down the back of the leg, strength normal.", "soon", "new_radicular_pain"),
        ("Leg pain radiating to the foot with weakness of ankle dorsiflexion.", "urgent", "new_motor_weakness"),
        ("Back pain escalating every day despite tablets.", "urgent", "escalating_pain"),
        ("Back spasms all night, can't sleep.", "urgent", "sleep_killing_spasms"),
        ("Headache that started during exercise, otherwise well.", "urgent", "headache_exertional"),
        ("Lung cancer with bone metastases and severe hip pain at night.", "soon", "known_cancer_with_pain"),
    ],
)
def test_triage_rule(assess, text: str, level: str, rule: str) -> None:
    triage = assess(text)["triage"]
    assert triage["level"] == level
    assert rule in triage["rules"]


def test_chronic_radicular_pain_is_routine(assess) -> None:
    triage = assess("Two years of left sciatica, unchanged, strength normal, no red flags.")["triage"]
    assert triage["level"] == "routine"


def test_old_stable_weakness_is_not_urgent(assess) -> None:
    triage = assess("Residual weakness of ankle dorsiflexion for five years after surgery, chronic back pain.")["triage"]
    assert "new_motor_weakness" not in triage["rules"]


def test_no_pain_is_routine_with_a_reason(assess) -> None:
    result = assess("Here for a flu vaccine. No complaints.")
    assert result["differential"] == []
    assert result["triage"]["level"] == "routine"
    assert "no pain" in result["triage"]["reasons"][0]
