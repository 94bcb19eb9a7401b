"""Cauda equina told in lay words the reader missed (kb 2026.12.41, found by probing main after round 24's fixes):
not knowing when the bladder needs emptying, an 'accident' in the pants, "I've not passed water since last night",
a dental-anaesthetic feeling of the saddle in another word order, sex that feels numb. Our own wordings, each with
a twin that must not raise the flag."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "My low back is killing me and I can't tell whether I need the toilet any more.",
        "Back pain since Monday, and he doesn't know when he needs to go to the loo now.",
        "Twice this week I've had accidents in my knickers, never before, with this awful back.",
        "Back went on Saturday; since then I keep having little accidents in the bed at night.",
        "She hasn't passed any urine since breakfast and her back and both legs hurt.",
        "I've not weed for 14 hours, my back is in agony.",
        "Lower back pain and my privates feel as if they've been given a local anaesthetic.",
        "Since my back went, down there feels like it's not mine.",
        "Intercourse felt completely numb this weekend, and my back has been bad since the fall.",
        "Back pain and no feeling in my penis since Tuesday.",
    ],
)
def test_lay_cauda_equina_words_raise_the_emergency_flag(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain; I leak a little when I sneeze or laugh, ever since my second baby. Had an accident laughing at a wedding.",
        "Had a car accident in 2019 and my back still aches in the cold.",
        "Back ache. I haven't passed a kidney stone since the lithotripsy.",
        "Sciatica on the left. I can tell when I need the toilet, no problems there.",
        "Back pain after gardening. The dentist gave me a local yesterday for a filling.",
        "Sex is painful because of my back, but nothing is numb.",
    ],
)
def test_the_twins_raise_no_cauda_equina_flag(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I've never had a headache like this before, it came on suddenly an hour ago.", "head_pain"),
        ("Never had back pain like this in my life, since lifting yesterday.", "low_back_pain"),
        ("I have not had back pain this bad before; it started on Sunday.", "low_back_pain"),
        ("Twice this week I've had accidents in my knickers, never before, with this awful back.", "low_back_pain"),
    ],
)
def test_never_like_this_before_says_the_pain_is_new_not_absent(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) == "present"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I have never had back pain.", "low_back_pain"),
        ("Never had headaches. Knee pain for a year.", "head_pain"),
    ],
)
def test_never_had_without_a_comparison_still_denies(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) == "absent"


def test_a_first_ever_sudden_headache_told_as_never_like_this_is_an_emergency(assess) -> None:
    result = assess("I've never had a headache like this before, it came on suddenly an hour ago.")
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"
