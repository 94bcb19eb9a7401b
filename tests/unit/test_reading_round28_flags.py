"""Round 28 (held out, scored before any fix): two missed red flags came from words the reader did not know.

- an examiner's saddle finding in its usual order ("perineal sensation diminished"), not feeling the water or paper
  when washing or wiping after the toilet, and "difficulty in passing urine" (the term list held only the phrase
  without "in"): cauda equina was missed with all three in one note;
- pain over coordinated spine segments ("ache in the thoracic and lumbar spine") was no spinal pain, so night pain,
  weight loss and a past cancer raised no malignancy flag.
Each pattern in our own words, with twins that must not fire.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags


@pytest.fixture(scope="module")
def read(assessor) -> Any:
    return assessor.reader.read


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Exam: perineal sensation diminished to pinprick on the left.", "saddle_anaesthesia"),
        ("Saddle light touch is now impaired.", "saddle_anaesthesia"),
        ("She says she couldn't feel the paper when wiping after the toilet this morning.", "saddle_anaesthesia"),
        ("Over the last day he has had trouble with passing water.", "urinary_retention"),
        ("Reports problems in voiding urine since yesterday.", "urinary_retention"),
        ("Six weeks of soreness across the thoracic and lumbar spine.", "low_back_pain"),
        ("Stiffness and pain throughout the dorsal and lumbar spine.", "mid_back_pain"),
    ],
)
def test_the_words_are_read(read, text: str, finding: str) -> None:
    assert read(text).status_of(finding) is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Exam: perineal sensation normal to pinprick, anal tone normal.", "saddle_anaesthesia"),
        ("She feels the paper normally when wiping.", "saddle_anaesthesia"),
        ("No difficulty in passing urine.", "urinary_retention"),
        ("Plan: MRI of the thoracic and lumbar spine.", "low_back_pain"),
    ],
)
def test_the_twins_are_not(read, text: str, finding: str) -> None:
    assert read(text).status_of(finding) is not Status.PRESENT


def test_the_examiners_words_raise_cauda_equina(assess) -> None:
    result = assess("52-year-old woman, 10 days of low back pain into both legs. Since yesterday difficulty in passing "
                    "urine. On examination perianal sensation was reduced on both sides.")
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_coordinated_spine_pain_with_cancer_features_is_flagged(assess) -> None:
    result = assess("71-year-old man. Two months of ache in the thoracic and lumbar spine, worse at night, 6 kg lost "
                    "without trying. Bladder cancer treated 5 years ago.")
    assert "spinal_malignancy" in flags(result)
