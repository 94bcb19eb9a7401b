"""SNNOOP10 headache flags told in lay words (Do et al. 2019; found by the lead probing main, kb 2026.12.39): a headache
after a fall on an anticoagulant with drowsiness, a headache with one side's face and arm gone numb, and a daily
headache worse lying down and on waking with vomiting were all `routine`. Our own wordings, each pattern with twins
that must not fire (a migraine better lying down, an arm slept on, a fall years ago, warfarin without a head injury,
a tension headache worse in the evening, a known migraine's usual aura, a drug's drowsiness)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags

LEVELS = ["routine", "soon", "urgent", "emergency"]


def _at_least(result: dict[str, Any], level: str) -> bool:
    return LEVELS.index(result["triage"]["level"]) >= LEVELS.index(level)


# --------------------------------------------------------------------------------------- 1. post-traumatic onset
@pytest.mark.parametrize(
    "text",
    [
        "I knocked my head on the car door yesterday and have had a headache ever since. I take apixaban.",
        "Headache after I slipped on the ice on Monday; I'm on rivaroxaban for a clot.",
        "She tripped over the dog on Tuesday and bumped her head; headache since, she is 81.",
        "Headache since I came off my bike at the weekend, and I've been sick twice.",
        "Since my tumble down the garden steps two days ago I have a headache and feel drowsy.",
    ],
)
def test_a_headache_after_a_knock_with_a_bleed_risk_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "headache_post_traumatic_high_risk" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "My headache began after a car crash last week, I'm 34 and take no tablets.",
        "Hit my head on a low beam on Friday, headache since then. 40 years old.",
    ],
)
def test_a_headache_after_a_knock_alone_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert _at_least(result, "urgent")
    assert "headache_post_traumatic" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Headaches since a fall about five years ago, I take warfarin for atrial fibrillation.",
        "On apixaban for my heart rhythm, and I get tension headaches after long days at the screen.",
        "Migraine for twenty years. I'm on warfarin for a valve.",
    ],
)
def test_an_old_fall_or_an_anticoagulant_without_a_head_injury_is_not_post_traumatic(assess, text: str) -> None:
    rules = assess(text)["triage"]["rules"]
    assert "headache_post_traumatic" not in rules
    assert "headache_post_traumatic_high_risk" not in rules


# ----------------------------------------------------------------------- 2. a focal deficit or drowsiness in lay words
@pytest.mark.parametrize(
    "text",
    [
        "Headache this afternoon, and my right arm and the right side of my face went numb for a quarter of an hour.",
        "Headache, and for ten minutes my left arm and leg were weak and heavy. I'm 61.",
        "Bad headache today and my words came out muddled for a few minutes.",
        "Headache since lunch and the vision in my right eye went for a while.",
        "My husband has had a headache since last night and now he is hard to wake.",
        "Headache for two days and she's so drowsy she can't keep her eyes open.",
        "My usual migraine, but this time my arm and face went numb, which has never happened before.",
        # "as usual" said of the headache does not make a new weakness an aura
        "Headaches as usual, and this afternoon my right arm and leg went weak.",
        "I'm on edoxaban, feeling drowsy, with a headache since breakfast.",
    ],
)
def test_a_headache_with_a_deficit_in_lay_words_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert "headache_with_neuro_deficit" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        # an arm slept on, no headache
        "My left arm went numb because I slept on it, pins and needles in the hand when I woke.",
        # a known migraine's usual aura, told as the same as always
        "Migraines since school. My usual aura: my left hand and face tingle for about 20 minutes, same as always.",
        # a drug's drowsiness, named or not
        "Headaches for years, the pregabalin makes me drowsy.",
        "Chronic migraine, the tablets make me drowsy in the mornings.",
        # the tired end of a migraine attack
        "Migraine twice a month; after each attack I feel drowsy and washed out for a day.",
        "Amitriptyline - drowsiness. Tension headaches for years.",
        # one limb's numbness is a root's or a nerve's, not the brain's one-sided pattern
        "Neck pain and headaches, and my left arm and hand are numb.",
        "Sciatica, my right leg and foot are numb. I also get tension headaches.",
        # mislaying words in brain fog is no episode of muddled speech
        "Fibromyalgia with headaches; I get my words mixed up when I'm tired.",
    ],
)
def test_a_slept_on_arm_a_usual_aura_or_a_drugs_drowsiness_is_no_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "emergency"
    assert "headache_with_neuro_deficit" not in result["triage"]["rules"]


def test_the_lay_deficit_words_are_read(statuses) -> None:
    assert statuses("My right arm and face went numb for twenty minutes.").get("one_sided_deficit_lay") == "present"
    assert statuses("My arm went numb from sleeping on it.").get("one_sided_deficit_lay") is None
    assert statuses("Numbness down the left side of my leg.").get("one_sided_deficit_lay") is None


# ------------------------------------------------------------------- 3. positional, on waking, vomiting, coughing
@pytest.mark.parametrize(
    "text",
    [
        "Daily headache for six weeks, it gets worse when I lie flat and I keep throwing up. I'm 29.",
        "Headaches for a month that wake me up in the early hours, and I've been vomiting.",
        "Headache for weeks. The optician found swollen optic discs.",
        "Headaches that are worse when I cough or strain on the toilet, for three weeks.",
    ],
)
def test_a_raised_pressure_or_valsalva_headache_is_seen_the_same_day(assess, text: str) -> None:
    assert _at_least(assess(text), "urgent")


def test_a_headache_worse_lying_down_is_positional(assess) -> None:
    result = assess("Headache for three weeks, much worse when I lie down at night. 45 years old.")
    assert _at_least(result, "urgent")
    assert "headache_positional" in result["triage"]["rules"]


def test_a_headache_worst_on_waking_is_seen_within_a_week(assess) -> None:
    result = assess("Headaches for a month, always worst first thing in the morning. I'm 38.")
    assert _at_least(result, "soon")
    assert "headache_on_waking" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        # lying down in a dark room helps a migraine: better lying down is not positional
        "Migraines for years with nausea; they get better lying down in a dark room.",
        # a tension headache worse in the evening
        "Tension headaches for years, worse in the evening after work.",
        # a headache tablet taken in the morning is no morning headache
        "Tension headaches for years; I take my headache tablets in the morning.",
        # back pain worse lying down, a headache elsewhere in the note
        "Low back pain worse lying down. Occasional headaches too.",
        # coughing with a cold is no cough headache; sciatica worse on coughing is the disc's
        "A headache with my cold this week, coughing and sneezing a lot.",
    ],
)
def test_better_lying_down_an_evening_headache_or_a_cold_is_not_raised_pressure(assess, text: str) -> None:
    rules = assess(text)["triage"]["rules"]
    for rule in ("headache_positional", "headache_raised_pressure", "headache_on_waking", "headache_exertional"):
        assert rule not in rules


def test_no_flag_is_lost_by_the_new_rules(assess) -> None:
    # a thunderclap headache still raises its own flag beside the new rules
    result = assess("Sudden worst headache of my life an hour ago while lifting, now vomiting.")
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_the_aura_words_leave_a_denied_new_weakness_denied(assess) -> None:
    # "new" beside a deficit word is no changed aura: the denial keeps its target (found with the round 24 tests)
    result = assess("Sciatica for years with leg burning, no new weakness, walking on my heels is fine.")
    assert "progressive_neurologic_deficit" not in flags(result)
