"""The clinic outcome report as CSV (one table: a section column says which part of the report a row is)."""

from __future__ import annotations

import csv
import io

from painpath.domain.outcome_report import OutcomeReport

COLUMNS = ("section", "group", "instrument", "count", "reached", "share", "median")


def report_csv(report: OutcomeReport) -> str:
    """The report as CSV text with a header row; shares are fractions to 3 places, medians to 1."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for section, rows in (
        ("mcid_by_condition", report.mcid_by_condition),
        ("mcid_by_treatment", report.mcid_by_treatment),
    ):
        for row in rows:
            writer.writerow((section, row.group, row.instrument, row.evaluable, row.reached, f"{row.share:.3f}", ""))
    for goal in report.goals:
        median = "" if goal.median_days_to_goal is None else f"{goal.median_days_to_goal:.1f}"
        share = f"{goal.achieved / goal.goals:.3f}" if goal.goals else ""
        writer.writerow(("goals", goal.kind, "", goal.goals, goal.achieved, share, median))
    for relief in report.reliefs:
        writer.writerow(
            (
                "procedure_relief",
                relief.procedure,
                "",
                relief.procedures,
                relief.met_threshold,
                f"{relief.share:.3f}",
                f"{relief.median_relief:.1f}",
            )
        )
    return out.getvalue()
