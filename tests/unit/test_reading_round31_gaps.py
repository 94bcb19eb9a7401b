"""Round 31 gaps left by the last session, each as a pattern in our own words (kb 2026.12.83).

- pregnancy: the weeks after obstetric shorthand ("G3P2, 29 weeks") are the pregnancy, not the pain's duration; a
  baby's age ("our little one is 4 months old") and a birth dated by a season or month are after the birth;
- injecting drug use stopped in a calendar year: counted from today (two or more years back is remote), not up to a
  fixed year that ages;
- an organ taken out in lay words ("had her gallbladder out") is an operation, and recent when days or weeks ago;
- a start told by the calendar ("since 2020", "since last April", "since Christmas") gives a duration from today;
- "non smoker" without the hyphen is not a smoker;
- pelvic floor exercises are no pelvic pain; a continence or practice nurse the patient sees is no physical job.
Every year in a note is built from date.today(), so the tests pass on any date.
"""

from __future__ import annotations

from datetime import date

import pytest

from painpath.domain.model import Status
from painpath.narrative.components import YEAR_SLOT, year_old_enough
from tests.conftest import flags

THIS_YEAR = date.today().year


# ---------------------------------------------------------------- pregnancy and after the birth
@pytest.mark.parametrize(
    "text",
    [
        "G3P2, 29 weeks, aching low back for 10 days.",
        "g2p1 now 33/40, sore lower back for a week.",
    ],
)
def test_gravida_para_with_weeks_is_pregnant_now(statuses, assessor, text: str) -> None:
    found = statuses(text)
    assert found.get("currently_pregnant") is Status.PRESENT
    assert found.get("pregnant_or_unclear") is Status.PRESENT
    assert found.get("duration_over_3_months") is not Status.PRESENT  # the weeks are the pregnancy's
    assert assessor.reader.read(text).values["gestation_weeks"] >= 29


