"""The practice description's three case sketches as longitudinal stories, each with its chart rendered and
read back: the nurse after a transforaminal epidural, the retiree after genicular blocks and ablation, and
the CRPS patient whose partial response stalls until a dorsal root ganglion stimulation trial."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest

from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.trend_chart import ChartSeries, goal_chart, instrument_chart
from painpath.domain.goals import Goal, GoalCheckIn, GoalKind, GoalStatus, goal_progress, missing_goal_kinds
from painpath.domain.instruments import score_response
from painpath.domain.outcomes import (
    CheckIn,
    NextStep,
    RatingEntry,
    ResponderStatus,
    ReviewReason,
    TreatmentChange,
    TreatmentKind,
    daily_series,
    fixed_next_steps,
    plan_review_alerts,
    relief_meets,
    relief_percent,
    responder_status,
)

SVG = "{http://www.w3.org/2000/svg}"
NEVER = fixed_next_steps(NextStep("should not be asked"))


@pytest.fixture(scope="module")
def catalog():
    return load_default_outcomes()


def points(svg: str) -> list[tuple[str, str]]:
    root = ET.fromstring(svg)
    return [(c.get("data-date"), c.get("data-value")) for c in root.iter(f"{SVG}circle")]


def markers(svg: str) -> list[tuple[str, str]]:
    root = ET.fromstring(svg)
    return [
        (g.get("data-date"), g.get("data-kind"))
        for g in root.iter(f"{SVG}g")
        if "marker" in g.get("class", "")
    ]


def odi_answers(catalog, values):
    return {item.id: value for item, value in zip(catalog["odi"].items, values, strict=True)}


# --- The nurse ------------------------------------------------------------------------------------------


def test_nurse_rating_8_to_3_within_a_week_of_the_epidural_and_full_shifts_at_two_months(catalog):
    day0 = date(2026, 1, 5)
    epidural = day0 + timedelta(days=7)
    changes = [
        TreatmentChange(day0, TreatmentKind.MEDICATION, "steroid taper"),
        TreatmentChange(day0, TreatmentKind.MEDICATION, "neuropathic agent at night"),
        TreatmentChange(epidural, TreatmentKind.PROCEDURE, "right S1 transforaminal epidural"),
        TreatmentChange(epidural + timedelta(days=7), TreatmentKind.THERAPY, "core endurance and hip hinge"),
    ]
    ratings = [(0, 8), (0, 8), (3, 8), (7, 8), (9, 5), (14, 3), (28, 3), (42, 3), (56, 2), (63, 3)]
    entries = [
        RatingEntry(datetime.combine(day0 + timedelta(days=d), datetime.min.time()), "right leg", s)
        for d, s in ratings
    ]
    leg = daily_series(entries, site="right leg")
    assert leg[0] == CheckIn(day0, 8.0)  # two ratings on day 0 averaged

    # 8 to 3 within a week of the epidural: 62.5% relief, above a 50% pathway threshold
    week_after = next(c for c in leg if c.day == epidural + timedelta(days=7))
    assert week_after.score == 3
    assert relief_percent(8, week_after.score) == pytest.approx(62.5)
    assert relief_meets(8, week_after.score, 50)
    assert responder_status(catalog["nrs"], leg[0], week_after).status is ResponderStatus.RESPONDER

    # Oswestry: severe at the start, minimal at two months, well beyond the MCID
    odi_start = score_response(catalog["odi"], odi_answers(catalog, [4, 2, 4, 3, 3, 4, 4, 1, 3, 2]))
    odi_two_months = score_response(catalog["odi"], odi_answers(catalog, [1, 0, 2, 1, 1, 1, 1, 0, 1, 1]))
    assert (odi_start.score, odi_start.band.id) == (60.0, "severe")
    assert (odi_two_months.score, odi_two_months.band.id) == (18.0, "minimal")
    odi_response = responder_status(catalog["odi"], CheckIn(day0, 60), CheckIn(day0 + timedelta(days=63), 18))
    assert odi_response.status is ResponderStatus.RESPONDER

    shifts = Goal(
        "shifts",
        GoalKind.WORK,
        "work full shifts",
        "full shifts a week",
        baseline=0,
        target=3,
        set_on=day0,
        due=day0 + timedelta(days=70),
    )
    sleep = Goal(
        "sleep",
        GoalKind.LIFE,
        "sleep six hours",
        "hours slept",
        baseline=3,
        target=6,
        set_on=day0,
        due=day0 + timedelta(days=70),
    )
    assert missing_goal_kinds([shifts, sleep]) == ()
    shift_log = [GoalCheckIn(day0 + timedelta(days=d), n) for d, n in ((21, 1), (35, 2), (56, 3), (63, 3))]
    progress = goal_progress(shifts, shift_log, as_of=day0 + timedelta(days=63))
    assert progress.status is GoalStatus.ACHIEVED
    assert progress.days_to_goal == 56  # two months
    assert (
        goal_progress(
            sleep, [GoalCheckIn(day0 + timedelta(days=28), 6.5)], as_of=day0 + timedelta(days=63)
        ).status
        is GoalStatus.ACHIEVED
    )

    # Working full shifts at 3/10 with weekly flares she manages: no plan review
    assert plan_review_alerts(catalog, "nrs", leg, next_steps=NEVER, changes=changes, site="right leg") == ()

    svg = instrument_chart(catalog["nrs"], [ChartSeries("right leg", leg)], changes, chart_id="nurse-nrs")
    assert points(svg)[0] == ("2026-01-05", "8")
    assert ("2026-01-19", "3") in points(svg)
    assert len(points(svg)) == len(leg) == 9
    assert ("2026-01-12", "procedure") in markers(svg)
    assert [kind for _, kind in markers(svg)].count("medication") == 2
    goal_svg = goal_chart(shifts, shift_log, changes)
    assert ("2026-03-02", "3") in points(goal_svg)


# --- The retiree ----------------------------------------------------------------------------------------


def test_retiree_genicular_blocks_then_ablation_and_nine_holes_without_a_cart(catalog):
    day0 = date(2026, 2, 2)
    block = day0 + timedelta(days=14)
    ablation = day0 + timedelta(days=28)
    changes = [
        TreatmentChange(day0, TreatmentKind.MEDICATION, "duloxetine low dose"),
        TreatmentChange(block, TreatmentKind.PROCEDURE, "genicular nerve blocks"),
        TreatmentChange(ablation, TreatmentKind.PROCEDURE, "genicular radiofrequency ablation"),
    ]
    # strong temporary relief from the blocks (7 -> 1 for hours): recorded as the block response
    assert relief_percent(7, 1) == pytest.approx(85.7, abs=0.1)
    assert relief_meets(7, 1, 80)
    knee = tuple(
        CheckIn(day0 + timedelta(days=d), s)
        for d, s in ((0, 7), (7, 7), (21, 7), (28, 7), (42, 3), (56, 2), (70, 2), (84, 2))
    )
    assert responder_status(catalog["nrs"], knee[0], knee[-1]).status is ResponderStatus.RESPONDER

    holes = Goal(
        "golf",
        GoalKind.LIFE,
        "walk nine holes without a cart",
        "holes walked without a cart",
        baseline=0,
        target=9,
        set_on=day0,
        due=ablation + timedelta(days=70),
    )
    yard = Goal(
        "yard",
        GoalKind.WORK,
        "an hour of yard work",
        "minutes of yard work",
        baseline=10,
        target=60,
        set_on=day0,
        due=ablation + timedelta(days=70),
    )
    assert missing_goal_kinds([holes, yard]) == ()
    rounds = [GoalCheckIn(ablation + timedelta(days=d), n) for d, n in ((14, 2), (35, 5), (56, 9))]
    progress = goal_progress(holes, rounds, as_of=ablation + timedelta(days=60))
    assert progress.status is GoalStatus.ACHIEVED
    assert progress.achieved_on == ablation + timedelta(days=56)  # two months after the ablation

    # no plan review: the flat stretch before the ablation is inside the new treatments' windows
    assert plan_review_alerts(catalog, "nrs", knee, next_steps=NEVER, changes=changes, site="left knee") == ()

    svg = instrument_chart(catalog["nrs"], [ChartSeries("left knee", knee)], changes)
    assert markers(svg) == [
        ("2026-02-02", "medication"),
        ("2026-02-16", "procedure"),
        ("2026-03-02", "procedure"),
    ]
    assert points(svg)[-1] == ("2026-04-27", "2")
    golf = goal_chart(holes, rounds, changes)
    root = ET.fromstring(golf)
    assert root.find(f"{SVG}title").text == "walk nine holes without a cart"
    assert [g.get("data-value") for g in root.iter(f"{SVG}g") if g.get("class") == "target"] == ["9"]
    assert points(golf)[0] == ("2026-02-02", "0")  # the baseline is the first point


# --- CRPS -----------------------------------------------------------------------------------------------


def test_crps_partial_response_stalls_then_a_drg_trial_gives_60_percent_and_office_work(catalog):
    day0 = date(2026, 1, 5)
    blocks = [day0 + timedelta(days=d) for d in (14, 28, 42)]
    changes = [
        TreatmentChange(
            day0 + timedelta(days=3), TreatmentKind.THERAPY, "desensitization and graded motor imagery"
        ),
        *(
            TreatmentChange(d, TreatmentKind.PROCEDURE, f"sympathetic block {i}")
            for i, d in enumerate(blocks, 1)
        ),
    ]
    foot = [
        CheckIn(day0 + timedelta(days=d), s)
        for d, s in ((0, 8), (7, 8), (21, 7), (35, 6), (49, 5), (56, 5), (70, 5), (84, 5))
    ]
    drg = NextStep(
        "Dorsal root ganglion stimulation trial",
        option_id="dorsal_root_ganglion_stimulation",
        rationale="focal foot pain after a partial response to sympathetic blocks",
    )
    (alert,) = plan_review_alerts(
        catalog, "nrs", foot, next_steps=fixed_next_steps(drg), changes=changes, site="right foot"
    )
    assert alert.reason is ReviewReason.PLATEAU
    assert alert.raised_on == date(2026, 3, 30)  # 5, 5, 5 from 2 March to 30 March
    assert [(c.day.isoformat(), c.score) for c in alert.evidence] == [
        ("2026-03-02", 5),
        ("2026-03-16", 5),
        ("2026-03-30", 5),
    ]
    assert alert.next_steps[0].option_id == "dorsal_root_ganglion_stimulation"
    assert "Dorsal root ganglion stimulation trial" in alert.message

    # the trial: 60 percent relief, above the 50 percent trial threshold; then back to office work
    trial = date(2026, 4, 6)
    assert relief_percent(5, 2) == pytest.approx(60.0)
    assert relief_meets(5, 2, 50)
    changes += [
        TreatmentChange(trial, TreatmentKind.PROCEDURE, "DRG stimulation trial"),
        TreatmentChange(date(2026, 4, 27), TreatmentKind.PROCEDURE, "DRG stimulator implant"),
        TreatmentChange(date(2026, 5, 11), TreatmentKind.MEDICATION, "gabapentin reduced"),
    ]
    foot += [CheckIn(trial + timedelta(days=d), 2) for d in (7, 21, 35, 49, 63)]
    replayed = plan_review_alerts(
        catalog, "nrs", foot, next_steps=fixed_next_steps(drg), changes=changes, site="right foot"
    )
    assert replayed == (alert,)  # still exactly one alert: the stall, not the recovery

    office = Goal(
        "office",
        GoalKind.WORK,
        "return to office work full time",
        "office hours a week",
        baseline=0,
        target=40,
        set_on=day0,
        due=date(2026, 7, 1),
    )
    progress = goal_progress(
        office, [GoalCheckIn(date(2026, 5, 4), 20), GoalCheckIn(date(2026, 6, 1), 40)], as_of=date(2026, 6, 8)
    )
    assert progress.status is GoalStatus.ACHIEVED

    svg = instrument_chart(catalog["nrs"], [ChartSeries("right foot", tuple(foot))], changes)
    assert ("2026-04-06", "procedure") in markers(svg)
    assert ("2026-01-08", "therapy") in markers(svg)
    assert len(points(svg)) == 13
    desc = ET.fromstring(svg).find(f"{SVG}desc").text
    assert "right foot: 8 on 2026-01-05 to 2 on 2026-06-08" in desc
