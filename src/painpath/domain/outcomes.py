"""Response to treatment: responder status against the MCID, procedure relief, plateau, plan-review alert.

The engine is a function of its inputs: no clock, no database. A series is a patient's check-ins for one
instrument (and, for the rating scale, one body site), oldest first; the first check-in is the baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from painpath.domain.instruments import Better, InstrumentDef, Mcid, OutcomeCatalog, PlateauSettings


@dataclass(frozen=True)
class CheckIn:
    """One score on one day."""

    day: date
    score: float


@dataclass(frozen=True)
class RatingEntry:
    """One 0-10 pain rating: several a day are allowed, each for one body site."""

    at: datetime
    site: str
    score: float


def daily_series(entries: Iterable[RatingEntry], *, site: str) -> tuple[CheckIn, ...]:
    """One check-in per day for one body site: the mean of that day's ratings, oldest first."""
    by_day: dict[date, list[float]] = {}
    for entry in entries:
        if entry.site == site:
            by_day.setdefault(entry.at.date(), []).append(entry.score)
    return tuple(CheckIn(day, sum(scores) / len(scores)) for day, scores in sorted(by_day.items()))


def improvement(better: Better, before: float, after: float) -> float:
    """The change from before to after in score units; positive means the patient is better."""
    return before - after if better is Better.LOWER else after - before


def relative_improvement(better: Better, baseline: float, current: float) -> float | None:
    """The improvement as a fraction of the baseline; None when the baseline is zero."""
    if baseline == 0:
        return None
    return improvement(better, baseline, current) / abs(baseline)


class ResponderStatus(StrEnum):
    RESPONDER = "responder"  # improved by at least the MCID (absolute or relative)
    BELOW_MCID = "below_mcid"  # changed, but less than the MCID either way
    WORSENED = "worsened"  # worse than baseline by at least the MCID
    NOT_APPLICABLE = "not_applicable"  # the instrument has no MCID (screening and risk tools)


@dataclass(frozen=True)
class Response:
    instrument: str
    baseline: CheckIn
    current: CheckIn
    change: float  # in score units, positive = better
    relative: float | None  # fraction of baseline, positive = better
    status: ResponderStatus


def responder_status(instrument: InstrumentDef, baseline: CheckIn, current: CheckIn) -> Response:
    """Responder status of the current score against the baseline and the instrument's MCID."""
    change = improvement(instrument.better, baseline.score, current.score)
    relative = relative_improvement(instrument.better, baseline.score, current.score)
    if instrument.mcid is None:
        status = ResponderStatus.NOT_APPLICABLE
    elif instrument.mcid.met(change, relative):
        status = ResponderStatus.RESPONDER
    elif _deteriorated(instrument.mcid, baseline.score, current.score, instrument.better):
        status = ResponderStatus.WORSENED
    else:
        status = ResponderStatus.BELOW_MCID
    return Response(instrument.id, baseline, current, change, relative, status)


def latest_response(instrument: InstrumentDef, series: Sequence[CheckIn]) -> Response | None:
    """Responder status of the most recent check-in against the first (the baseline); None before two."""
    if len(series) < 2:
        return None
    ordered = sorted(series, key=lambda c: c.day)
    return responder_status(instrument, ordered[0], ordered[-1])


def _deteriorated(mcid: Mcid, reference: float, current: float, better: Better) -> bool:
    # Worsening uses the absolute MCID when there is one: a relative rule would call a rating going from
    # 1 to 2 a 100% deterioration. Instruments with only a relative MCID (PEG) use it.
    loss = -improvement(better, reference, current)
    if mcid.absolute is not None:
        return loss >= mcid.absolute - 1e-9
    relative = None if reference == 0 else loss / abs(reference)
    return mcid.relative is not None and relative is not None and relative >= mcid.relative - 1e-9


def relief_percent(before: float, after: float) -> float:
    """Pain relief after a procedure, as a percentage of the rating before it (8 -> 3 is 62.5%)."""
    if before <= 0:
        raise ValueError("relief needs a pain rating above 0 before the procedure")
    return (before - after) / before * 100.0


