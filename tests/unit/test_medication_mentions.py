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


def one(text: str, drug: str):  # type: ignore[no-untyped-def]
    found = [m for m in mentions(text) if m.name == drug]
    assert len(found) == 1, found
    return found[0]


def dosing(m) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    return (m.dose, m.unit, m.per_day, m.daily_dose)


# ---- a bare number after a drug is a strength in the drug's usual unit (medications.yaml default_unit)
@pytest.mark.parametrize(
    ("text", "drug", "expected"),
    [
        ("On oxy 20 bd, PT done.", "oxycodone", (20.0, "mg", 2.0, 40.0)),
        ("Takes Nucynta ER 150 bid.", "tapentadol", (150.0, "mg", 2.0, 300.0)),
        ("OxyContin 40 q12 for three years.", "oxycodone", (40.0, "mg", 2.0, 80.0)),
        ("MS Contin 30 q8.", "morphine", (30.0, "mg", 3.0, 90.0)),
        ("Oxycodone 5 q4 prn.", "oxycodone", (5.0, "mg", 6.0, 30.0)),
        ("Oxycodone 5 q6-8h.", "oxycodone", (5.0, "mg", 4.0, 20.0)),
        ("Kadian 50 a day.", "morphine", (50.0, "mg", 1.0, 50.0)),
        ("Suboxone 8 bid.", "buprenorphine", (8.0, "mg", 2.0, 16.0)),
        ("Duragesic 25 changed every 72 hours.", "fentanyl", (25.0, "mcg/h", None, None)),
        ("Butrans 10 weekly.", "buprenorphine", (10.0, "mcg/h", None, None)),
    ],
)
def test_a_bare_number_is_a_strength_in_the_drugs_usual_unit(text: str, drug: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert dosing(one(text, drug)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On oxycodone since 2019.",
        "Oxycodone 2019 to 2021.",
        "Oxycodone 3 years ago, stopped.",
        "Oxycodone x 3 years.",
        "Oxycodone 7/10 relief.",
        "Oxycodone 2 tabs when needed.",
        "Oxycodone 30% better.",
    ],
)
def test_a_number_that_is_plainly_something_else_is_not_a_strength(text: str) -> None:
    assert one(text, "oxycodone").dose is None


def test_a_class_word_has_no_usual_unit() -> None:
    assert one("Blood thinners 2 daily.", "anticoagulant").dose is None


# ---- tablet counts multiply the strength (and the acetaminophen of a combination tablet)
@pytest.mark.parametrize(
    ("text", "drug", "expected", "acetaminophen"),
    [
        ("Oxycodone 5mg, 2 tabs four times a day.", "oxycodone", (10.0, "mg", 4.0, 40.0), None),
        ("Percocet 10/325 two tabs every 4 hours.", "oxycodone", (20.0, "mg", 6.0, 120.0), 650.0),
        ("Tylenol 500 mg two tablets twice a day.", "acetaminophen", (1000.0, "mg", 2.0, 2000.0), None),
        ("Oxycodone 10mg x2 tds.", "oxycodone", (20.0, "mg", 3.0, 60.0), None),
        ("Norco 5/325 1-2 tabs q6h prn.", "hydrocodone", (10.0, "mg", 4.0, 40.0), 650.0),
    ],
)
def test_tablet_counts_multiply_the_dose(
    text: str, drug: str, expected: tuple, acetaminophen: float | None  # type: ignore[type-arg]
) -> None:
    m = one(text, drug)
    assert dosing(m) == expected
    assert m.acetaminophen_mg == acetaminophen


