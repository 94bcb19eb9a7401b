"""Round 28 (held out, scored before any fix): two leading-diagnosis misses from patterns the reader did not know.

- "singles" for shingles after a verb of having ("had singles round my ribs"): the zoster history post-herpetic
  neuralgia rests on; a singles match, bar or room is not;
- "today" that dates the visit ("unchanged on exam today", "seen in clinic today") gave a five-year pain a duration of
  hours; a pain that started today keeps it.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status


@pytest.fixture(scope="module")
def read(assessor) -> Any:
    return assessor.reader.read


@pytest.mark.parametrize(
    "text",
    [
        "got singles on my right side last winter and it still burns like fire where the spots were",
        "She had singles across her chest in the spring; the skin there still can't bear her bra.",
    ],
)
def test_singles_after_a_verb_of_having_is_shingles(read, text: str) -> None:
    assert read(text).status_of("dermatomal_rash_history") is Status.PRESENT


def test_a_singles_match_is_not_shingles(read) -> None:
    assert read("Hurt my shoulder in a singles match at the club on Sunday.").status_of(
        "dermatomal_rash_history") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Follow-up. 61F, cervical fusion 3 years ago. Persistent neck and arm pain since. Left grip weakness "
        "unchanged on exam today.",
        "Review. L5/S1 discectomy four years ago. Ongoing leg pain since then. Ankle reflex absent, unchanged at "
        "clinic today.",
    ],
)
def test_the_day_of_the_visit_is_not_the_complaints_duration(read, text: str) -> None:
    assert read(text).values.get("duration_days", 999) >= 1


def test_a_pain_that_began_today_keeps_its_duration(read) -> None:
    assert read("My back went this morning bending for the kettle, the pain started today.").values["duration_days"] < 1
