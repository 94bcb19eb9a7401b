"""Found by probing main (kb 2026.12.45): "I have a temperature" was not read as a fever, so back pain getting worse
with a temperature stayed `routine`; a headache on sitting up that eases lying flat days after an epidural or a
lumbar puncture (a post-dural puncture headache) was `routine`. Our own wordings, each with a twin."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "My back pain is much worse this week and I have a temperature.",
        "He's got a high temp and his lower back is killing him.",
        "Back ache since Friday, I've got a bit of a fever too.",
    ],
)
def test_a_temperature_in_lay_words_with_back_pain_is_a_possible_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "I have a temperature of 36.8 and an ache in my low back after gardening.",
        "Back pain after lifting. I don't have a temperature.",
        "I have a temperature chart from the ward; back pain for 2 years.",
    ],
)
def test_a_normal_reading_or_a_denied_temperature_is_no_fever(statuses, text: str) -> None:
    assert statuses(text).get("fever") != "present"


@pytest.mark.parametrize(
    "text",
    [
        "Epidural steroid injection on Tuesday. Since yesterday a headache when I sit up that goes when I lie flat.",
        "Lumbar puncture two days ago, now a headache worse on standing and better lying down.",
        "Post-dural puncture headache after her spinal anaesthetic three days ago.",
    ],
)
def test_an_upright_headache_after_a_dural_puncture_is_seen_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] == "urgent"
    assert "headache_after_dural_puncture" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Migraine for years; it is better lying down in a dark room.",
        "Had an epidural for my back last week. Headache today from the sun.",
        "Positional headache? No - it is the same sitting or lying. Migraine since my teens.",
    ],
)
def test_a_migraine_eased_by_rest_or_an_unrelated_headache_after_an_epidural_is_not_it(assess, text: str) -> None:
    assert "headache_after_dural_puncture" not in assess(text)["triage"]["rules"]
