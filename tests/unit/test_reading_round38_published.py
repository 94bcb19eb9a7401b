"""Round 38 published-style vignettes (fix38v, kb 2026.12.148), each fix a pattern with two new wordings and a
negative twin.

1. a relative the patient parts from, visits, rings or leaves things to ("said goodbye to his wife", "visited her
   grandchildren", "wrote letters to the children") is the object of the patient's act: the passive death wish told
   right after it ("... and wouldn't mind not waking up") is the patient's, not the relative's (suicide risk).
   For every other finding the kinship word stays a family cue ("visited her mother who has breast cancer" is the
   mother's cancer), and a farewell alone raises nothing.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level


# ---------------------------------------------------------------- 1. a farewell to a relative, then a death wish
@pytest.mark.parametrize(
    "text",
    [
        "Chronic low back pain for years. He has said goodbye to his wife and wouldn't mind not waking up tomorrow.",
        "Neck pain since the crash. She waved goodbye to her husband this morning and wishes she was dead.",
        "Widespread pain, lives alone. He rang his eldest son last night and would rather be dead.",
        "Knee pain for a year. She visited her grandchildren at the weekend and wants it all to end.",
    ],
)
def test_a_death_wish_after_a_farewell_to_a_relative_is_the_patients(assess, statuses, text: str) -> None:
    assert statuses(text).get("wish_to_be_dead") is Status.PRESENT
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the relative's own illness after the same words stays the relative's
        "Back pain for 3 months, worse bending. She visited her mother who has breast cancer; no night pain, no weight "
        "loss.",
        "Low back ache for 10 weeks after gardening. He said goodbye to his father who had prostate cancer, no night "
        "pain.",
        # a farewell alone is no death wish
        "Low back pain for 2 months. He has said goodbye to his wife and children before the operation and is looking "
        "forward to walking again.",
    ],
)
def test_a_relatives_illness_or_a_plain_farewell_raises_nothing(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("cancer_history") is not Status.PRESENT
    assert found.get("wish_to_be_dead") is not Status.PRESENT
    result = assess(text)
    assert not flags(result) & {"suicide_risk", "spinal_malignancy"}
    assert level(result) == "routine"