# ---- administrations a day: the most the note allows
@pytest.mark.parametrize(
    ("text", "drug", "expected"),
    [
        ("Tramadol 50 mg up to 8 a day.", "tramadol", (50.0, "mg", 8.0, 400.0)),
        ("Hydromorphone 2mg, takes 3 tablets a day.", "hydromorphone", (2.0, "mg", 3.0, 6.0)),
        ("Ibuprofen 400 mg 2 or 3 times a day.", "ibuprofen", (400.0, "mg", 3.0, 1200.0)),
        ("Gabapentin 300 mg 3x daily.", "gabapentin", (300.0, "mg", 3.0, 900.0)),
        ("Oxycodone 5-10 mg every 4 to 6 hours.", "oxycodone", (10.0, "mg", 6.0, 60.0)),
        ("Dilaudid 4mg q4h prn, uses about six a day.", "hydromorphone", (4.0, "mg", 6.0, 24.0)),
        ("Tramadol 50 mg, smokes 20 a day.", "tramadol", (50.0, "mg", None, None)),
    ],
)
def test_administrations_a_day(text: str, drug: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert dosing(one(text, drug)) == expected


# ---- a fentanyl or buprenorphine patch is labelled per hour
@pytest.mark.parametrize(
    "text",
    ["Fentanyl 50 mcg patch every 72 hours.", "Fentanyl 50 patch every 72 hours.", "Duragesic 50 mcg every 3 days."],
)
def test_a_patch_strength_is_an_hourly_rate(text: str) -> None:
    m = one(text, "fentanyl")
    assert (m.dose, m.unit, m.per_day, m.route) == (50.0, "mcg/h", None, "transdermal")


def test_fentanyl_in_micrograms_without_a_patch_stays_an_amount() -> None:
    assert one("Fentanyl 100 mcg IV in recovery.", "fentanyl").unit == "mcg"


# ---- Tylenol #3 / #4: codeine with acetaminophen at the label's strength per tablet
@pytest.mark.parametrize(
    ("text", "dose", "acetaminophen", "per_day"),
    [
        ("Takes Tylenol #3 two tablets four times daily.", 60.0, 600.0, 4.0),
        ("Tylenol No. 3 q6h.", 30.0, 300.0, 4.0),
        ("Tylenol#3 1 tab tid.", 30.0, 300.0, 3.0),
        ("T3 2 tabs qid.", 60.0, 600.0, 4.0),
        ("Tylenol with codeine #4 one tablet at night.", 60.0, 300.0, 1.0),
        ("Tylenol 4 bid.", 60.0, 300.0, 2.0),
    ],
)
def test_tylenol_with_codeine_is_codeine_plus_acetaminophen(
    text: str, dose: float, acetaminophen: float, per_day: float
) -> None:
    (m,) = mentions(text)
    assert (m.name, m.dose, m.unit, m.acetaminophen_mg, m.per_day) == ("codeine", dose, "mg", acetaminophen, per_day)


def test_tylenol_with_codeine_of_unnamed_strength_keeps_the_acetaminophen_but_guesses_no_codeine() -> None:
    (m,) = mentions("Tylenol with codeine 2 tabs tid.")
    assert (m.name, m.dose, m.acetaminophen_mg, m.per_day) == ("codeine", None, 600.0, 3.0)


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        ("Tylenol 3 times a day.", ["acetaminophen"]),
        ("Tylenol 3 tablets a day.", ["acetaminophen"]),
        ("Compression fracture of T3 vertebra.", []),
        ("Free T3 normal.", []),
        ("T3-4 disc.", []),
    ],
)
def test_a_number_after_tylenol_or_a_spinal_level_is_not_tylenol_3(text: str, drugs: list[str]) -> None:
    assert [m.name for m in mentions(text)] == drugs


