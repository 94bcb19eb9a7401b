"""Negation, round 35: a denial list ran over a comma into a new statement told with a predicate.

"No fever, back pain worse at night" read the back pain and the night pain as denied; "No trauma, X-ray showed a
wedge fracture of T12" denied the fracture; "no leg pain, pain worse with sitting and bending forward, MRI shows Modic
changes" denied everything after the first item. After a comma or semicolon a bare noun phrase told with a predicate
("worse at night", "eased by walking", "shows", "radiates", "feel weak") opens a new statement; a list of bare nouns
("no fever, night sweats, weight loss", "no fever, muscle aches or rash") and a list closed by a passive ("saddle
numbness was reported") stay denied. A denial told after its item in the passive ("urinary retention has not been
noted") is read. Every note is our own wording.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, present


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("No fever, back pain worse at night.", "night_pain"),
        ("Denies fever; low back pain much worse at night for a month.", "night_pain"),
        ("No leg pain, pain worse with sitting.", "worse_sitting"),
        ("No trauma, X-ray showed a wedge fracture of T12.", "imaging_vertebral_fracture"),
        ("No bladder symptoms, scan revealed severe canal stenosis at L4-5.", "imaging_stenosis"),
        ("Denies numbness, MRI shows a disc bulge at L4-5.", "imaging_disc_herniation"),
        ("No fever, legs feel weak.", "subjective_leg_weakness"),
        ("No numbness, legs gave way twice on the stairs.", "subjective_leg_weakness"),
    ],
)
def test_a_predicate_after_a_comma_opens_a_new_statement(assess, text: str, finding: str) -> None:
    assert present(assess(text), finding)


@pytest.mark.parametrize(
    ("text", "findings"),
    [
        ("No fever, night sweats, weight loss or night pain.", ["fever", "weight_loss", "night_pain"]),
        ("No numbness, tingling, weakness, bladder or bowel change.", ["numbness", "motor_weakness"]),
        ("Denies saddle anaesthesia, urinary retention, faecal incontinence.", ["saddle_anaesthesia", "urinary_retention"]),
        ("No fever, weight loss, saddle numbness was reported.", ["weight_loss", "saddle_anaesthesia"]),
    ],
)
def test_a_denial_list_of_nouns_stays_denied(assess, text: str, findings: list[str]) -> None:
    result = assess(text)
    for finding in findings:
        assert absent(result, finding), finding
        assert not present(result, finding), finding


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Denies fever, chills; urinary retention has not been noted.", "urinary_retention"),
        ("Saddle numbness was not reported.", "saddle_anaesthesia"),
    ],
)
def test_a_passive_denial_after_its_item(assess, text: str, finding: str) -> None:
    result = assess(text)
    assert absent(result, finding)


def test_a_passive_report_is_not_a_denial(assess) -> None:
    assert present(assess("Weakness was noted in the left leg on examination."), "motor_weakness")


def test_night_pain_after_a_denial_keeps_its_weight(assess) -> None:
    result = assess("68-year-old man. No fever, back pain worse at night, lost a stone without trying.")
    assert "spinal_malignancy" in {f["id"] for f in result["red_flags"]}
