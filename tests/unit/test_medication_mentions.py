"""Medication status is read from the drug's own clause, and patch rates keep their per-hour unit."""

from __future__ import annotations

import pytest

from painpath.narrative.medications import MedicationLexicon
from tests.unit.planning_support import kb


def mentions(text: str):  # type: ignore[no-untyped-def]
    return MedicationLexicon(kb().extra["medications"]).find(text, [(0, len(text))])


@pytest.mark.parametrize(
    ("text", "drug", "status"),
    [
        ("History of a bleeding stomach ulcer, taking apixaban.", "apixaban", "current"),
        ("NSAIDs upset his stomach.", "nsaid", "not_tolerated"),
        ("Gabapentin 300 mg three times a day, which made her dizzy.", "gabapentin", "not_tolerated"),
        ("Tried pregabalin without relief.", "pregabalin", "failed"),
        (
            "She could not tolerate duloxetine, but amitriptyline 10 mg at night helps.",
            "amitriptyline",
            "current",
        ),
    ],
)
def test_status_belongs_to_the_clause_that_names_the_drug(text: str, drug: str, status: str) -> None:
    found = {m.name: m.status for m in mentions(text)}
    assert found[drug] == status


def test_a_patch_rate_keeps_its_per_hour_unit() -> None:
    (patch,) = mentions("Fentanyl patch 25 mcg/h.")
    assert (patch.dose, patch.unit, patch.daily_dose) == (25.0, "mcg/h", None)


def test_a_combination_tablet_gives_the_opioid_dose() -> None:
    (percocet,) = mentions("Percocet 5/325 four times a day.")
    assert (percocet.name, percocet.dose, percocet.daily_dose) == ("oxycodone", 5.0, 20.0)


@pytest.mark.parametrize(
    "text", ["NSAIDs are contraindicated because of his kidneys.", "Advised to avoid NSAIDs."]
)
def test_an_instruction_not_to_use_a_drug_is_read_as_contraindicated(text: str) -> None:
    (nsaid,) = mentions(text)
    assert nsaid.status == "contraindicated"