def relief_meets(before: float, after: float, threshold_percent: float) -> bool:
    """True when the relief reaches the pathway's threshold (the planner owns it, e.g. 50 or 80)."""
    return relief_percent(before, after) >= threshold_percent - 1e-9


# ---------------------------------------------------------------------------------------------------------
# Plateau, worsening and the plan-review alert


class TreatmentKind(StrEnum):
    PROCEDURE = "procedure"
    MEDICATION = "medication"
    THERAPY = "therapy"


@dataclass(frozen=True)
class TreatmentChange:
    """A procedure done, a medication started, stopped or changed, or a therapy begun. Marked on charts; it
    restarts the plateau clock (a new treatment deserves its own window before the plan is called stalled)."""

    day: date
    kind: TreatmentKind
    label: str


class ReviewReason(StrEnum):
    PLATEAU = "plateau"  # responded, then no change beyond the MCID across the window
    NO_RESPONSE = "no_response"  # never reached the MCID, and no change across the window
    WORSENING = "worsening"  # worse than the best score so far by the MCID, in consecutive check-ins


@dataclass(frozen=True)
class TrendState:
    reason: ReviewReason
    evidence: tuple[CheckIn, ...]


def trend_state(
    instrument: InstrumentDef,
    series: Sequence[CheckIn],
    settings: PlateauSettings,
    changes: Sequence[TreatmentChange] = (),
) -> TrendState | None:
    """Whether the series, as of its last check-in, has stalled or worsened; None when it has not."""
    mcid = instrument.mcid
    if mcid is None or len(series) < 2:
        return None
    last = series[-1]
    band = instrument.band_for(last.score)
    if band is not None and band.id in instrument.plateau_acceptable_bands:
        return None
    worse = _worsening(instrument, mcid, series, settings.worsening_consecutive)
    if worse is not None:
        return worse
    size = settings.window_checkins
    if len(series) < size:
        return None
    window = tuple(series[-size:])
    latest_change = max((c.day for c in changes if c.day <= last.day), default=None)
    if latest_change is not None and window[0].day <= latest_change:
        return None
    if (window[-1].day - window[0].day).days < settings.min_span_days:
        return None
    start = window[0].score
    for later in window[1:]:
        # A plateau is no change beyond the MCID either way; a rise is left to the (confirmed) worsening rule.
        change = improvement(instrument.better, start, later.score)
        if mcid.met(change, relative_improvement(instrument.better, start, later.score)):
            return None
        if _deteriorated(mcid, start, later.score, instrument.better):
            return None
    baseline = series[0]
    responded = any(responder_status(instrument, baseline, c).status is ResponderStatus.RESPONDER for c in series)
    return TrendState(ReviewReason.PLATEAU if responded else ReviewReason.NO_RESPONSE, window)


def _worsening(instrument: InstrumentDef, mcid: Mcid, series: Sequence[CheckIn], consecutive: int) -> TrendState | None:
    if len(series) <= consecutive:
        return None
    earlier, tail = series[:-consecutive], series[-consecutive:]
    pick = min if instrument.better is Better.LOWER else max
    best = pick(earlier, key=lambda c: c.score)
    if all(_deteriorated(mcid, best.score, c.score, instrument.better) for c in tail):
        return TrendState(ReviewReason.WORSENING, (best, *tail))
    return None


@dataclass(frozen=True)
class NextStep:
    """A next pathway step or alternative, as the planning engine names it (option id of vocabulary.yaml)."""

    label: str
    option_id: str | None = None
    rationale: str = ""


@dataclass(frozen=True)
class PlanReviewRequest:
    """What the planning engine is asked when a series stalls: the step after the current plan."""

    instrument: str
    site: str | None
    reason: ReviewReason
    as_of: date
    evidence: tuple[CheckIn, ...]


# The planning engine (issue 3) provides this; outcomes never import the planner.
NextStepProvider = Callable[[PlanReviewRequest], Sequence[NextStep]]


def fixed_next_steps(*steps: NextStep) -> NextStepProvider:
    """A provider that always names the same steps (for a plan whose next stage is already known)."""

    def provide(_request: PlanReviewRequest) -> Sequence[NextStep]:
        return steps

    return provide


