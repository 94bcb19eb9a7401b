"""The clinic outcome report on a small demo clinic, checked against numbers counted by hand here."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.outcome_report_csv import COLUMNS, report_csv
from painpath.domain.goals import Goal, GoalCheckIn, GoalKind, goal_progress
from painpath.domain.outcome_report import PatientOutcome, ProcedureRelief, outcome_report
from painpath.domain.outcomes import CheckIn, responder_status

DAY0 = date(2026, 1, 5)
AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="module")
def clinic():
    catalog = load_default_outcomes()
    nrs, odi, dn4 = catalog["nrs"], catalog["odi"], catalog["dn4"]

    def nrs_response(before, after):
        return responder_status(nrs, CheckIn(DAY0, before), CheckIn(DAY0 + timedelta(days=60), after))

    def goal(kind, reached_after_days):
        g = Goal(f"{kind}", kind, "goal", "units", baseline=0, target=10, set_on=DAY0, due=DAY0 + timedelta(days=120))
        value = 10 if reached_after_days is not None else 4
        return goal_progress(g, [GoalCheckIn(DAY0 + timedelta(days=reached_after_days or 30), value)], as_of=AS_OF)

    return [
        PatientOutcome(  # nurse: radicular pain, ESI, responder on NRS and ODI
            "p1",
            "lumbar_radiculopathy",
            ("epidural_steroid_injection", "physical_therapy"),
            (nrs_response(8, 3), responder_status(odi, CheckIn(DAY0, 60), CheckIn(AS_OF, 18))),
            (goal(GoalKind.WORK, 56), goal(GoalKind.LIFE, 28)),
            (ProcedureRelief("epidural_steroid_injection", 8, 3, 50),),
        ),
        PatientOutcome(  # radicular pain, ESI, 8 -> 7: not a responder; relief below threshold
            "p2",
            "lumbar_radiculopathy",
            ("epidural_steroid_injection",),
            (nrs_response(8, 7),),
            (goal(GoalKind.WORK, None),),
            (ProcedureRelief("epidural_steroid_injection", 8, 7, 50),),
        ),
        PatientOutcome(  # knee OA: genicular RFA, responder; DN4 has no MCID and is left out
            "p3",
            "knee_osteoarthritis",
            ("radiofrequency_ablation", "snri"),
            (nrs_response(7, 2), responder_status(dn4, CheckIn(DAY0, 2), CheckIn(AS_OF, 1))),
            (goal(GoalKind.LIFE, 84),),
            (ProcedureRelief("genicular_nerve_block", 7, 1, 80), ProcedureRelief("radiofrequency_ablation", 7, 2, 50)),
        ),
    ]


def test_share_reaching_mcid_by_condition(clinic):
    rows = {(r.group, r.instrument): (r.evaluable, r.reached) for r in outcome_report(clinic).mcid_by_condition}
    assert rows == {
        ("knee_osteoarthritis", "nrs"): (1, 1),
        ("lumbar_radiculopathy", "nrs"): (2, 1),
        ("lumbar_radiculopathy", "odi"): (1, 1),
    }


def test_share_reaching_mcid_by_treatment(clinic):
    rows = {(r.group, r.instrument): r.share for r in outcome_report(clinic).mcid_by_treatment}
    assert rows[("epidural_steroid_injection", "nrs")] == pytest.approx(0.5)
    assert rows[("physical_therapy", "odi")] == pytest.approx(1.0)
    assert rows[("radiofrequency_ablation", "nrs")] == pytest.approx(1.0)


def test_median_time_to_goal_counts_achieved_goals_only(clinic):
    goals = {row.kind: row for row in outcome_report(clinic).goals}
    assert (goals["all"].goals, goals["all"].achieved, goals["all"].median_days_to_goal) == (4, 3, 56)
    assert (goals["work"].goals, goals["work"].achieved, goals["work"].median_days_to_goal) == (2, 1, 56)
    assert goals["life"].median_days_to_goal == pytest.approx((28 + 84) / 2)


def test_procedure_relief_rates_against_each_pathway_threshold(clinic):
    reliefs = {row.procedure: row for row in outcome_report(clinic).reliefs}
    esi = reliefs["epidural_steroid_injection"]
    assert (esi.procedures, esi.met_threshold, esi.share) == (2, 1, 0.5)
    assert esi.median_relief == pytest.approx((62.5 + 12.5) / 2)
    assert reliefs["genicular_nerve_block"].met_threshold == 1


def test_csv_export_carries_the_same_numbers(clinic):
    rows = list(csv.DictReader(io.StringIO(report_csv(outcome_report(clinic)))))
    assert tuple(rows[0]) == COLUMNS
    esi = next(r for r in rows if r["section"] == "procedure_relief" and r["group"] == "epidural_steroid_injection")
    assert (esi["count"], esi["reached"], esi["share"], esi["median"]) == ("2", "1", "0.500", "37.5")
    radicular = next(
        r
        for r in rows
        if r["section"] == "mcid_by_condition" and r["instrument"] == "nrs" and r["group"] == "lumbar_radiculopathy"
    )
    assert (radicular["count"], radicular["reached"], radicular["share"]) == ("2", "1", "0.500")
