"""A patient's outcome summary: per instrument (and body site) the latest score, responder status against the
MCID, the active plan-review alert with its evidence and next step, any red flags; and the goals.

A function of its inputs (the store loads the rows): no clock, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from painpath.domain.goals import Goal, GoalKind, GoalStall
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


def first_line_for(preferred: Mapping[str, Mapping[str, Any]], conditions: Iterable[str]) -> dict[str, str]:
    """Option id -> why it is guideline-preferred first-line (plan_review.yaml first_line_preferred), for a plan
    made for ``conditions`` (an entry limited to conditions counts only when the plan is for one of them)."""
    wanted = set(conditions)
    return {oid: str(item["why"]) for oid, item in preferred.items()
            if not item.get("conditions") or wanted & set(item["conditions"])}


def next_steps_for(options: Sequence[PlanOption], *, tried: Iterable[str],
                   first_line: Mapping[str, str] | None = None) -> tuple[NextStep, ...]:
    """After a stalled score or goal the plan escalates: the untried options of the stage after the current one
    (the latest stage with a tried or decided option; the first stage when none is). An untried guideline-preferred
    first-line option of the current or an earlier stage comes first, with why, and the escalation after it, so
    the clinician sees both. With no later stage, the untried options of the earliest stage that has some."""
    done = set(tried)
    preferred = first_line or {}
    if not options:
        return ()
    current = max((o.stage for o in options if o.id in done), default=min(o.stage for o in options))
    later = [o for o in options if o.stage > current and o.id not in done]
    next_stage = min((o.stage for o in later), default=None)
    untried_first = [o for o in options if o.stage <= current and o.id not in done and o.id in preferred]
    steps = [NextStep(label=o.label or o.id.replace("_", " "), option_id=o.id,
                      rationale=f"guideline-preferred first-line option not tried yet: {preferred[o.id]}")
             for o in untried_first]
    for o in (o for o in later if o.stage == next_stage):
        why = f"escalate to the next stage (stage {o.stage}) after stage {current}"
        if untried_first:
            why += " if the first-line option above is unsuitable or does not help"
        steps.append(NextStep(label=o.label or o.id.replace("_", " "), option_id=o.id,
                              rationale=f"{why}: {o.rationale}" if o.rationale else why))
    if steps:
        return tuple(steps)
    remaining = [o for o in options if o.id not in done]
    first_stage = min((o.stage for o in remaining), default=None)
    return tuple(NextStep(label=o.label or o.id.replace("_", " "), option_id=o.id, rationale=o.rationale)
                 for o in remaining if o.stage == first_stage)


def plan_next_steps(options: Sequence[PlanOption], *, tried: Iterable[str],
                    first_line: Mapping[str, str] | None = None) -> NextStepProvider:
    """The next steps of next_steps_for, as the outcome engine asks for them."""
    steps = next_steps_for(options, tried=tried, first_line=first_line)

    def provide(_request: PlanReviewRequest) -> Sequence[NextStep]:
        return steps

    return provide


def goal_review(goal: Goal, stall: GoalStall, settings: Mapping[str, Any], steps: Sequence[NextStep],
                fallback: str) -> dict[str, Any]:
    """A stalled goal's plan review as plain data (the same shape as a score's, reason 'goal_stalled')."""
    named = tuple(steps) or (NextStep(fallback),)
    first, last = stall.evidence[0], stall.evidence[-1]
    fields = {
        "goal": goal.statement or goal.measure, "measure": goal.measure,
        "baseline": f"{goal.baseline:g}", "target": f"{goal.target:g}",
        "min_progress_percent": f"{float(settings['min_progress']) * 100:g}",
        "count": len(stall.evidence), "span_days": (last.day - first.day).days,
        "values": ", ".join(f"{c.day.isoformat()}: {c.value:g}" for c in stall.evidence),
        "next_steps": "; ".join(s.label for s in named),
    }
    return {
        "reason": "goal_stalled",
        "raised_on": stall.raised_on,
        "message": str(settings["message"]).format_map(fields),
        "evidence": [{"day": c.day, "score": c.value} for c in stall.evidence],
        "next_steps": [{"label": s.label, "option_id": s.option_id, "rationale": s.rationale} for s in named],
        "sources": [str(settings["source"])],
    }


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
