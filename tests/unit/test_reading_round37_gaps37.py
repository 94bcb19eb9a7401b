"""Round 37 known gaps (gaps37, kb 2026.12.139), each a pattern with two new wordings and a negative twin.

1. a limb caught in a door, jammed or crushed in the last days (or "and now") that looks bent is a possible fracture;
2. a sudden, severe or knife-like chest pain going through to the back is an aortic dissection screen (emergency);
3. a recent birth told by the baby's age or "had my baby ... ago" is read (locked);
4. the thigh named as where insulin or heparin goes is no thigh pain;
5. West African English "something crack for my back" and "my waist is paining me" are a low back pain;
6. swollen small joints of the hands or feet with a long morning stiffness or a squeeze test: urgent rheumatology
   referral (NICE NG100), triage soon.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import at_least, level

# ---------------------------------------------------------------- 1. a limb bent after a door or a blow

@pytest.mark.parametrize(
    "text",
    [
        "He slammed his hand in the garage door last night and the ring finger is now crooked.",
        "My little finger got trapped in a deckchair two days ago. The finger looks out of shape now.",
        "I shut my thumb in the car door and now it is bent at a funny angle.",
        "Last night she jammed her thumb in the car door. The thumb is crooked now.",
    ],
)
def test_a_limb_bent_after_a_door_or_a_blow_is_a_possible_fracture(assess, text: str) -> None:
    assert at_least(assess(text), "urgent")


def test_fingers_bent_for_years_by_arthritis_are_no_fracture(assess) -> None:
    result = assess("My fingers have been crooked for years with arthritis; I banged my hand on a cupboard years ago.")
    assert level(result) in {"routine", "soon"}


def test_a_door_injury_years_back_is_no_recent_injury(statuses) -> None:
    assert statuses("I jammed my finger in a door as a child and now it is crooked.").get("recent_injury") is None


# ---------------------------------------------------------------- 2. chest pain through to the back

@pytest.mark.parametrize(
    "text",
    [
        "A sudden pain in the middle of my chest that goes right through to my back, started an hour ago.",
        "Stabbing pain like a knife, from my chest straight through to between my shoulder blades, since this evening.",
        "Worst pain ever, it is in my chest going through to my back, came on 30 minutes ago.",
    ],
)
def test_a_sudden_chest_pain_through_to_the_back_is_an_emergency(assess, text: str) -> None:
    assert level(assess(text)) == "emergency"


def test_chest_pain_through_to_the_back_is_read(statuses) -> None:
    found = statuses("Sharp pain through my chest to my back since this morning.")
    assert found.get("chest_rib_pain") is Status.PRESENT
    assert found.get("chest_pain_to_back") is Status.PRESENT


def test_a_dull_chest_ache_to_the_back_for_months_is_no_dissection(assess) -> None:
    result = assess("A dull ache in my chest going through to my back for 5 months, worse when I twist.")
    assert level(result) != "emergency"


def test_a_chest_infection_is_no_chest_pain(statuses) -> None:
    assert statuses("My back hurts since the chest infection last month.").get("chest_rib_pain") is None


# ---------------------------------------------------------------- 3. a recent birth by the baby's age (locked)

@pytest.mark.parametrize(
    "text",
    [
        "The baby is 3 weeks old and my back has been aching since.",
        "I gave birth 12 days ago and now I have a fever and my tummy hurts.",
        "I had my baby 10 days ago and my calf is swollen.",
    ],
)
def test_a_recent_birth_told_by_the_baby_is_read(statuses, text: str) -> None:
    assert statuses(text).get("recent_birth") is Status.PRESENT


def test_a_grown_child_is_no_recent_birth(statuses) -> None:
    assert statuses("My daughter is 12 years old and I have back pain.").get("recent_birth") is None


# ---------------------------------------------------------------- 4. the thigh as an injection site

@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a month. I put my insulin into my left thigh twice a day.",
        "Low back pain since Christmas; she gives her heparin injections in the thigh.",
    ],
)
def test_the_thigh_named_for_an_injection_is_no_thigh_pain(statuses, text: str) -> None:
    assert statuses(text).get("thigh_pain") is None


def test_a_painful_thigh_injection_site_is_still_a_thigh_pain(statuses) -> None:
    found = statuses("Back pain, and the insulin jabs in my thigh really hurt.")
    assert found.get("thigh_pain") is Status.PRESENT


def test_a_thigh_pain_beside_insulin_is_still_a_thigh_pain(statuses) -> None:
    assert statuses("I am on insulin. The pain is in my thigh.").get("thigh_pain") is Status.PRESENT


# ---------------------------------------------------------------- 5. West African English back pain

@pytest.mark.parametrize(
    "text",
    [
        "Something snap for my back when I carry the cement bag, since 4 days.",
        "Doctor, something crack for me back this morning when I bend.",
        "My waist dey pain me since last week.",
    ],
)
def test_west_african_back_words_are_a_low_back_pain(statuses, text: str) -> None:
    assert statuses(text).get("low_back_pain") is Status.PRESENT


def test_something_cracked_for_the_back_door_is_no_back_pain(statuses) -> None:
    assert statuses("Something crack for my back door lock yesterday.").get("low_back_pain") is None


# ---------------------------------------------------------------- 6. inflammatory arthritis of the small joints

@pytest.mark.parametrize(
    "text",
    [
        "The knuckles on both hands have been puffy for two months and it takes me an hour to loosen up in the morning.",
        "Swollen MCP joints on the right, morning stiffness 90 minutes, for 8 weeks.",
        "Toe joints swollen for weeks, with a positive squeeze test across the knuckles.",
    ],
)
def test_swollen_small_joints_with_long_stiffness_are_referred_soon(assess, text: str) -> None:
    assert at_least(assess(text), "soon")


def test_brief_stiffness_without_swollen_joints_is_routine(assess) -> None:
    result = assess("My knuckles ache a bit when it is cold and are stiff for 5 minutes in the morning, not swollen.")
    assert level(result) == "routine"


def test_a_finger_swollen_after_an_injury_is_not_arthritis(statuses) -> None:
    found = statuses("I jammed my finger at netball yesterday, the finger joint is swollen.")
    assert found.get("recent_injury") is Status.PRESENT
