"""The lead's round-27 probes: missed red flags and under-triage told in lay words. Each pattern has two wordings of
our own and a twin that must not change: a first-ever headache told without the word headache, an aortic dissection
by the ADD risk markers, a hip fracture after a fall, a high-energy injury with spinal pain (and a height in feet that
is no foot), cervical myelopathy in lay words, and the bone-tumour picture of unexplained night bone pain."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status


def _flags(result: dict) -> set[str]:
    return {flag["id"] for flag in result["red_flags"]}


def _rules(result: dict) -> set[str]:
    return set(result["triage"].get("rules", []))


# ---------------------------------------------------------------- 1. thunderclap: "never had anything like it"
@pytest.mark.parametrize(
    "text",
    [
        "The headache arrived suddenly while I was reading; I have never felt anything like this before.",
        "Sudden pounding headache at lunchtime, the first one like this, not like my usual ones at all.",
    ],
)
def test_a_sudden_headache_unlike_anything_before_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in _flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_headache_likened_to_a_blow_from_someone_is_worst_ever(statuses) -> None:
    found = statuses("My headache started as if somebody had struck me with a hammer.")
    assert found.get("worst_ever_headache") is Status.PRESENT


def test_a_sudden_back_pain_never_had_before_is_no_headache(assess, statuses) -> None:
    text = "My low back went suddenly when I turned to pick up a box, never had anything like it. Aged 38."
    assert statuses(text).get("head_pain") is not Status.PRESENT
    result = assess(text)
    assert "thunderclap_headache" not in _flags(result)
    assert result["triage"]["level"] != "emergency"


def test_not_like_my_usual_self_is_no_headache_statement(assess) -> None:
    result = assess("I'm not like my usual self, the headaches have crept up slowly over three months. Aged 34.")
    assert "thunderclap_headache" not in _flags(result)


# ---------------------------------------------------------------- 2. aortic dissection by the ADD risk markers
@pytest.mark.parametrize(
    "text",
    [
        "I'm 31 and have Marfan syndrome. Twenty minutes ago a sudden agonising pain hit my upper back and went through to my chest.",
        "Chest pain came on all at once like a knife going in, then my right hand turned white and I nearly passed out.",
        "Sudden pain in the middle of my back like I'd been stabbed. The nurse says the blood pressure is different in my two arms.",
    ],
)
def test_abrupt_chest_or_back_pain_with_an_add_marker_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in _flags(result)
    assert result["triage"]["level"] == "emergency"


def test_hypermobile_ehlers_danlos_with_long_standing_back_ache_is_no_dissection(assess) -> None:
    result = assess("I have hypermobile Ehlers-Danlos and my low back has ached for years, worse after standing.")
    assert "vascular_emergency" not in _flags(result)


def test_a_mechanical_stabbing_back_pain_for_months_is_no_dissection(assess) -> None:
    result = assess("Sharp stabbing pain in my back when I bend, shooting into my buttock, for six months. Aged 44.")
    assert "vascular_emergency" not in _flags(result)


def test_the_aortic_conditions_are_read(statuses) -> None:
    assert statuses("She has a bicuspid aortic valve.").get("aortic_risk_condition") is Status.PRESENT
    assert statuses("Known vascular Ehlers-Danlos.").get("aortic_risk_condition") is Status.PRESENT
    assert statuses("Hypermobile Ehlers-Danlos syndrome.").get("aortic_risk_condition") is not Status.PRESENT


# ---------------------------------------------------------------- 3. hip fracture after a fall
@pytest.mark.parametrize(
    "text",
    [
        "Mum is 86 and slipped on the kitchen floor this morning. Her groin is sore and her right leg looks shorter and turned out.",
        "Tripped over the dog two days ago, aged 74, pain in the side of my hip but I can still walk with a stick.",
        "Came off my bike on Saturday, I'm 35, my hip is agony and I cannot raise my leg off the bed.",
    ],
)
def test_hip_pain_after_a_fall_is_a_possible_hip_fracture(assess, text: str) -> None:
    result = assess(text)
    assert "possible_hip_fracture" in _rules(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_a_hip_that_aches_after_the_gym_is_no_fracture(assess) -> None:
    result = assess("I'm 45 and my hip aches after a gym session yesterday, walking fine.")
    assert "possible_hip_fracture" not in _rules(result)
    assert result["triage"]["level"] == "routine"


def test_an_old_fall_beside_years_of_hip_arthritis_is_no_fracture(assess) -> None:
    result = assess("Aged 78, hip arthritis for years, fell ten years ago, stiff in the mornings.")
    assert "possible_hip_fracture" not in _rules(result)


# ---------------------------------------------------------------- 4. a high-energy injury with spinal pain
@pytest.mark.parametrize(
    "text",
    [
        "Three days ago I came off my motorbike on the bypass. My lower back is killing me.",
        "I fell through the loft hatch on Sunday, about 3 metres, and my lower back hurts.",
        "Our car rolled on the motorway last week; since then my neck and upper back are sore.",
    ],
)
def test_spinal_pain_after_a_dangerous_mechanism_is_urgent(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in _flags(result)
    assert result["triage"]["level"] == "urgent"


def test_a_ladder_fall_years_ago_stays_within_a_week(assess) -> None:
    result = assess("Fell off a ladder in 2010 and have had low back pain ever since, for years now.")
    assert result["triage"]["level"] == "soon"


@pytest.mark.parametrize(
    "text",
    [
        "Dropped about 10 feet onto concrete and my back hurts.",
        "Back strain from gardening a week ago, sore when bending, I'm six foot tall and 40.",
    ],
)
def test_a_measure_in_feet_is_no_foot(statuses, text: str) -> None:
    assert statuses(text).get("foot_pain") is not Status.PRESENT


def test_a_foot_that_hurts_beside_a_distance_still_counts(statuses) -> None:
    assert statuses("My feet hurt, I walk about 200 feet before I need to stop.").get("foot_pain") is Status.PRESENT


# ---------------------------------------------------------------- 5. cervical myelopathy in lay words
@pytest.mark.parametrize(
    "text",
    [
        "Sore neck for two years. I can no longer write properly and I keep stumbling.",
        "Neck has ached for months; now my legs feel stiff and heavy and I keep stumbling on kerbs.",
    ],
)
def test_writing_gone_and_stiff_legs_with_neck_pain_are_myelopathy(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" in _flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_handwriting_gone_downhill_is_clumsy_hands(statuses) -> None:
    assert statuses("My handwriting has gone downhill this year.").get("myelopathic_hands") is Status.PRESENT


def test_stiff_legs_after_a_marathon_are_no_myelopathy(assess) -> None:
    result = assess("Stiff legs after the marathon on Sunday, neck a bit sore from sleeping awkwardly. Aged 29.")
    assert "cervical_myelopathy" not in _flags(result)
    assert result["triage"]["level"] == "routine"


# ---------------------------------------------------------------- 6. unexplained night bone pain (bone tumour)
@pytest.mark.parametrize(
    "text",
    [
        "Aged 15. Knee has hurt for a month, it wakes me at night and ibuprofen doesn't touch it. There's a hard swelling just above the knee.",
        "I'm 19 and have found a bony lump on my upper arm that aches all night.",
    ],
)
def test_night_bone_pain_with_a_lump_in_a_young_person_is_urgent(assess, text: str) -> None:
    result = assess(text)
    assert "possible_bone_tumour_young" in _rules(result)
    assert result["triage"]["level"] == "urgent"


def test_constant_night_bone_pain_painkillers_do_not_touch_is_seen_within_a_week(assess) -> None:
    result = assess("Aged 58, a deep ache in my thigh bone, there constantly, worse at night, painkillers don't help.")
    assert "possible_bone_tumour" in _rules(result)
    assert result["triage"]["level"] in {"soon", "urgent"}


@pytest.mark.parametrize(
    "text",
    [
        "My 7 year old gets aches in both legs in the evening, better with a rub and calpol, fine in the morning.",
        "I'm 17, knocked my shin on a table two days ago, there's a bump and it's sore.",
        "I'm 20, my knee aches after football and at night sometimes, ibuprofen helps.",
    ],
)
def test_growing_pains_a_fresh_knock_and_sports_ache_are_no_bone_tumour(assess, text: str) -> None:
    result = assess(text)
    assert not {"possible_bone_tumour", "possible_bone_tumour_young"} & _rules(result)
    assert result["triage"]["level"] == "routine"


def test_a_painkiller_that_does_nothing_is_a_failed_trial(statuses) -> None:
    assert statuses("Low back pain for a month; co-codamol does nothing.").get("analgesic_failure") is Status.PRESENT
