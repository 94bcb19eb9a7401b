"""Round 31, the lead's probe of main (lead31f): where to send the patient when no spinal red flag fits. A suspected
pulmonary embolism, a possible ectopic pregnancy, labour or a pregnancy warning, a sickle cell crisis or acute chest
syndrome, and alcohol withdrawal with hallucinations are triage rules (knowledge/triage.yaml) whose reason says where
to go; the shakes of withdrawal are no rigors. Two wordings of our own that must behave and a twin that must not fire,
per pattern (kb 2026.12.95).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


def _rules(result: dict) -> list[str]:
    return list(result["triage"].get("rules", []))


# ---------------------------------------------------------------- suspected pulmonary embolism
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Had my knee replaced 10 days ago and now I'm short of breath and it hurts to take a deep breath.",
        "Just back from a long-haul flight, my left calf is swollen and tender, and I'm coughing up blood. Lower back ache.",
    ],
)
def test_breathlessness_or_pleuritic_pain_with_a_clot_risk_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_pulmonary_embolism" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Swollen ankles on both sides by the end of the day, no breathlessness, lower back ache.",
        "Back pain after a hip replacement 3 years ago, I get short of breath with my asthma.",
    ],
)
def test_ankles_swollen_on_both_sides_or_old_surgery_with_asthma_is_no_embolism(assess, text: str) -> None:
    result = assess(text)
    assert "possible_pulmonary_embolism" not in _rules(result)
    assert result["triage"]["level"] != "emergency"


def test_a_cold_before_a_denied_leg_swelling_leaves_the_denial_in_place(assess) -> None:
    # the "cold ... leg" pair of a vasomotor sign no longer swallows the "no" of "no leg swelling"
    result = assess("Upper back sore since a cold last week, no leg swelling.")
    assert not present(result, "one_leg_swollen")
    assert result["triage"]["level"] == "routine"


# ---------------------------------------------------------------- possible ectopic pregnancy
@pytest.mark.parametrize(
    "text",
    [
        "Positive pregnancy test last week, spotting, and sharp pain low on the left side. Also my lower back aches.",
        "Missed my period, now pain in the tip of my shoulder and I passed out this morning, back pain too.",
        "Lower back pain, I'm pregnant 7 weeks and there is some bleeding.",
    ],
)
def test_early_pregnancy_with_pain_bleeding_or_fainting_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "possible_ectopic_pregnancy" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "15 weeks pregnant, backache, no bleeding, scan normal.",
        "I'm pregnant 8 weeks, back ache, no bleeding and no pain in my tummy.",
    ],
)
def test_a_pregnancy_backache_with_no_warning_sign_is_no_ectopic(assess, text: str) -> None:
    result = assess(text)
    assert "possible_ectopic_pregnancy" not in _rules(result)
    assert result["triage"]["level"] != "emergency"


# ---------------------------------------------------------------- labour and pregnancy warnings
@pytest.mark.parametrize(
    "text",
    [
        "I'm 33 weeks pregnant, lower back ache since yesterday and the baby is moving less than usual.",
        "Sciatica in pregnancy, 26 weeks along, and I think my waters are leaking.",
        "Pregnant at 31 weeks, my back aches and the tightenings come every 4 minutes.",
    ],
)
def test_waters_contractions_or_fewer_movements_in_pregnancy_are_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "pregnancy_obstetric_warning" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "32 weeks pregnant, pelvic girdle pain when I roll over in bed, baby moving well.",
        "Lower back pain, my waters broke early with my first baby years ago, now 20 weeks pregnant and fine.",
    ],
)
def test_pelvic_girdle_pain_or_a_past_labour_is_no_obstetric_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "pregnancy_obstetric_warning" not in _rules(result)
    assert result["triage"]["level"] != "emergency"


# ---------------------------------------------------------------- sickle cell disease
@pytest.mark.parametrize(
    "text",
    [
        "I have sickle cell anaemia, my back pain is like a crisis and now I'm breathless.",
        "HbSS, lower back pain crisis since this morning with a fever.",
    ],
)
def test_sickle_cell_pain_with_breathlessness_or_fever_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "sickle_cell_acute_chest" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "HbSC disease, my back is killing me like a crisis, the usual tablets aren't touching it.",
        "Sickle cell disease, a painful crisis in my lower back since last night.",
    ],
)
def test_a_sickle_pain_crisis_alone_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] in {"urgent", "emergency"}
    assert "sickle_cell_painful_crisis" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "I carry the sickle cell trait, chronic back pain from lifting.",
        "My sister has sickle cell disease. I have lower back pain after gardening.",
    ],
)
def test_the_trait_or_a_relatives_disease_is_no_sickle_rule(assess, text: str) -> None:
    result = assess(text)
    rules = _rules(result)
    assert "sickle_cell_acute_chest" not in rules and "sickle_cell_painful_crisis" not in rules


# ---------------------------------------------------------------- alcohol withdrawal
@pytest.mark.parametrize(
    "text",
    [
        "I stopped drinking 3 days ago, my back hurts, I'm shaking and confused and I don't know where I am.",
        "Heavy drinker, lower back pain, I've been seeing insects crawling on the walls since last night.",
    ],
)
def test_withdrawal_with_hallucinations_or_confusion_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "alcohol_withdrawal_delirium" in _rules(result)
    assert "spinal_infection" not in flags(result)


def test_the_shakes_of_heavy_drinking_are_no_rigors(assess) -> None:
    result = assess("Back pain for a week, I've been drinking a lot and I'm shaking all the time.")
    assert not present(result, "chills_rigors")
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "I've been shivering and shaking with a fever, back pain 4 days.",
        "I've been drinking lots of water because I'm shaking with a fever, back pain 3 days.",
    ],
)
def test_shaking_with_a_fever_keeps_the_spinal_infection_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert "alcohol_withdrawal_delirium" not in _rules(result)


def test_drinking_with_no_hallucination_or_confusion_stays_routine(assess) -> None:
    result = assess("I drink a bottle of wine a night, lower back pain for 2 years, no other problems.")
    assert "alcohol_withdrawal_delirium" not in _rules(result)
    assert result["triage"]["level"] == "routine"


def test_drinking_water_is_no_alcohol_and_keeps_a_bare_shaking(assess) -> None:
    result = assess("I've been drinking lots of water and I'm shaking, back pain 3 days.")
    assert present(result, "chills_rigors")
