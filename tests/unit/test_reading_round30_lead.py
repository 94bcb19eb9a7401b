"""Round 30 (held out, then fixed), the lead's pattern: a weakness getting worse told in second-language or lay words
("the arm become more weak every day", "the weak is more") is a progressive deficit, and a hand or foot "sleeping"
or "asleep" is numbness (findings.yaml progressive_weakness, numbness; expert estimate of the words).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


@pytest.mark.parametrize(
    "text",
    [
        "Pain from my back go to the left leg since 2 weeks. Now the foot become more weak each day, I cannot walk "
        "on the heel. I am 47.",
        "Neck and arm pain 4 weeks. The pain is less but the weakness is worse now, my grip gets more weak. Age 58.",
    ],
)
def test_a_weakness_getting_worse_in_second_language_words_is_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_a_weakness_worse_at_a_time_of_day_is_not_progression(assess) -> None:
    result = assess("Fibromyalgia for years. The weakness is more in the mornings and eases by lunch. Age 44.")
    assert "progressive_neurologic_deficit" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Neck pain with my right thumb and first finger sleeping for three weeks.",
        "Sciatica on the left and my foot keeps going to sleep when I sit.",
    ],
)
def test_a_part_asleep_or_sleeping_is_numbness(assess, text: str) -> None:
    assert present(assess(text), "numbness")


def test_a_person_asleep_is_no_numbness(assess) -> None:
    result = assess("Low back pain for 2 months; I was sleeping badly and my wife says I am asleep by nine.")
    assert not present(result, "numbness")


# ------------------------------------------------------------------ two merged branches, reconciled (kb 2026.12.82)
# read29's "pain that stops at the knee is somatic referral" must not take in the front of the thigh or the groin (the
# upper lumbar roots' territory), and its "a pain with a duration after a history item is the complaint" needs the
# pain and its duration in one comma piece.


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for ten days and the pain radiates down the front of my left thigh to the knee.",
        "LBP 1/52 radiating into the right groin and anterior thigh as far as the knee.",
    ],
)
def test_front_of_thigh_pain_to_the_knee_with_back_pain_is_seen_within_a_week(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] != "routine"


def test_a_back_of_thigh_pain_stopping_at_the_knee_with_provocation_tests_stays_routine(assess) -> None:
    result = assess(
        "Right buttock pain for 2 months since the birth of my son, down the back of the thigh but never below the knee. "
        "Thigh thrust and compression tests reproduce it; SLR negative, neuro normal."
    )
    assert result["triage"]["level"] == "routine"


def test_a_history_item_then_a_pain_whose_duration_is_elsewhere_stays_history(kb) -> None:
    from painpath.narrative.pipeline import NarrativeReader

    story = NarrativeReader(kb).read("PMH: diabetes, COPD. Right hip pain, tingling fingers since this morning.")
    historical = {o.finding: o.historical for o in story.observations}
    assert historical.get("hip_groin_pain") is True
