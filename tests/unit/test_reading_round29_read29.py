"""Round 29 (reviewers' notes and the lead's probes): whole notes read as nothing, or findings given to the wrong clause.

- "N/12 hx of X" (clinical shorthand for a duration) is the presenting complaint's length, not past history;
- a header with nothing under it ("PMH: nil.", "DH: none") closes at once, and a pain with a duration told after a
  history header's first item ("PMHx: IVDU. Back pain 2 weeks") is the presenting complaint;
Each pattern in our own words, with twins that must not fire.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags

NO_COMPLAINT = "no pain complaint was found"


def _no_complaint(result: dict[str, Any]) -> bool:
    return any(NO_COMPLAINT in reason for reason in result["triage"]["reasons"])


# 1. a duration in months/weeks/days shorthand before "hx"/"history" is the complaint's length


@pytest.mark.parametrize(
    "text",
    [
        "67F, non-smoker, 2/12 history of upper back pain, there all the time and worse in bed, weight down 7 kg unintentionally.",
        "Man of 62. 4/52 hx of mid back ache, constant and waking him at night; has lost weight without dieting. PMH: none.",
    ],
)
def test_shorthand_duration_history_is_the_complaint(assess, text: str) -> None:
    result = assess(text)
    assert not _no_complaint(result)
    assert "spinal_malignancy" in flags(result)


def test_a_real_past_history_stays_history(statuses) -> None:
    # the twin: "hx of" with no duration before it is past history
    found = statuses("Hx of thoracic back pain after a car crash, settled. Now here for a sore left thumb.")
    assert found.get("mid_back_pain") is not Status.PRESENT


# 2. an empty header closes at once; a pain with a duration after a history header's first item is the complaint


@pytest.mark.parametrize(
    "text",
    [
        "PMH: injects drugs. Lower back pain for 10 days and sweats with shivers at night.",
        "Background: nil. Low back ache, feverish and shaking overnight, diabetic.",
        "FH: none. Sore lower back with fevers and rigors.",
        "Past medical history: heroin use\nBackache 5 days, temp 38.6 last night.",
    ],
)
def test_complaint_after_a_history_header_is_read(assess, text: str) -> None:
    result = assess(text)
    assert not _no_complaint(result)
    assert "spinal_infection" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "PMH: asthma. Hypertension. Type 2 diabetes.",
        "PMH: diabetes. Back pain 4 years ago, fully settled with physio.",
    ],
)
def test_a_plain_history_list_stays_history(assess, text: str) -> None:
    result = assess(text)
    assert _no_complaint(result)
    assert result["triage"]["level"] == "routine"
