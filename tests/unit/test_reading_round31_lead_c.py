"""Round 31, the lead's third probe of main (lead31c): sudden trunk pain with signs of shock in an older or
anticoagulated person (possible ruptured AAA or retroperitoneal bleed), opioid toxicity, a medicine overdose told
plainly, and a temperature during chemotherapy (possible neutropenic sepsis). Two wordings of our own that must
behave and a twin that must not fire, per pattern (kb 2026.12.92).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _rules(result: dict) -> list[str]:
    return list(result["triage"].get("rules", []))


# ---------------------------------------------------------------- sudden trunk pain with shock (vascular_emergency)
@pytest.mark.parametrize(
    "text",
    [
        "My husband is 79 and this morning he got a terrible pain in his back and tummy all of a sudden, he's gone grey "
        "and clammy and his heart is racing.",
        "On rivaroxaban for AF. Since lunchtime sudden severe pain in the left loin and lower back, I feel lightheaded "
        "and my blood pressure is low on the home machine.",
        "Sudden severe back pain at 68 after lifting, clammy and faint.",
    ],
)
def test_sudden_trunk_pain_with_shock_signs_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sudden back pain lifting a box, 35, otherwise well.",
        "Back pain for years, I'm 40, I get dizzy when I stand up quickly.",
        "Severe back pain for 2 weeks, age 72, gabapentin makes me dizzy.",
        "She is 70, chronic back pain for years, on warfarin, gets dizzy sometimes.",
    ],
)
def test_back_pain_without_shock_in_the_young_or_chronic_is_no_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" not in flags(result)
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- opioid toxicity
@pytest.mark.parametrize(
    "text",
    [
        "Mum takes oxycodone for her hip and tonight we can't wake her properly, her lips look blue.",
        "Patient on tramadol and codeine, breathing very shallow, pupils pinpoint, hard to rouse.",
    ],
)
def test_opioid_with_slowed_breathing_or_unrousable_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "possible_opioid_toxicity" in _rules(result)
    assert any("naloxone" in reason for reason in result["triage"]["reasons"])


@pytest.mark.parametrize(
    "text",
    [
        "Morphine makes me a bit drowsy in the afternoons.",
        "Pupils pinpoint on exam, on morphine, alert and chatty.",
        "Breathing exercises help with my pain.",
    ],
)
def test_an_opioid_side_effect_alone_is_no_toxicity(assess, text: str) -> None:
    result = assess(text)
    assert "possible_opioid_toxicity" not in _rules(result)
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- a medicine overdose told plainly
@pytest.mark.parametrize(
    "text",
    [
        "I swallowed the whole packet of co-codamol this morning, back pain.",
        "I took 20 ibuprofen at once yesterday, knee pain.",
        "She took an overdose of her amitriptyline yesterday after a row, knee pain.",
    ],
)
def test_a_medicine_overdose_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "medicine_overdose" in _rules(result)


def test_an_overdose_because_of_pain_is_no_suicide_flag_without_intent(assess) -> None:
    result = assess("I took 25 paracetamol over the evening because the pain was unbearable.")
    assert _level(result) == "emergency"
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "I take 2 paracetamol 4 times a day.",
        "Took 8 paracetamol yesterday spread through the day.",
        "I take 10 different tablets a day for my heart and back.",
        "We discussed overdose risk and gave naloxone.",
        "I'm worried about overdosing on my painkillers.",
        "Took 12 co-codamol over the last week for the back.",
    ],
)
def test_a_regular_dose_or_talk_of_overdose_is_no_overdose(assess, text: str) -> None:
    result = assess(text)
    assert "medicine_overdose" not in _rules(result)
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- a temperature during chemotherapy
@pytest.mark.parametrize(
    "text",
    [
        "Back pain, had my last chemo 10 days ago and now I'm shivery and hot and cold.",
        "Halfway through chemotherapy for breast cancer, neck pain, temperature of 38.4 tonight.",
        "Neck ache, I'm neutropenic after treatment and I feel feverish.",
    ],
)
def test_a_temperature_during_chemotherapy_is_possible_neutropenic_sepsis(assess, text: str) -> None:
    result = assess(text)
    assert _level(result) == "emergency"
    assert "possible_neutropenic_sepsis" in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "Finished chemotherapy 3 years ago, cold with a temperature last week.",
        "On chemo, no fever, back pain.",
        "Chemotherapy with oxaliplatin caused numb feet, finished 2019.",
    ],
)
def test_chemotherapy_long_ago_or_without_a_temperature_is_not_neutropenic_sepsis(assess, text: str) -> None:
    result = assess(text)
    assert "possible_neutropenic_sepsis" not in _rules(result)


@pytest.mark.parametrize(
    "text",
    [
        "I took 30 paracetamol on purpose last night, back pain.",
        "I deliberately swallowed the whole box of tramadol yesterday.",
    ],
)
def test_an_overdose_told_as_meant_raises_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) == "emergency"


def test_tablets_taken_on_purpose_with_food_are_no_overdose(assess) -> None:
    result = assess("I took my tablets on purpose with food, back pain.")
    assert "suicide_risk" not in flags(result)
    assert "medicine_overdose" not in _rules(result)


def test_drowsy_with_slow_breathing_and_no_opioid_named_is_an_emergency(assess) -> None:
    result = assess("He's very drowsy today and his breathing is slow and shallow, back pain.")
    assert "possible_opioid_toxicity" in _rules(result)


def test_slow_breathing_on_purpose_in_relaxation_is_no_toxicity(assess) -> None:
    result = assess("On morphine for back pain; my breathing is slow when I meditate, which helps.")
    assert "possible_opioid_toxicity" not in _rules(result)
