"""Round 33, the lead's probe (lead33h): suicide risk told without the word, on the C-SSRS structure (Posner 2011),
and a septic joint after an injection or in a replaced joint (kb 2026.12.111).

Per pattern, two wordings of our own that must be read and a twin in similar words that must not fire: feeling like
ending it; tablets set out on a table with any ideation; a farewell ("won't be around much longer", "won't be here for
Christmas"); a pet given to someone; a note for the family and a will (the boundary: ordinary estate planning); a
method researched online; indifference to living; a suicide finding whose own "my" beside a relative's name; a joint
"hot and fat"; a painful joint with a fever or shivers after an injection or in a replacement; a fever with rigors
beside a newly painful joint.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags, present


def _level(result: dict[str, Any]) -> str:
    return str(result["triage"]["level"])


def _emergency_suicide(result: dict[str, Any]) -> bool:
    return "suicide_risk" in flags(result) and _level(result) == "emergency"


# ------------------------------------------------------------------ 1. feeling like ending it; tablets set out
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for months. Some nights I feel like ending it all.",
        "Neck pain. She said she has been feeling like ending her life since Christmas.",
    ],
)
def test_feeling_like_ending_it_is_a_thought_of_suicide(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicidal_thoughts")
    assert _emergency_suicide(result)


def test_ending_it_with_a_partner_is_not_a_thought_of_suicide(assess) -> None:
    result = assess("Back pain. I felt like ending it with him after the row last week.")
    assert not present(result, "suicidal_thoughts")
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, I feel hopeless, and I've got all my wife's tablets laid out on the bed.",
        "Hip pain. Everything feels hopeless and he has counted out all his morphine tablets on the kitchen table.",
    ],
)
def test_tablets_set_out_with_hopelessness_is_a_means_at_hand(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "lethal_means_access")
    assert _emergency_suicide(result)


def test_a_dosette_set_out_for_the_week_is_no_means(assess) -> None:
    result = assess("Back pain. My pills are lined up on the table for the week so I don't forget them.")
    assert not present(result, "lethal_means_access")
    assert "suicide_risk" not in flags(result)


# ------------------------------------------------------------------ 2. a farewell; a pet given away
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. He told his brother he won't be around for much longer.",
        "Knee pain for a year. She keeps saying she won't be here for Christmas.",
    ],
)
def test_a_farewell_told_as_a_fact_is_a_wish_to_be_dead(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "wish_to_be_dead")
    assert _emergency_suicide(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. I won't be around next week, I'm on holiday in Spain.",
        "Back pain. I won't be here for Christmas, we're going to my daughter's.",
        "Back pain. The cancer has spread and I know I won't be around much longer.",
    ],
)
def test_a_trip_or_a_prognosis_is_no_farewell(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "wish_to_be_dead")
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Last week he gave his neighbour his cat.",
        "Neck pain. She has given her son her dog and says she is tired.",
    ],
)
def test_a_pet_given_to_someone_is_preparatory_behaviour(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_preparatory")
    assert _emergency_suicide(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. We rehomed the dog because of my allergy.",
        "Back pain. I gave my neighbour my dog to look after while I'm in hospital.",
    ],
)
def test_a_pet_rehomed_for_a_reason_or_lent_is_not(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "suicide_preparatory")
    assert "suicide_risk" not in flags(result)


# ------------------------------------------------------------------ 3. a note for the family; the will
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. He has left letters for each of the kids.",
        "Shoulder pain. I've written a little note for my husband and told my daughter where the will is.",
    ],
)
def test_a_note_for_the_family_or_where_the_will_is_is_preparatory(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_preparatory")
    assert _emergency_suicide(result)


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. I wrote a note for the school about my son's appointment.",
        "Back pain. We sorted our wills when we bought the house.",
        "Back pain. I made my will when we got married.",
        "Back pain. I have written a letter to my MP about the waiting list.",
        "Back pain. I left a note for my husband to pick up the kids.",
    ],
)
def test_an_errand_a_letter_to_an_mp_or_estate_planning_is_not(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)


def test_a_my_inside_the_finding_keeps_it_the_writers_beside_a_relative(assess) -> None:
    result = assess("Knee pain. I've written to my sister and sorted out my affairs and my will.")
    assert present(result, "suicide_preparatory")
    # a relative's own act stays family history
    assert "suicide_risk" not in flags(assess("Back pain. My brother hanged himself in 2015."))


# ------------------------------------------------------------------ 4. a method researched
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. She has been googling how many of her tablets it would take to die.",
        "Neck pain. He looked up on his phone how to hang himself.",
    ],
)
def test_a_method_researched_is_a_method(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_method")
    assert _emergency_suicide(result)


def test_researching_how_to_take_tablets_safely_is_not(assess) -> None:
    result = assess("Back pain. He's been looking up online how to take his tablets with food.")
    assert not present(result, "suicide_method")
    assert "suicide_risk" not in flags(result)


# ------------------------------------------------------------------ 5. indifference to living
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for two years. He doesn't care whether he lives or dies any more.",
        "Hip pain. I'm past caring if I wake up.",
    ],
)
def test_indifference_to_living_is_a_wish_to_be_dead(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "wish_to_be_dead")
    # as "I wish I wouldn't wake up" is (C-SSRS 1: an emergency in this knowledge base)
    assert _emergency_suicide(result)


@pytest.mark.parametrize(
    "text",
    ["Back pain. I've stopped caring what people think.", "Back pain. I don't care if I die on the table as long as they fix it."],
)
def test_indifference_to_opinion_or_a_surgical_risk_is_not(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "wish_to_be_dead")


# ------------------------------------------------------------------ 6. a septic joint
@pytest.mark.parametrize(
    "text",
    ["My elbow has blown up and gone warm since this morning.", "Her knee is hot and fat since yesterday."],
)
def test_hot_and_fat_is_a_hot_swollen_joint(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "hot_swollen_joint_lay")
    assert _level(result) in {"urgent", "emergency"}


def test_a_fat_knee_without_heat_is_not(assess) -> None:
    assert not present(assess("My knees are fat and stiff after the walk, the hot bath helps."), "hot_swollen_joint_lay")


@pytest.mark.parametrize(
    "text",
    [
        "Had a steroid injection into my right shoulder on Monday, now it's agony and I've got a temperature.",
        "My hip was injected 4 days ago, it really hurts now and I keep shivering.",
        "My replaced knee has been really sore since Tuesday and I've had a fever and rigors.",
    ],
)
def test_a_painful_joint_with_fever_after_an_injection_or_in_a_replacement_is_an_emergency(assess, text: str) -> None:
    assert _level(assess(text)) == "emergency"


def test_an_old_injection_and_a_cold_in_an_arthritic_knee_is_not(assess) -> None:
    result = assess("My knee has ached for years. I had it injected 5 years ago. Now I have a cold with a fever and shivers.")
    assert _level(result) not in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "My knee started hurting two days ago and I have a fever and rigors.",
        "Left shoulder pain since yesterday, with a high temperature and the shivers.",
    ],
)
def test_a_fever_with_rigors_beside_a_new_joint_pain_is_seen_today(assess, text: str) -> None:
    assert _level(assess(text)) in {"urgent", "emergency"}


def test_an_arthritic_knee_with_a_cold_is_not(assess) -> None:
    result = assess("My knee has been arthritic for years and I've got a cold with a temperature and shivers.")
    assert _level(result) not in {"urgent", "emergency"}
