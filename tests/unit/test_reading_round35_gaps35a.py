"""Round 35 reading gaps (gaps35a, kb 2026.12.115), each a pattern with two wordings and a negative twin.

- saddle numbness told as feeling lost "down below", in the privates, around the bottom; bladder sensation lost;
- safety-net advice put to "you" is a condition up to the sentence end; a report after it is still read;
- a test requested to look for a cancer is no cancer history;
- an oral NSAID with a blood pressure of 180/120 or more, or with a myeloma picture.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import cautions, excluded, flags, level, offered


# ---------------------------------------------------------------- 1. saddle numbness in lay words
@pytest.mark.parametrize(
    "text",
    [
        "I've lost feeling down below and my back is killing me.",
        "My back is agony and I've lost all sensation in my privates.",
        "Back pain and there's no feeling around my bottom since last night.",
        "Sciatica and my private parts have lost feeling.",
        "Back pain. Losing feeling down below.",
    ],
)
def test_feeling_lost_in_the_saddle_is_cauda_equina(assess, statuses, text: str) -> None:
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My back is killing me and I've been feeling down for weeks.",
        "Back ache and feeling down in the dumps.",
    ],
)
def test_feeling_down_is_still_low_mood(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("low_mood_lay") is Status.PRESENT
    assert found.get("saddle_anaesthesia") is None
    assert "cauda_equina_syndrome" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Back pain and I've lost feeling in the bottom of my foot.",
        "Back pain. No loss of feeling down below.",
    ],
)
def test_a_foot_or_a_denial_is_no_saddle_numbness(assess, statuses, text: str) -> None:
    assert statuses(text).get("saddle_anaesthesia") is not Status.PRESENT
    assert "cauda_equina_syndrome" not in flags(assess(text))


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Back pain and I don't know when I'm weeing, it just comes out.", "bladder_bowel_change"),
        ("Back pain and I can't feel when I've opened my bowels.", "bladder_bowel_change"),
        ("Back pain and my bladder feels full but nothing comes out.", "urinary_retention"),
        ("Back pain. I need a wee but nothing happens.", "urinary_retention"),
    ],
)
def test_bladder_sensation_or_emptying_lost_in_lay_words(assess, statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT
    assert "cauda_equina_syndrome" in flags(assess(text))


def test_feeling_the_urge_is_no_bladder_change(statuses) -> None:
    found = statuses("Back pain, I know when I need a wee and pass it fine.")
    assert found.get("bladder_bowel_change") is not Status.PRESENT
    assert found.get("urinary_retention") is not Status.PRESENT


# ---------------------------------------------------------------- 2. safety-net advice put to "you"
@pytest.mark.parametrize(
    "text",
    [
        "Go to A&E if your legs go weak and you can't pass urine.",
        "Back pain. Call 999 if you develop numbness in your bottom, weakness in both legs or you can't pass urine.",
        "Back pain. If your legs become weak, your bottom goes numb or you cannot pee, go straight to A&E.",
        "Back pain. Ring 111 if you start having trouble peeing and your legs go numb and weak and you can't feel your bum.",
        "Back ache. In case you develop saddle numbness or urinary retention, attend ED immediately.",
        "Back pain. Should you lose control of your bladder, your bowels or feel numb in the saddle, ring 999.",
    ],
)
def test_safety_net_advice_raises_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert level(result) != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Come back if it gets worse. My legs went weak yesterday and I can't pass urine.",
        "Back pain. Told to come back if it gets worse but my legs went weak yesterday and I can't pass urine.",
        "Back pain. Go to A&E if your legs go weak; I already can't feel my bottom.",
        "The GP said to ring 999 if you can't pee, and I can't pee now and my bum is numb.",
        "Back pain. You told me to come back if your legs went weak. My legs went weak this morning and I wet myself.",
        "Back pain and sciatica, if anything my legs have gone weaker and I can't feel my bum.",
        "If I try to pee nothing comes out and my back is agony.",
    ],
)
def test_a_report_beside_safety_net_advice_stays_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


def test_a_denial_still_ends_at_a_clause_told_to_you(statuses) -> None:
    found = statuses("No fever and your legs have gone weak, you told the nurse.")
    assert found.get("fever") is Status.ABSENT
    assert found.get("subjective_leg_weakness") is Status.PRESENT


# ---------------------------------------------------------------- 3. a test requested for a cancer
@pytest.mark.parametrize(
    "text",
    [
        "Back pain 6 weeks, age 70. Myeloma screen requested.",
        "Back pain 6 weeks, age 70. Bloods sent to rule out myeloma.",
        "Back pain, age 68. PSA requested to check for prostate cancer.",
        "Back pain, age 66. Testing for lymphoma arranged.",
    ],
)
def test_a_test_for_a_cancer_is_no_cancer_history(assess, statuses, text: str) -> None:
    assert statuses(text).get("cancer_history") is not Status.PRESENT
    assert "spinal_malignancy" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, age 70. Paraprotein found, myeloma confirmed.",
        "Back pain 6 weeks, age 70. Myeloma screen requested last year; she was diagnosed with myeloma and had chemo.",
        "Back pain, age 70. Known myeloma.",
    ],
)
def test_a_cancer_found_or_known_still_counts(assess, statuses, text: str) -> None:
    assert statuses(text).get("cancer_history") is Status.PRESENT
    assert "spinal_malignancy" in flags(assess(text))


def test_a_suspected_cancer_with_tests_requested_still_flags(assess) -> None:
    assert "spinal_malignancy" in flags(assess("Back pain 6 weeks, age 70. Suspected myeloma, bloods requested."))


# ---------------------------------------------------------------- 4. oral NSAID: blood pressure and myeloma
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 3 weeks, age 60. BP 220/130 today, no headache or chest pain.",
        "Low back pain 2 weeks. Blood pressure 184/96 at the surgery.",
    ],
)
def test_no_oral_nsaid_at_180_over_120_or_more(assess, text: str) -> None:
    result = assess(text)
    assert "oral_nsaid" in excluded(result)
    assert "NG136" in excluded(result)["oral_nsaid"]
    assert "oral_nsaid" not in offered(result)


def test_uncontrolled_pressure_below_180_cautions_an_nsaid(assess) -> None:
    result = assess("Low back pain 2 weeks, age 50. BP 166/104 today.")
    assert "oral_nsaid" not in excluded(result)
    assert "raise blood pressure" in cautions(result, "oral_nsaid")


def test_a_normal_pressure_leaves_the_nsaid_be(assess) -> None:
    result = assess("Low back pain 2 weeks, age 50. BP 132/84 today.")
    assert "oral_nsaid" in offered(result)
    assert "blood pressure" not in cautions(result, "oral_nsaid")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain 3 weeks, age 62. Paraprotein on electrophoresis.",
        "Back pain 3 weeks, age 55. Calcium 2.95 on bloods.",
    ],
)
def test_a_myeloma_picture_cautions_an_nsaid(assess, text: str) -> None:
    assert "nephrotoxic" in cautions(assess(text), "oral_nsaid")


def test_a_normal_calcium_puts_no_kidney_caution(assess) -> None:
    assert "nephrotoxic" not in cautions(assess("Back pain 3 weeks, age 55. Calcium 2.35 on bloods."), "oral_nsaid")


# ---------------------------------------------------------------- a referral's polite request is no condition
@pytest.mark.parametrize(
    "text",
    [
        "Dear colleague, grateful if you can see this lady urgently, her legs have gone weak and she cannot pass urine, back pain 3 days.",
        "I'd be grateful if you could see him, he has lost feeling down below and his back is agony.",
    ],
)
def test_a_referral_request_keeps_its_story(assess, text: str) -> None:
    assert "cauda_equina_syndrome" in flags(assess(text))


def test_a_polite_request_does_not_hide_the_complaint(assess) -> None:
    result = assess(
        "Dear Doctor, I would be grateful if you could see this 73-year-old man with two years of right knee pain on"
        " walking, short morning stiffness, crepitus and bony swelling."
    )
    assert result["differential"][0]["condition"] == "knee_osteoarthritis"
