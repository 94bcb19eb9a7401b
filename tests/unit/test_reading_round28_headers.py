"""A header on its own line after a sentence that ends with a full stop takes over from the header above it.

The sentencizer opens the next sentence at the line break's white-space token, one token before the header's first
word, so the section was looked up at the white space and the header above ran on: "Background: ... daily.\\nPresenting
problem: yesterday she felt a sudden crack ..." read the new fracture as past history (round 28, held out). The
section is now decided at the sentence's first word. A line with no header of its own still belongs to the section
above it (twin).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags


@pytest.fixture(scope="module")
def read(assessor) -> Any:
    return assessor.reader.read


def roles_of(story: Any, finding: str) -> set[str]:
    return {o.role for o in story.observations if o.finding == finding}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Background: rheumatoid arthritis, prednisolone 10 mg daily.\nPresenting problem: yesterday evening felt a "
         "sudden crack and severe pain in her upper back while lifting a kettle.", "mid_back_pain"),
        ("Background: type 2 diabetes.\nCurrent problem: this week he has been unable to feel the toilet paper when "
         "he wipes.", "saddle_anaesthesia"),
    ],
)
def test_a_new_header_line_after_a_full_stop_ends_the_section_above(read, text: str, finding: str) -> None:
    assert roles_of(read(text), finding) == {"complaint"}


def test_a_line_without_a_header_stays_in_the_section_above(read) -> None:
    story = read("PMH: hypertension.\nLumbar discectomy for sciatica in 2015.\nHPC: knee pain on stairs.")
    assert roles_of(story, "prior_spine_surgery") <= {"history"}


def test_the_steroid_fracture_under_its_own_header_is_flagged(assess) -> None:
    result = assess("Background: rheumatoid arthritis, prednisolone 10 mg daily.\nPresenting problem: yesterday "
                    "evening felt a sudden crack and severe pain in her upper back while lifting a kettle. Aged 81.")
    assert "vertebral_fracture" in flags(result)
