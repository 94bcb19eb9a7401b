"""Server-rendered SVG trend charts: each score over time, with procedures and medication changes marked on
the time axis. Plain string building, no scripts, no external resources; the same SVG serves the page and
the printable summary. Accessible: role="img" with a title and a description, labelled axes, a legend, and
every point and marker carries its own <title> (read by screen readers and shown as a tooltip).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from painpath.domain.goals import Goal, GoalCheckIn
from painpath.domain.instruments import Better, InstrumentDef
from painpath.domain.outcomes import CheckIn, TreatmentChange, TreatmentKind

# Okabe-Ito colour-blind-safe palette; series also differ by dash pattern so colour is never the only cue.
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
_MARKER_COLOUR = {
    TreatmentKind.PROCEDURE: "#444444",
    TreatmentKind.MEDICATION: "#7A5C00",
    TreatmentKind.THERAPY: "#1B6E5A",
}
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 64, 40, 56, 96
_XScale = Callable[[date], float]
_YScale = Callable[[float], float]


@dataclass(frozen=True)
class ChartSeries:
    label: str
    points: tuple[CheckIn, ...]


@dataclass(frozen=True)
class ChartSpec:
    title: str
    description: str
    y_label: str
    y_min: float
    y_max: float
    better: Better
    target: float | None = None
    target_label: str = ""
    x_label: str = "Date"


def instrument_chart(
    instrument: InstrumentDef,
    series: Sequence[ChartSeries],
    changes: Sequence[TreatmentChange] = (),
    *,
    description: str = "",
    chart_id: str = "",
) -> str:
    """A trend chart of one instrument (one line per body site for the rating scale)."""
    low, high = instrument.score_range
    spec = ChartSpec(
        title=instrument.label,
        description=description or instrument.label,
        y_label=instrument.label,
        y_min=low,
        y_max=high,
        better=instrument.better,
    )
    return render_trend_chart(spec, series, changes, chart_id=chart_id or instrument.id)


def goal_chart(
    goal: Goal,
    check_ins: Sequence[GoalCheckIn],
    changes: Sequence[TreatmentChange] = (),
    *,
    chart_id: str = "",
) -> str:
    """A trend chart of one functional goal: baseline, check-ins and the target line."""
    points = (
        CheckIn(goal.set_on, goal.baseline),
        *(CheckIn(c.day, c.value) for c in sorted(check_ins, key=_day)),
    )
    values = [p.score for p in points] + [goal.target]
    spec = ChartSpec(
        title=goal.statement,
        description=f"{goal.statement}: {goal.measure}, baseline {_num(goal.baseline)},"
        f" target {_num(goal.target)}"
        f" by {goal.due.isoformat()}",
        y_label=goal.measure,
        y_min=min(0.0, *values),
        y_max=_nice_ceiling(max(values)),
        better=Better.HIGHER if goal.higher_is_better else Better.LOWER,
        target=goal.target,
        target_label=f"target {_num(goal.target)}",
    )
    return render_trend_chart(spec, (ChartSeries(goal.measure, points),), changes, chart_id=chart_id or goal.id)


def _day(check_in: GoalCheckIn) -> date:
    return check_in.day


def render_trend_chart(
    spec: ChartSpec,
    series: Sequence[ChartSeries],
    changes: Sequence[TreatmentChange] = (),
    *,
    width: int = 720,
    height: int = 380,
    chart_id: str = "chart",
) -> str:
    """The SVG document for the series and the treatment changes, as a string."""
    days = [p.day for s in series for p in s.points] + [c.day for c in changes]
    if not days:
        raise ValueError("nothing to chart: no check-ins and no treatment changes")
    start, end = min(days), max(days)
    if end == start:
        end = start + timedelta(days=1)
    plot_w = width - _MARGIN_LEFT - _MARGIN_RIGHT
    plot_h = height - _MARGIN_TOP - _MARGIN_BOTTOM
    y_span = (spec.y_max - spec.y_min) or 1.0

    def x_of(day: date) -> float:
        return _MARGIN_LEFT + (day - start).days / (end - start).days * plot_w

    def y_of(value: float) -> float:
        return _MARGIN_TOP + (spec.y_max - value) / y_span * plot_h

    uid = _ident(chart_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{uid}-title {uid}-desc" class="trend-chart" font-family="sans-serif">',
        f'<title id="{uid}-title">{escape(spec.title)}</title>',
        f'<desc id="{uid}-desc">{escape(_summary(spec, series, changes))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{_MARGIN_LEFT}" y="24" font-size="15" font-weight="bold">{escape(spec.title)}</text>',
    ]
    out += _axes(spec, start, end, x_of, y_of, width, height)
    if spec.target is not None:
        y = y_of(spec.target)
        out.append(
            f'<g class="target" data-value="{_num(spec.target)}"><line x1="{_MARGIN_LEFT}" y1="{y:.1f}"'
            f' x2="{width - _MARGIN_RIGHT}" y2="{y:.1f}" stroke="#009E73" stroke-width="1.5"'
            ' stroke-dasharray="10 4"/>'
            f'<text x="{width - _MARGIN_RIGHT - 4}" y="{y - 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(spec.target_label)}</text></g>"
        )
    for index, change in enumerate(sorted(changes, key=lambda c: c.day)):
        out.append(_marker(change, x_of(change.day), index, width, height))
    for index, line in enumerate(series):
        out.append(_series(line, index, x_of, y_of))
    out += _legend(series, changes, height)
    out.append("</svg>")
    return "\n".join(out)


def _axes(spec: ChartSpec, start: date, end: date, x_of: _XScale, y_of: _YScale, width: int, height: int) -> list[str]:
    left, right = _MARGIN_LEFT, width - _MARGIN_RIGHT
    top, bottom = _MARGIN_TOP, height - _MARGIN_BOTTOM
    parts = [
        '<g class="axis y-axis">',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#333333"/>',
    ]
    for value in _ticks(spec.y_min, spec.y_max):
        y = y_of(value)
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>'
            f'<text class="tick" x="{left - 8}" y="{y + 4:.1f}" font-size="11"'
            f' text-anchor="end">{_num(value)}</text>'
        )
    middle = (top + bottom) / 2
    parts.append(
        f'<text class="axis-label" x="16" y="{middle:.1f}" font-size="12" text-anchor="middle"'
        f' transform="rotate(-90 16 {middle:.1f})">{escape(spec.y_label)}</text></g>'
    )
    parts += [
        '<g class="axis x-axis">',
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333333"/>',
    ]
    for day in _date_ticks(start, end):
        x = x_of(day)
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#333333"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" font-size="11"'
            f' text-anchor="{_anchor(x, left, right)}">{day.isoformat()}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{(left + right) / 2:.1f}" y="{bottom + 34}" font-size="12"'
        f' text-anchor="middle">{escape(spec.x_label)}</text></g>'
    )
    return parts


def _series(line: ChartSeries, index: int, x_of: _XScale, y_of: _YScale) -> str:
    colour = _COLOURS[index % len(_COLOURS)]
    dash = _DASHES[index % len(_DASHES)]
    points = sorted(line.points, key=lambda p: p.day)
    coords = " ".join(f"{x_of(p.day):.1f},{y_of(p.score):.1f}" for p in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [
        f'<g class="series" data-label={quoteattr(line.label)}>',
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>',
    ]
    for p in points:
        parts.append(
            f'<circle class="point" cx="{x_of(p.day):.1f}" cy="{y_of(p.score):.1f}" r="3.5" fill="{colour}"'
            f' data-date="{p.day.isoformat()}" data-value="{_num(p.score)}">'
            f"<title>{escape(line.label)} {p.day.isoformat()}: {_num(p.score)}</title></circle>"
        )
    parts.append("</g>")
    return "".join(parts)


def _marker(change: TreatmentChange, x: float, index: int, width: int, height: int) -> str:
    colour = _MARKER_COLOUR[change.kind]
    top, bottom = _MARGIN_TOP, height - _MARGIN_BOTTOM
    # Procedures are triangles, medications diamonds, therapies squares: shape, not only colour, tells them apart.
    if change.kind is TreatmentKind.PROCEDURE:
        shape = f'<path d="M {x - 6:.1f} {top - 2} L {x + 6:.1f} {top - 2} L {x:.1f} {top + 8}" fill="{colour}"/>'
    elif change.kind is TreatmentKind.THERAPY:
        shape = f'<rect x="{x - 4:.1f}" y="{top - 4}" width="8" height="8" fill="{colour}"/>'
    else:
        path = f"M {x:.1f} {top - 4} L {x + 5:.1f} {top + 3} L {x:.1f} {top + 10} L {x - 5:.1f} {top + 3} Z"
        shape = f'<path d="{path}" fill="{colour}"/>'
    label_y = top - 8 - 12 * (index % 2)  # alternate rows so neighbouring labels do not overlap
    anchor = _anchor(x, _MARGIN_LEFT, width - _MARGIN_RIGHT)
    return (
        f'<g class="marker {change.kind.value}" data-date="{change.day.isoformat()}"'
        f' data-kind="{change.kind.value}"'
        f" data-label={quoteattr(change.label)}>"
        f"<title>{change.day.isoformat()} {change.kind.value}: {escape(change.label)}</title>"
        f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{colour}" stroke-dasharray="3 3"/>'
        f'{shape}<text x="{x:.1f}" y="{label_y}" font-size="10" text-anchor="{anchor}">'
        f"{escape(change.label)}</text></g>"
    )


def _legend(series: Sequence[ChartSeries], changes: Sequence[TreatmentChange], height: int) -> list[str]:
    y = height - 30
    x = float(_MARGIN_LEFT)
    parts = ['<g class="legend">']
    for index, line in enumerate(series):
        colour = _COLOURS[index % len(_COLOURS)]
        dash = _DASHES[index % len(_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y}" x2="{x + 22:.1f}" y2="{y}" stroke="{colour}"'
            f' stroke-width="2"{dash_attr}/>'
            f'<text x="{x + 28:.1f}" y="{y + 4}" font-size="11">{escape(line.label)}</text>'
        )
        x += 40 + 7 * len(line.label)
    for kind in sorted({c.kind for c in changes}):
        colour = _MARKER_COLOUR[kind]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 5}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="{y + 4}" font-size="11">{kind.value}</text>'
        )
        x += 30 + 7 * len(kind.value)
    parts.append("</g>")
    return parts


def _summary(spec: ChartSpec, series: Sequence[ChartSeries], changes: Sequence[TreatmentChange]) -> str:
    """The description a screen reader reads: the caller's text, then the data in words."""
    parts = [spec.description.rstrip(".") + "."]
    for line in series:
        points = sorted(line.points, key=lambda p: p.day)
        if points:
            first, last = points[0], points[-1]
            parts.append(
                f"{line.label}: {_num(first.score)} on {first.day.isoformat()} to {_num(last.score)}"
                f" on {last.day.isoformat()} ({len(points)} check-ins)."
            )
    for change in sorted(changes, key=lambda c: c.day):
        parts.append(f"{change.kind.value} {change.day.isoformat()}: {change.label}.")
    return " ".join(parts)


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 6) for i in range(count)]


def _date_ticks(start: date, end: date) -> list[date]:
    total = (end - start).days
    count = min(5, total)
    return [start + timedelta(days=round(total * i / count)) for i in range(count + 1)]


def _nice_ceiling(value: float) -> float:
    """A round axis maximum strictly above value, so a target line does not sit on the chart's top edge."""
    ticks = _ticks(0.0, value * 1.1 if value > 0 else 1.0)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    return ticks[-1] if ticks[-1] > value else ticks[-1] + step


def _anchor(x: float, left: float, right: float) -> str:
    """Labels near either edge grow inwards so they are not cut off."""
    if x - left < 60:
        return "start"
    if right - x < 60:
        return "end"
    return "middle"


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _ident(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    return cleaned if cleaned[:1].isalpha() else f"c-{cleaned}"