@dataclass(frozen=True)
class PlanReviewAlert:
    """The plan needs to evolve: why, the scores and dates behind it, and the next step to consider."""

    instrument: str
    site: str | None
    reason: ReviewReason
    raised_on: date
    baseline: CheckIn
    evidence: tuple[CheckIn, ...]
    mcid: Mcid
    next_steps: tuple[NextStep, ...]
    message: str
    sources: tuple[str, ...]


def plan_review_alerts(
    catalog: OutcomeCatalog,
    instrument_id: str,
    series: Sequence[CheckIn],
    *,
    next_steps: NextStepProvider,
    changes: Sequence[TreatmentChange] = (),
    site: str | None = None,
) -> tuple[PlanReviewAlert, ...]:
    """Replay the series check-in by check-in; alert once when it enters a plateau, a non-response or a
    worsening (a worsening during a plateau alerts again; a renewed response or a new treatment re-arms)."""
    instrument = catalog[instrument_id]
    settings = catalog.plateau
    ordered = sorted(series, key=lambda c: c.day)
    alerts: list[PlanReviewAlert] = []
    previous: ReviewReason | None = None
    for index in range(len(ordered)):
        state = trend_state(instrument, ordered[: index + 1], settings, changes)
        reason = state.reason if state else None
        entering = previous is None or (reason is ReviewReason.WORSENING and previous is not ReviewReason.WORSENING)
        wanted = reason is not ReviewReason.NO_RESPONSE or settings.alert_on_no_response
        if state is not None and entering and wanted:
            alerts.append(_alert(catalog, instrument, ordered[0], state, ordered[index].day, site, next_steps))
        previous = reason
    return tuple(alerts)


def site_review_alerts(
    catalog: OutcomeCatalog,
    instrument_id: str,
    entries: Iterable[RatingEntry],
    *,
    next_steps: NextStepProvider,
    changes: Sequence[TreatmentChange] = (),
) -> tuple[PlanReviewAlert, ...]:
    """Plan-review alerts for every body site of a per-site rating scale, from the raw ratings."""
    ratings = tuple(entries)
    alerts: list[PlanReviewAlert] = []
    for site in sorted({entry.site for entry in ratings}):
        series = daily_series(ratings, site=site)
        alerts += plan_review_alerts(catalog, instrument_id, series, next_steps=next_steps, changes=changes, site=site)
    return tuple(alerts)


def _alert(
    catalog: OutcomeCatalog,
    instrument: InstrumentDef,
    baseline: CheckIn,
    state: TrendState,
    day: date,
    site: str | None,
    provider: NextStepProvider,
) -> PlanReviewAlert:
    assert instrument.mcid is not None
    request = PlanReviewRequest(instrument.id, site, state.reason, day, state.evidence)
    steps = tuple(provider(request)) or (NextStep(catalog.fallback_next_step),)
    first, last = state.evidence[0], state.evidence[-1]
    fields = {
        "instrument": instrument.label,
        "site": f" ({site})" if site else "",
        "count": len(state.evidence),
        "first_day": first.day.isoformat(),
        "last_day": last.day.isoformat(),
        "span_days": (last.day - first.day).days,
        "first_score": _fmt(first.score),
        "last_score": _fmt(last.score),
        "baseline_day": baseline.day.isoformat(),
        "baseline_score": _fmt(baseline.score),
        "mcid": instrument.mcid.text,
        "scores": ", ".join(f"{c.day.isoformat()}: {_fmt(c.score)}" for c in state.evidence),
        "next_steps": "; ".join(step.label for step in steps),
    }
    message = catalog.messages[state.reason.value].format_map(fields)
    return PlanReviewAlert(
        instrument=instrument.id,
        site=site,
        reason=state.reason,
        raised_on=day,
        baseline=baseline,
        evidence=state.evidence,
        mcid=instrument.mcid,
        next_steps=steps,
        message=message,
        sources=(instrument.mcid.source, catalog.plateau.source),
    )


def _fmt(score: float) -> str:
    return f"{round(score, 1):g}"


MESSAGE_FIELDS = frozenset(
    {
        "instrument",
        "site",
        "count",
        "first_day",
        "last_day",
        "span_days",
        "first_score",
        "last_score",
        "baseline_day",
        "baseline_score",
        "mcid",
        "scores",
        "next_steps",
    }
)
