"""Responder status against the MCID, procedure relief, and the plan-review alert: exactly one alert when a
patient improves then stalls, none while improving, and the evidence and next step named in it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from painpath.adapters.instrument_files import load_default_outcomes
from painpath.domain.outcomes import (
    CheckIn,
    NextStep,
    PlanReviewRequest,
    RatingEntry,
    ResponderStatus,
    ReviewReason,
    TreatmentChange,
    TreatmentKind,
    daily_series,
    fixed_next_steps,
    latest_response,
    plan_review_alerts,
    relief_meets,
    relief_percent,
    responder_status,
    site_review_alerts,
)

START = date(2026, 1, 5)
SCS = NextStep("Spinal cord stimulation trial", option_id="spinal_cord_stimulation")


@pytest.fixture(scope="module")
def catalog():
    return load_default_outcomes()


def series(*scores: float, every: int = 14, start: date = START) -> tuple[CheckIn, ...]:
    """Check-ins every two weeks from START."""
    return tuple(CheckIn(start + timedelta(days=every * i), score) for i, score in enumerate(scores))


# --- Responder status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "current", "status"),
    [
        (8, 6, ResponderStatus.RESPONDER),  # 2 points (25%): the absolute route
        (3, 2, ResponderStatus.RESPONDER),  # 1 point but 33%: the relative route
        (8, 7, ResponderStatus.BELOW_MCID),  # 1 point, 12.5%
        (10, 8, ResponderStatus.RESPONDER),  # 2 points, 20%
        (10, 9, ResponderStatus.BELOW_MCID),
        (4, 6, ResponderStatus.WORSENED),  # 2 points worse
        (4, 5, ResponderStatus.BELOW_MCID),  # 1 point worse is not yet a worsening
    ],
)
def test_rating_scale_responder_is_2_points_or_30_percent(catalog, baseline, current, status):
    response = responder_status(catalog["nrs"], CheckIn(START, baseline), CheckIn(START + timedelta(30), current))
    assert response.status is status


def test_odi_responder_is_10_points_or_30_percent(catalog):
    odi = catalog["odi"]
    assert responder_status(odi, CheckIn(START, 60), CheckIn(START, 50)).status is ResponderStatus.RESPONDER
    assert responder_status(odi, CheckIn(START, 60), CheckIn(START, 52)).status is ResponderStatus.BELOW_MCID
    assert responder_status(odi, CheckIn(START, 20), CheckIn(START, 14)).status is ResponderStatus.RESPONDER


def test_peg_responder_is_30_percent(catalog):
    peg = catalog["peg"]
    assert responder_status(peg, CheckIn(START, 7), CheckIn(START, 4.9)).status is ResponderStatus.RESPONDER
    assert responder_status(peg, CheckIn(START, 7), CheckIn(START, 5)).status is ResponderStatus.BELOW_MCID


def test_higher_is_better_measures_count_a_rise_as_improvement(catalog):
    # hours slept has no MCID: responder status does not apply, but the change is signed the right way
    response = responder_status(catalog["sleep_hours"], CheckIn(START, 4), CheckIn(START, 6))
    assert response.change == 2
    assert response.relative == pytest.approx(0.5)
    assert response.status is ResponderStatus.NOT_APPLICABLE


def test_screening_tools_have_no_responder_status(catalog):
    response = responder_status(catalog["dn4"], CheckIn(START, 6), CheckIn(START, 2))
    assert response.status is ResponderStatus.NOT_APPLICABLE


# --- Procedure relief and daily ratings -------------------------------------------------------------------


def test_relief_after_a_procedure_against_the_pathway_threshold():
    assert relief_percent(8, 3) == pytest.approx(62.5)
    assert relief_meets(8, 4, 50)
    assert not relief_meets(8, 5, 50)
    assert relief_meets(10, 2, 80)
    with pytest.raises(ValueError):
        relief_percent(0, 0)


def test_several_ratings_a_day_per_site_become_one_daily_mean_per_site():
    entries = [
        RatingEntry(datetime(2026, 1, 5, 8), "right leg", 8),
        RatingEntry(datetime(2026, 1, 5, 20), "right leg", 6),
        RatingEntry(datetime(2026, 1, 5, 20), "low back", 4),
        RatingEntry(datetime(2026, 1, 6, 9), "right leg", 5),
    ]
    assert daily_series(entries, site="right leg") == (
        CheckIn(date(2026, 1, 5), 7.0),
        CheckIn(date(2026, 1, 6), 5.0),
    )
    assert daily_series(entries, site="low back") == (CheckIn(date(2026, 1, 5), 4.0),)


# --- Plateau and the plan-review alert --------------------------------------------------------------------


def test_improves_then_stalls_gives_exactly_one_alert_at_the_check_in_that_completes_the_window(catalog):
    asked: list[PlanReviewRequest] = []

    def planner(request: PlanReviewRequest) -> list[NextStep]:
        asked.append(request)
        return [SCS]

    stalled = series(8, 5, 5, 5, 5, 5, 5)  # day 0, 14, 28, 42, 56, 70, 84
    alerts = plan_review_alerts(catalog, "nrs", stalled, next_steps=planner, site="low back")
    (alert,) = alerts
    assert alert.reason is ReviewReason.PLATEAU
    assert alert.raised_on == START + timedelta(days=42)  # 5, 5, 5 from day 14 to day 42 spans 28 days
    assert [c.day for c in alert.evidence] == [START + timedelta(days=d) for d in (14, 28, 42)]
    assert [c.score for c in alert.evidence] == [5, 5, 5]
    assert alert.baseline == CheckIn(START, 8)
    assert alert.next_steps == (SCS,)
    assert alert.site == "low back"
    assert "Spinal cord stimulation trial" in alert.message
    assert "2026-01-19: 5" in alert.message and "2 points or 30%" in alert.message
    assert asked[0].reason is ReviewReason.PLATEAU and asked[0].instrument == "nrs"


def test_an_improving_patient_gets_no_alert(catalog):
    assert plan_review_alerts(catalog, "nrs", series(9, 7, 5, 3, 2), next_steps=fixed_next_steps(SCS)) == ()
    assert plan_review_alerts(catalog, "odi", series(60, 50, 40, 30, 20), next_steps=fixed_next_steps(SCS)) == ()


def test_a_stall_shorter_than_the_minimum_span_is_not_a_plateau(catalog):
    weekly = series(8, 5, 5, 5, every=7)  # the last three span 14 days only
    assert plan_review_alerts(catalog, "nrs", weekly, next_steps=fixed_next_steps(SCS)) == ()


def test_a_stall_at_an_acceptable_level_is_not_a_plateau(catalog):
    # the nurse at 3/10 working full shifts: mild pain is where the plan wants her, not a stalled plan
    assert plan_review_alerts(catalog, "nrs", series(8, 3, 3, 3, 3, 3), next_steps=fixed_next_steps(SCS)) == ()


def test_never_reaching_the_mcid_is_a_non_response(catalog):
    (alert,) = plan_review_alerts(catalog, "nrs", series(7, 7, 6, 7), next_steps=fixed_next_steps(SCS))
    assert alert.reason is ReviewReason.NO_RESPONSE
    assert alert.raised_on == START + timedelta(days=28)


def test_losing_the_response_on_two_check_ins_is_a_worsening(catalog):
    worse = series(8, 4, 4, 7, 7)
    (alert,) = plan_review_alerts(catalog, "nrs", worse, next_steps=fixed_next_steps(SCS))
    assert alert.reason is ReviewReason.WORSENING
    assert alert.raised_on == START + timedelta(days=56)
    assert [(c.day, c.score) for c in alert.evidence] == [
        (START + timedelta(days=14), 4),
        (START + timedelta(days=42), 7),
        (START + timedelta(days=56), 7),
    ]


def test_one_bad_check_in_is_not_a_worsening(catalog):
    assert plan_review_alerts(catalog, "nrs", series(8, 4, 4, 7, 4), next_steps=fixed_next_steps(SCS)) == ()


def test_a_new_treatment_restarts_the_window_and_a_second_stall_alerts_again(catalog):
    stalled = series(8, 5, 5, 5, 5, 5, 5, 5, 5)  # days 0..112
    rfa = TreatmentChange(START + timedelta(days=60), TreatmentKind.PROCEDURE, "radiofrequency ablation")
    alerts = plan_review_alerts(catalog, "nrs", stalled, next_steps=fixed_next_steps(SCS), changes=[rfa])
    # first stall: days 14-42; after the ablation on day 60 the window restarts: days 70-98
    assert [a.raised_on for a in alerts] == [START + timedelta(days=42), START + timedelta(days=98)]
    assert alerts[1].evidence[0].day > rfa.day


def test_without_a_next_step_from_the_planner_the_alert_asks_for_a_plan_review(catalog):
    (alert,) = plan_review_alerts(catalog, "nrs", series(8, 5, 5, 5), next_steps=lambda _request: [])
    assert alert.next_steps[0].option_id is None
    assert alert.next_steps[0].label == catalog.fallback_next_step


def test_instruments_without_an_mcid_never_raise_a_plateau(catalog):
    assert plan_review_alerts(catalog, "sleep_hours", series(4, 4, 4, 4, 4), next_steps=fixed_next_steps(SCS)) == ()


def test_latest_response_compares_the_last_check_in_with_the_baseline(catalog):
    assert latest_response(catalog["nrs"], series(8)) is None
    response = latest_response(catalog["nrs"], series(8, 6, 5))
    assert (response.change, response.status) == (3, ResponderStatus.RESPONDER)


def test_each_body_site_is_reviewed_on_its_own_daily_means(catalog):
    days = [START + timedelta(days=14 * i) for i in range(5)]
    entries = [
        RatingEntry(datetime.combine(d, datetime.min.time()), "low back", s)
        for d, s in zip(days, (8, 5, 5, 5, 5), strict=True)
    ]
    entries += [
        RatingEntry(datetime.combine(d, datetime.min.time()), "right leg", s)
        for d, s in zip(days, (8, 6, 4, 2, 1), strict=True)
    ]
    (alert,) = site_review_alerts(catalog, "nrs", entries, next_steps=fixed_next_steps(SCS))
    assert (alert.site, alert.raised_on) == ("low back", START + timedelta(days=42))
    assert "(low back)" in alert.message
