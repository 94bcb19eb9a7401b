"""Morphine milligram equivalents against the CDC 2022 guideline, naloxone and taper plans."""

from __future__ import annotations

import pytest

from painpath.domain.opioids import calculate_mme
from painpath.narrative.medications import MedicationLexicon
from tests.unit.planning_support import TODAY, kb, med, plan_for, story


def factors():  # type: ignore[no-untyped-def]
    return kb().extra["planning"].stewardship.factors


def mme(*meds):  # type: ignore[no-untyped-def]
    return calculate_mme(meds, factors())


def test_cdc_worked_example_hydrocodone_5_mg_four_times_a_day_is_20_mme() -> None:
    assert mme(med("hydrocodone", 5, per_day=4)).total == 20


def test_cdc_worked_example_oxycodone_er_10_mg_twice_a_day_is_30_mme() -> None:
    assert mme(med("oxycodone", 10, per_day=2)).total == 30


def test_the_worked_examples_also_hold_when_read_from_a_note() -> None:
    lexicon = MedicationLexicon(kb().extra["medications"])
    meds = lexicon.find("Takes hydrocodone 5 mg QID and oxycodone ER 10 mg BID.", [])
    assert mme(*meds).total == 50


def test_methadone_uses_the_2022_factor_with_its_caution() -> None:
    result = mme(med("methadone", 10, per_day=3))
    assert result.total == pytest.approx(141.0)
    assert "QTc" in result.doses[0].note


def test_fentanyl_patch_is_converted_from_its_mcg_per_hour_rate() -> None:
    assert mme(med("fentanyl", 25, unit="mcg/h")).total == 60


def test_fentanyl_without_an_hourly_rate_is_not_guessed() -> None:
    result = mme(med("fentanyl", 100, unit="mcg", per_day=1))
    assert result.total == 0 and result.incomplete


def test_buprenorphine_is_kept_out_of_the_total_and_flagged() -> None:
    result = mme(med("buprenorphine", 10, unit="mcg/h"), med("morphine", 10, per_day=2))
    assert result.total == 20 and not result.incomplete
    assert "partial agonist" in result.doses[0].note


def test_tramadol_uses_the_2022_factor() -> None:
    assert mme(med("tramadol", 50, per_day=4)).total == 40


def test_a_dose_without_frequency_makes_the_total_a_floor() -> None:
    assert mme(med("oxycodone", 10)).incomplete


def test_past_opioids_do_not_count() -> None:
    assert mme(med("oxycodone", 10, per_day=2, status="past")).total == 0


@pytest.mark.parametrize(("dose", "naloxone"), [(25, True), (24.5, False)])  # hydrocodone x2: 50 vs 49 MME
def test_naloxone_is_offered_from_50_mme_a_day(dose: float, naloxone: bool) -> None:
    plan = plan_for(
        "lumbar_facet_pain", story(values={"age": 40.0}, meds=[med("hydrocodone", dose, per_day=2)])
    )
    assert ("naloxone" in plan.option_ids()) is naloxone


@pytest.mark.parametrize(
    "risk", ["on_benzodiazepine", "sleep_apnea", "prior_overdose", "substance_use_disorder"]
)
def test_naloxone_is_offered_below_50_mme_when_a_risk_factor_is_present(risk: str) -> None:
    patient = story([risk], values={"age": 40.0}, meds=[med("tramadol", 50, per_day=2)])
    assert "naloxone" in plan_for("lumbar_facet_pain", patient).option_ids()


def test_no_naloxone_without_opioid_exposure() -> None:
    assert "naloxone" not in plan_for("lumbar_facet_pain", story(["sleep_apnea"])).option_ids()


def test_cancer_pain_on_180_mme_gets_naloxone_but_no_taper() -> None:
    plan = plan_for("cancer_pain", story(meds=[med("morphine", 30, per_day=6)]))
    assert plan.mme is not None and plan.mme.total == 180
    assert "naloxone" in plan.option_ids()
    assert plan.taper is None


def test_opioid_with_benzodiazepine_gets_a_monthly_ten_percent_taper() -> None:
    patient = story(meds=[med("oxycodone", 20, per_day=2), med("alprazolam", 1, per_day=1)])
    plan = plan_for("lumbar_facet_pain", patient)
    assert plan.taper is not None
    assert plan.taper.schedule[0].endswith("40 mg/day oxycodone")
    assert plan.taper.schedule[1].startswith("2026-12-28") and plan.taper.schedule[1].endswith(
        "36 mg/day oxycodone"
    )
    assert any("benzodiazepine" in alert for alert in plan.alerts)


def test_after_surgery_the_taper_is_a_stop_date() -> None:
    patient = story(["recent_surgery", "taper_requested"], meds=[med("hydrocodone", 10, per_day=4)])
    plan = plan_for("postoperative_pain", patient)
    assert plan.taper is not None
    assert plan.taper.schedule[-1].startswith("by 2026-12-05")
    assert TODAY.isoformat() in plan.taper.schedule[0]


def test_no_taper_when_nothing_suggests_benefit_is_outweighed() -> None:
    plan = plan_for("lumbar_facet_pain", story(meds=[med("oxycodone", 5, per_day=2)]))
    assert plan.taper is None


@pytest.mark.parametrize(
    ("note", "total"),
    [
        ("Chronic low back pain, on oxy 20 bd.", 60.0),
        ("Takes Nucynta ER 150 bid.", 120.0),
        ("OxyContin 40 q12 for three years.", 120.0),
        ("Oxycodone 5mg, 2 tabs four times a day.", 60.0),
        ("Tramadol 50 mg up to 8 a day.", 80.0),
        ("Hydromorphone 2mg, takes 3 tablets a day.", 30.0),
        ("Duragesic 25 patch changed every 72 hours.", 60.0),
        ("Fentanyl 50 mcg patch every 72 hours.", 120.0),
        ("Tylenol #3 two tablets four times daily.", 36.0),
        ("Percocet 10/325 two tabs every 4 hours.", 180.0),
    ],
)
def test_doses_written_in_shorthand_give_the_cdc_total(note: str, total: float) -> None:
    lexicon = MedicationLexicon(kb().extra["medications"])
    summary = mme(*lexicon.find(note, []))
    assert (summary.total, summary.incomplete) == (total, False)


def test_an_opioid_the_note_says_is_not_taken_adds_nothing() -> None:
    lexicon = MedicationLexicon(kb().extra["medications"])
    summary = mme(*lexicon.find("Not taking oxycodone 20 mg bid any more; finished the course.", []))
    assert summary.total == 0 and not summary.doses


def test_a_caution_that_names_its_drug_is_not_prefixed_with_the_name_again() -> None:
    plan = plan_for("lumbar_facet_pain", story(values={"age": 40.0}, meds=[med("tramadol", 50, per_day=2)]))
    cautions = [a for a in plan.alerts if "serotonin" in a]
    assert cautions == ["tramadol: seizures and serotonin syndrome; at most 400 mg/day (300 mg/day over 75)"]
