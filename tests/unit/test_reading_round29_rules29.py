"""Round-29 probes (issue 10, red flags and triage): a suspected deep vein thrombosis, chest pain with autonomic
features that may be an acute coronary syndrome, and exertional chest pain that may be angina were `routine` with
nothing said. Each rule has two wordings of our own and a twin that must not fire: a night cramp or swollen ankles
on both sides, a chest wall pain that pressing reproduces, shingles, a denied chest pain."""

from __future__ import annotations

import pytest


def _rules(result: dict) -> set[str]:
    return set(result["triage"].get("rules", []))


_RANK = {"routine": 0, "soon": 1, "urgent": 2, "emergency": 3}


# ---------------------------------------------------------------- 1. suspected deep vein thrombosis
@pytest.mark.parametrize(
    "text",
    [
        "Got back from a long-haul trip to Singapore four days ago and my left calf is swollen, warm and sore.",
        "Ten days after my hip operation the whole right leg has swelled up and it aches.",
        "She takes HRT; her right calf is fatter than the other one and tender since Sunday.",
        "R leg oedema and a tender calf, bedbound for a week with a chest infection.",
    ],
)
def test_a_leg_swollen_on_one_side_is_a_possible_dvt(assess, text: str) -> None:
    result = assess(text)
    assert "possible_deep_vein_thrombosis" in _rules(result)
    assert _RANK[result["triage"]["level"]] >= _RANK["urgent"]


@pytest.mark.parametrize(
    "text",
    [
        "Cramps in my calf wake me at night, there is no swelling and it passes after a stretch.",
        "Both of my ankles swell by teatime since the amlodipine was started, and I have heart failure. Knee pain.",
        "My legs swell a little in hot weather; sciatica down the left leg for a year.",
        "Bilateral leg oedema from known cardiac failure; chronic low back pain.",
    ],
)
def test_a_cramp_or_swelling_of_both_legs_is_no_dvt(assess, text: str) -> None:
    assert "possible_deep_vein_thrombosis" not in _rules(assess(text))


# ---------------------------------------------------------------- 2a. chest pain with autonomic features
@pytest.mark.parametrize(
    "text",
    [
        "My dad is 68. Since this morning he has had a heavy pain in the middle of his chest and he is grey and clammy.",
        "Tight chest for the last half hour with sweating and feeling sick, I'm 55 and diabetic.",
        "My wife, 66, has a pain between her shoulder blades since yesterday, she is sweating and her jaw aches.",
        "Man of 61, retrosternal pressure for the past hour, diaphoretic.",
    ],
)
def test_chest_pain_at_rest_with_sweating_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "possible_acute_coronary_syndrome" in _rules(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I'm 62 and my chest wall has been sore since a week of coughing; it hurts when I press on my ribs and I feel breathless.",
        "Aged 58, sharp pain on the left side of my chest, tender to the touch over the costochondral joints, sweaty after the gym.",
        "I'm 70, burning pain across the right side of my chest for a week and then a blistering rash came up in a band; I felt faint.",
        "Aged 60, low back pain for three months, no chest pain, I sweat at night with the menopause.",
        "Pain between my shoulder blades since moving house, I'm 47, and I get out of breath on the stairs.",
    ],
)
def test_chest_wall_pain_shingles_or_no_chest_pain_is_no_acute_coronary_syndrome(assess, text: str) -> None:
    assert "possible_acute_coronary_syndrome" not in _rules(assess(text))


# ---------------------------------------------------------------- 2b. exertional chest pain (possible angina)
@pytest.mark.parametrize(
    "text",
    [
        "When I climb the stairs I get a tightness in my chest that eases after a minute or two of rest. My neck hurts too.",
        "Walking to the shops my chest starts to ache and it goes off when I stop for a breather. Also knee pain, 70.",
    ],
)
def test_chest_pain_on_exertion_relieved_by_rest_is_possible_angina(assess, text: str) -> None:
    result = assess(text)
    assert "possible_angina" in _rules(result)
    assert _RANK[result["triage"]["level"]] >= _RANK["soon"]


@pytest.mark.parametrize(
    "text",
    [
        "My calves ache when I walk up the hill and it goes when I stop. Numb feet, 66, smoker.",
        "My ribs hurt when I press on them after a chest infection; walking is fine and rest doesn't change it.",
    ],
)
def test_leg_pain_on_walking_or_chest_wall_pain_is_no_angina(assess, text: str) -> None:
    assert "possible_angina" not in _rules(assess(text))
