"""The SVG trend chart: well-formed, accessible, self-contained, and placing points and markers correctly."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from painpath.adapters.trend_chart import ChartSeries, ChartSpec, render_trend_chart
from painpath.domain.instruments import Better
from painpath.domain.outcomes import CheckIn, TreatmentChange, TreatmentKind

SVG = "{http://www.w3.org/2000/svg}"
SPEC = ChartSpec(
    title="Pain rating (0-10)",
    description="Right leg pain",
    y_label="Pain rating (0-10)",
    y_min=0,
    y_max=10,
    better=Better.LOWER,
)
LEG = ChartSeries(
    "right leg", (CheckIn(date(2026, 1, 5), 8), CheckIn(date(2026, 1, 19), 3), CheckIn(date(2026, 2, 4), 3))
)
EPIDURAL = TreatmentChange(date(2026, 1, 12), TreatmentKind.PROCEDURE, "epidural <S1> & taper")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_is_an_accessible_image_with_title_description_and_labelled_axes():
    root = parse(render_trend_chart(SPEC, [LEG], [EPIDURAL], chart_id="nurse"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "nurse-title nurse-desc"
    assert root.find(f"{SVG}title").get("id") == "nurse-title"
    assert root.find(f"{SVG}title").text == "Pain rating (0-10)"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Right leg pain.")
    assert "right leg: 8 on 2026-01-05 to 3 on 2026-02-04 (3 check-ins)." in desc
    assert "procedure 2026-01-12: epidural <S1> & taper." in desc
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-label"]
    assert labels == ["Pain rating (0-10)", "Date"]


def test_chart_has_no_script_and_no_external_reference():
    svg = render_trend_chart(SPEC, [LEG], [EPIDURAL])
    assert (
        "<script" not in svg
        and "href" not in svg
        and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_points_are_placed_by_date_and_value_with_lower_scores_lower_on_the_chart():
    root = parse(render_trend_chart(SPEC, [LEG], [EPIDURAL]))
    circles = list(root.iter(f"{SVG}circle"))
    assert [(c.get("data-date"), c.get("data-value")) for c in circles] == [
        ("2026-01-05", "8"),
        ("2026-01-19", "3"),
        ("2026-02-04", "3"),
    ]
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs[0] < xs[1] < xs[2]
    assert ys[0] < ys[1] == ys[2]  # 8 is higher on the page (smaller y) than 3
    assert circles[1].find(f"{SVG}title").text == "right leg 2026-01-19: 3"
    # 14 of 30 days along a 616-pixel-wide plot starting at x=64
    assert xs[1] == pytest.approx(64 + 14 / 30 * 616, abs=0.1)


def test_markers_sit_on_their_date_and_escape_their_labels():
    svg = render_trend_chart(SPEC, [LEG], [EPIDURAL])
    root = parse(svg)
    (marker,) = [g for g in root.iter(f"{SVG}g") if "marker" in g.get("class", "")]
    assert marker.get("data-date") == "2026-01-12"
    assert marker.get("data-kind") == "procedure"
    assert marker.get("data-label") == "epidural <S1> & taper"
    line = marker.find(f"{SVG}line")
    assert float(line.get("x1")) == pytest.approx(64 + 7 / 30 * 616, abs=0.1)
    assert "&lt;S1&gt; &amp; taper" in svg


def test_y_axis_ticks_cover_the_instrument_range():
    root = parse(render_trend_chart(SPEC, [LEG]))
    ticks = [
        t.text
        for t in root.find(f"{SVG}g[@class='axis y-axis']").iter(f"{SVG}text")
        if t.get("class") == "tick"
    ]
    assert ticks == ["0", "2", "4", "6", "8", "10"]


def test_several_series_are_told_apart_by_dash_as_well_as_colour():
    back = ChartSeries("low back", (CheckIn(date(2026, 1, 5), 5), CheckIn(date(2026, 2, 4), 4)))
    root = parse(render_trend_chart(SPEC, [LEG, back]))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke") != lines[1].get("stroke")
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")


def test_nothing_to_chart_is_an_error_not_an_empty_picture():
    with pytest.raises(ValueError):
        render_trend_chart(SPEC, [ChartSeries("right leg", ())])
