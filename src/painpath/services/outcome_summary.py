"""A patient's outcome summary: per instrument (and body site) the latest score, responder status against the
MCID, the active plan-review alert with its evidence and next step, any red flags; and the goals.

A function of its inputs (the store loads the rows): no clock, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from painpath.domain.goals import GoalKind
from painpath.domain.instruments import OutcomeCatalog
from painpath.domain.outcomes import (
    CheckIn,
    NextStep,
    NextStepProvider,
    PlanReviewRequest,
    RatingEntry,
    TreatmentChange,
    daily_series,
    latest_response,
    plan_review_alerts,
    trend_state,
)


@dataclass(frozen=True)
class Measurement:
    """One stored, scored measurement (score None when the missing-item rule refused one)."""

    instrument: str
    score: float | None
    taken_at: datetime
    body_site: str | None
    scoring: Mapping[str, Any]


@dataclass(frozen=True)
class PlanOption:
    """An option of the latest stored assessment's staged plan."""

    stage: int
    id: str
    label: str
    rationale: str = ""


def plan_next_steps(options: Sequence[PlanOption], *, tried: Iterable[str]) -> NextStepProvider:
    """Next steps from the stored plan: the options of the earliest stage that still has untried ones."""
    done = set(tried)
    remaining = [o for o in options if o.id not in done]
    first_stage = min((o.stage for o in remaining), default=None)
    steps = tuple(
        NextStep(label=o.label or o.id.replace("_", " "), option_id=o.id, rationale=o.rationale)
        for o in remaining
        if o.stage == first_stage
    )

    def provide(_request: PlanReviewRequest) -> Sequence[NextStep]:
        return steps

    return provide


def series_key(catalog: OutcomeCatalog, m: Measurement) -> tuple[str, str | None]:
    """Per-site instruments (the rating scale) keep one series per body site."""
    per_site = catalog.instruments[m.instrument].per_site if m.instrument in catalog.instruments else False
    return m.instrument, (m.body_site or "unspecified") if per_site else None


def summarise(
    catalog: OutcomeCatalog,
    measurements: Sequence[Measurement],
    *,
    changes: Sequence[TreatmentChange],
    next_steps: NextStepProvider,
    goals: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The summary as plain data (the web layer validates it into its response schema)."""
    groups: dict[tuple[str, str | None], list[Measurement]] = {}
    for m in sorted(measurements, key=lambda m: m.taken_at):
        if m.instrument in catalog.instruments:  # unscored legacy rows have no instrument definition
            groups.setdefault(series_key(catalog, m), []).append(m)
    instruments = [
        _instrument_summary(catalog, instrument, site, rows, changes, next_steps)
        for (instrument, site), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]
    kinds = {str(g["kind"]) for g in goals if g.get("status") == "active"}
    return {
        "kb_version": catalog.kb_version,
        "instruments": instruments,
        "red_flags": [flag | {"instrument": i["instrument"], "taken_at": i["latest_taken_at"]}
                      for i in instruments for flag in i["red_flags"]],
        "goals": [dict(g) for g in goals],
        "missing_goal_kinds": [kind.value for kind in GoalKind if kind.value not in kinds],
    }


def _instrument_summary(
    catalog: OutcomeCatalog,
    instrument_id: str,
    site: str | None,
    rows: Sequence[Measurement],
    changes: Sequence[TreatmentChange],
    next_steps: NextStepProvider,
) -> dict[str, Any]:
    definition = catalog[instrument_id]
    latest = rows[-1]
    scored = [m for m in rows if m.score is not None]
    # one check-in a day: the mean of that day's scores (several ratings a day are allowed)
    entries = [RatingEntry(m.taken_at, site or "", float(m.score)) for m in scored if m.score is not None]
    series = daily_series(entries, site=site or "")
    response = latest_response(definition, series)
    alert = None
    if trend_state(definition, series, catalog.plateau, changes) is not None:
        alerts = plan_review_alerts(catalog, instrument_id, series, next_steps=next_steps, changes=changes, site=site)
        alert = _alert(alerts[-1]) if alerts else None
    return {
        "instrument": instrument_id,
        "label": definition.label,
        "site": site,
        "latest_score": latest.score,
        "latest_band": latest.scoring.get("band"),
        "latest_band_label": latest.scoring.get("band_label"),
        "latest_taken_at": latest.taken_at,
        "check_ins": len(series),
        "baseline": _check_in(series[0]) if series else None,
        "mcid": definition.mcid.text if definition.mcid else None,
        "responder_status": response.status.value if response else None,
        "change": response.change if response else None,
        "relative_change": response.relative if response else None,
        "plan_review": alert,
        "red_flags": list(latest.scoring.get("red_flags") or []),
        "notes": list(latest.scoring.get("notes") or []),
    }


def _alert(alert: Any) -> dict[str, Any]:
    return {
        "reason": alert.reason.value,
        "raised_on": alert.raised_on,
        "message": alert.message,
        "baseline": _check_in(alert.baseline),
        "evidence": [_check_in(c) for c in alert.evidence],
        "mcid": alert.mcid.text,
        "next_steps": [
            {"label": s.label, "option_id": s.option_id, "rationale": s.rationale} for s in alert.next_steps
        ],
        "sources": list(alert.sources),
    }


def _check_in(check_in: CheckIn) -> dict[str, Any]:
    day: date = check_in.day
    return {"day": day, "score": check_in.score}