# ---- status: negated, finished or given for something else
@pytest.mark.parametrize(
    ("text", "drug", "status"),
    [
        ("Not on any blood thinners.", "anticoagulant", "absent"),
        ("No aspirin, warfarin or clopidogrel.", "warfarin", "absent"),
        ("No aspirin, warfarin or clopidogrel.", "clopidogrel", "absent"),
        ("Denies taking NSAIDs.", "nsaid", "absent"),
        ("Never been on opioids; oxycodone offered.", "oxycodone", "current"),
        ("Anticoagulants: none.", "anticoagulant", "absent"),
        ("Not taking any regular medications such as apixaban.", "apixaban", "absent"),
        ("Off oxycodone since March.", "oxycodone", "past"),
        ("Took Xarelto after a DVT in 2021 but finished the course two years ago.", "rivaroxaban", "past"),
        ("Completed a course of prednisone last year.", "prednisone", "past"),
        ("No longer takes tramadol.", "tramadol", "past"),
        ("Used to take gabapentin.", "gabapentin", "past"),
        ("No relief from gabapentin.", "gabapentin", "failed"),
        ("No fever, on warfarin for AF.", "warfarin", "current"),
        ("Pain no better on oxycodone.", "oxycodone", "failed"),
        ("Not taking his oxycodone as prescribed.", "oxycodone", "current"),
        ("Without her tramadol she cannot walk.", "tramadol", "current"),
        ("Takes no more than 4 oxycodone a day.", "oxycodone", "current"),
    ],
)
def test_negated_and_finished_medications_are_not_current(text: str, drug: str, status: str) -> None:
    assert one(text, drug).status == status


@pytest.mark.parametrize(
    ("text", "drug", "status"),
    [
        ("Currently on linezolid for an infected foot ulcer.", "linezolid", "current"),
        ("On aspirin with a history of a bleeding ulcer.", "aspirin", "current"),
        ("Oxycodone for pain caused by a fall.", "oxycodone", "current"),
        ("MS Contin 30mg q12h for years causing constipation.", "morphine", "not_tolerated"),
        ("Naproxen gave her an ulcer.", "naproxen", "not_tolerated"),
        ("NSAID ulcer in 2019.", "nsaid", "not_tolerated"),
        ("Aspirin-induced gastritis.", "aspirin", "not_tolerated"),
        ("Nausea from tramadol.", "tramadol", "not_tolerated"),
        ("Stopped naproxen for heartburn.", "naproxen", "not_tolerated"),
        ("Tried gabapentin, but it made her dizzy.", "gabapentin", "not_tolerated"),
        ("Duloxetine nausea.", "duloxetine", "not_tolerated"),
        ("Naproxen helped but caused heartburn.", "naproxen", "not_tolerated"),
        ("On apixaban with a prior GI bleed.", "apixaban", "current"),
        ("Oxycodone previously, now tapentadol.", "oxycodone", "past"),
        ("Takes aspirin 81 mg daily for CAD, history of GI bleed 2018.", "aspirin", "current"),
        ("Meloxicam led to a GI bleed in 2020.", "meloxicam", "not_tolerated"),
        ("Previous ulcer on ibuprofen.", "ibuprofen", "not_tolerated"),
    ],
)
def test_a_side_effect_counts_only_when_it_belongs_to_the_drug(text: str, drug: str, status: str) -> None:
    assert one(text, drug).status == status


# ---- words before the name and liquids
@pytest.mark.parametrize(
    ("text", "drug", "expected"),
    [
        ("On 60 mg of morphine a day.", "morphine", (60.0, "mg", 1.0, 60.0)),
        ("Taking 30 mg oxycodone twice a day and gabapentin 300 mg tid.", "oxycodone", (30.0, "mg", 2.0, 60.0)),
        ("Takes about 6 Norco 10/325 a day.", "hydrocodone", (10.0, "mg", 6.0, 60.0)),
        ("Morphine 10 mg/5 ml 10 ml q4h.", "morphine", (20.0, "mg", 6.0, 120.0)),
        ("A 25 mcg/h fentanyl patch.", "fentanyl", (25.0, "mcg/h", None, None)),
    ],
)
def test_a_strength_or_count_before_the_name(text: str, drug: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert dosing(one(text, drug)) == expected


def test_a_liquid_without_the_volume_taken_has_no_dose() -> None:
    assert one("Oramorph 10mg/5ml prn.", "morphine").dose is None


def test_dose_words_stop_at_the_next_drug() -> None:
    found = {m.name: dosing(m) for m in mentions("Oxycodone 10 mg gabapentin bd.")}
    assert found == {"oxycodone": (10.0, "mg", None, None), "gabapentin": (None, None, 2.0, None)}
