"""Clinic-level reports: the outcome report as JSON and as CSV."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from painpath.adapters.outcome_report_csv import report_csv
from painpath.services.access import Actor, Perm
from painpath.web.deps import Ctx, require
from painpath.web.schemas_outcomes import GoalRowRead, McidRowRead, OutcomeReportRead, ReliefRowRead

router = APIRouter(prefix="/api", tags=["reports"])
ReportRead = Annotated[Actor, Depends(require(Perm.OUTCOME_REPORT))]


@router.get("/reports/outcomes")
def outcome_report(ctx: Ctx, actor: ReportRead) -> OutcomeReportRead:
    """Share of patients reaching the MCID by condition and by treatment, time to goal, procedure relief."""
    report = ctx.reports(actor).outcome_report()
    return OutcomeReportRead(
        patients=report.patients,
        mcid_by_condition=[McidRowRead(**asdict(r), share=r.share) for r in report.mcid_by_condition],
        mcid_by_treatment=[McidRowRead(**asdict(r), share=r.share) for r in report.mcid_by_treatment],
        goals=[GoalRowRead(**asdict(g)) for g in report.goals],
        reliefs=[ReliefRowRead(**asdict(r), share=r.share) for r in report.reliefs],
    )


@router.get(
    "/reports/outcomes.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the report as one CSV table"}},
)
def outcome_report_csv(ctx: Ctx, actor: ReportRead) -> Response:
    """The outcome report as CSV (a section column says which part of the report a row is)."""
    text = report_csv(ctx.reports(actor).outcome_report())
    return Response(text, media_type="text/csv", headers={"Content-Disposition": 'attachment; filename="outcomes.csv"'})