def test_gravida_para_alone_keeps_a_stated_pain_duration(statuses) -> None:
    found = statuses("G2P2, low back pain for 30 weeks.")
    assert found.get("currently_pregnant") is not Status.PRESENT
    assert found.get("duration_over_3_months") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Our little one is 4 months old and my lower back has ached for three weeks.",
        "Low back pain for 5 weeks. I had my son in the spring and I am breastfeeding.",
    ],
)
def test_baby_age_or_birth_season_is_after_the_birth(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("after_the_birth") is Status.PRESENT
    assert found.get("pregnant_or_unclear") is not Status.PRESENT
    assert found.get("low_back_pain") is Status.PRESENT


def test_birth_with_a_year_long_past_is_not_after_the_birth(statuses) -> None:
    found = statuses(f"Low back pain for 5 weeks. I gave birth in the autumn of {THIS_YEAR - 12}.")
    assert found.get("after_the_birth") is not Status.PRESENT


def test_a_baby_with_a_fever_is_still_the_baby(statuses) -> None:
    assert statuses("Low back pain for 2 weeks. The baby has had a fever of 39 since Monday.").get(
        "fever") is not Status.PRESENT


# ---------------------------------------------------------------- injecting stopped: a year counted from today
@pytest.mark.parametrize(
    "text",
    [
        f"Low back pain for 3 weeks. Former IVDU, stopped injecting in {THIS_YEAR - 3}. Afebrile.",
        f"Low back pain for 10 days. Heroin user, clean since {THIS_YEAR - 2}. No fever.",
    ],
)
def test_injecting_stopped_years_back_is_remote(assess, statuses, text: str) -> None:
    assert statuses(text).get("injecting_stopped_remote") is Status.PRESENT
    assert "spinal_infection" not in flags(assess(text))


@pytest.mark.parametrize("back", [0, 1])
def test_injecting_stopped_this_or_last_year_keeps_the_flag(assess, statuses, back: int) -> None:
    text = f"Low back pain for 3 weeks. Former IVDU, stopped injecting in {THIS_YEAR - back}. Afebrile."
    assert statuses(text).get("injecting_stopped_remote") is not Status.PRESENT
    assert "spinal_infection" in flags(assess(text))


def test_year_slot_counts_from_the_given_day() -> None:
    import re

    pattern = re.compile(YEAR_SLOT.sub(r"(?P<year_before_2_0>(?:19|20)\\d\\d)", r"in {year_before:2}"))
    match = pattern.search("in 2021")
    assert match is not None
    assert year_old_enough(match, [("year_before_2_0", 2)], date(2023, 1, 1))
    assert not year_old_enough(match, [("year_before_2_0", 2)], date(2022, 12, 31))


# ---------------------------------------------------------------- an organ taken out is an operation
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 6 weeks. She had her gallbladder out a few years back.",
        "Back ache for 2 months. My appendix was removed when I was at school.",
    ],
)
def test_organ_taken_out_is_an_operation(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("surgery_named") is Status.PRESENT
    assert found.get("recent_surgery") is not Status.PRESENT
    assert "spinal_infection" not in flags(assess(text))


def test_organ_out_days_ago_is_recent_surgery(statuses) -> None:
    found = statuses("Low back pain for a week. Had my appendix out 8 days ago.")
    assert found.get("recent_surgery") is Status.PRESENT


def test_planned_organ_removal_is_no_operation(statuses) -> None:
    found = statuses("Low back pain for 2 weeks. I am on the list to have my gallbladder out.")
    assert found.get("surgery_named") is not Status.PRESENT


# ---------------------------------------------------------------- a start told by the calendar
@pytest.mark.parametrize(
    "text",
    [
        f"My lower back has hurt since {THIS_YEAR - 2}.",
        "Neck pain ever since Christmas.",
    ],
)
def test_calendar_start_gives_a_duration(assessor, text: str) -> None:
    days = assessor.reader.read(text).values["duration_days"]
    if "Christmas" in text:
        last = date(THIS_YEAR, 12, 25)
        last = last if last <= date.today() else date(THIS_YEAR - 1, 12, 25)
        assert days == pytest.approx(max((date.today() - last).days, 1), abs=1)
    else:
        assert days > 365


def test_since_last_month_name_is_within_two_years(assessor) -> None:
    days = assessor.reader.read("Hip pain since last April.").values["duration_days"]
    assert 0 < days < 730


def test_a_future_year_gives_no_duration(assessor) -> None:
    assert "duration_days" not in assessor.reader.read(f"Knee pain since {THIS_YEAR + 1}.").values


# ---------------------------------------------------------------- non smoker
@pytest.mark.parametrize(
    "text",
    ["Low back pain for 2 weeks. Lifelong non smoker.", "Neck pain for a month. He is non smoking and fit."],
)
def test_non_smoker_without_hyphen(statuses, text: str) -> None:
    assert statuses(text).get("smoker") is not Status.PRESENT


def test_smoker_still_a_smoker(statuses) -> None:
    assert statuses("Low back pain for 2 weeks. Smoker, 15 a day.").get("smoker") is Status.PRESENT


# ---------------------------------------------------------------- pelvic floor exercises, a nurse one sees
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 2 months. Does her pelvic floor exercises daily.",
        "Back pain since the birth 8 weeks ago, seeing pelvic floor physio.",
    ],
)
def test_pelvic_floor_exercises_are_no_pelvic_pain(statuses, text: str) -> None:
    assert statuses(text).get("pelvic_perineal_pain") is not Status.PRESENT


def test_pelvic_floor_pain_is_pelvic_pain(statuses) -> None:
    assert statuses("Pelvic floor pain for 8 months, worse sitting.").get("pelvic_perineal_pain") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 2 months. Referred by the continence nurse.",
        "Low back pain for 2 months. The practice nurse checked her blood pressure.",
    ],
)
def test_nurse_one_sees_is_no_physical_job(statuses, text: str) -> None:
    assert statuses(text).get("physical_job") is not Status.PRESENT


def test_nurse_by_work_is_a_physical_job(statuses) -> None:
    assert statuses("Low back pain for 2 months. Works as a nurse on a busy surgical ward.").get(
        "physical_job") is Status.PRESENT
