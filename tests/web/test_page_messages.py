"""Pages speak to people (issue 16, point 3): a form error names the field as the page labels it and says how to
put it right, never pydantic's own text; an address or form a page cannot read is an HTML page, while /api and
/fhir keep their JSON."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import pytest

from painpath.web.pages.base import FormState, human_message, validate
from painpath.web.pages.outcomes import GoalForm
from tests.web.desk_portal_helpers import browser, field_error, post

RAW = ("Input should", "unable to parse", "invalid character", "Field required", "String should", "Value error")


def summary(page_html: str) -> list[str]:
    block = page_html.split('id="error-summary"')[1].split("</ul>")[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in block.split("<li>")[1:]]


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"baseline_value": "ten"}, "baseline_value", "type a number"),
    ({"baseline_value": "5000000"}, "baseline_value", "is too large: use at most 1,000,000"),
    ({"due_on": "20x6-01-01"}, "due_on", "give the date as year-month-day, e.g. "),
    ({"kind": "hobby"}, "kind", "choose one of the options offered"),
    ({"measure": ""}, "measure", "is required: fill it in"),
])
def test_a_form_error_says_how_to_fix_it(values: dict[str, str], field: str, words: str) -> None:
    good = {"kind": "work", "description": "stand", "measure": "minutes", "baseline_value": "10",
            "target_value": "30", "due_on": (date.today() + timedelta(days=30)).isoformat()}
    state = FormState({**good, **values})
    assert validate(GoalForm, state) is None
    assert words in state.errors[field]
    assert not any(raw in state.errors[field] for raw in RAW)


def test_every_kind_of_pydantic_error_has_words() -> None:
    for kind, ctx in [("less_than_equal", {"le": 100}), ("greater_than_equal", {"ge": 0}), ("float_parsing", {}),
                      ("int_parsing", {}), ("date_from_datetime_parsing", {"error": "invalid character in year"}),
                      ("datetime_from_date_parsing", {"error": "input is too short"}), ("bool_parsing", {}),
                      ("string_too_long", {"max_length": 40}), ("missing", {})]:
        message = human_message({"type": kind, "ctx": ctx, "msg": "Input should be whatever", "loc": ("x",)})
        assert not any(raw in message for raw in RAW), (kind, message)


def test_the_desk_form_names_fields_as_the_page_labels_them(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    page = post(desk, "/desk/patients/new", {"mrn": "", "family_name": "Quinn", "given_name": "Harper",
                                             "birth_date": "20x6-01-01"})
    assert page.status_code == 422
    listed = summary(page.text)
    assert "Record number (MRN): is required: fill it in" in listed
    assert any(item.startswith("Date of birth: give the date as year-month-day") for item in listed)
    assert "year-month-day" in field_error(page.text, "birth_date")
    assert not any(raw in page.text for raw in RAW)
    assert "Mrn:" not in page.text


def test_a_procedure_relief_over_100_is_refused_in_words(clinic: Any) -> None:
    clin = browser(clinic, "clin")
    path = f"/clinic/patients/{clinic.patient_a}/procedures/new"
    page = post(clin, path, {"option_id": "medial_branch_block", "performed_on": date.today().isoformat(),
                             "relief_percent": "180", "duration_hours": "six"})
    assert page.status_code == 422
    assert "at most 100" in field_error(page.text, "relief_percent")
    assert "type a number" in field_error(page.text, "duration_hours")
    assert not any(raw in page.text for raw in RAW)


@pytest.mark.parametrize(("username", "path", "words"), [
    ("desk", "/desk/patients/abc", "the patient number type a whole number"),
    ("desk", "/desk/patients/99999999999999999999999", "the patient number is too large"),
    ("clin", "/clinic/patients/x1/goals", "the patient number type a whole number"),
    ("desk", "/desk/appointments/one", "the appointment number"),
])
def test_a_malformed_page_address_is_an_html_page(clinic: Any, username: str, path: str, words: str) -> None:
    response = browser(clinic, username).get(path)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.text))
    assert words in " ".join(text.split())
    assert "Please check what was entered" in text and not any(raw in text for raw in RAW)
    assert 'aria-label="Main"' in response.text  # the person keeps their navigation


def test_missing_pages_are_html_and_the_api_and_fhir_keep_json(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    missing = desk.get("/desk/no-such-page")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "There is no page at this address." in missing.text
    api = clinic.call("front_desk", "GET", "/api/patients/abc")
    assert api.status_code == 422 and api.headers["content-type"].startswith("application/json")
    assert api.json()["errors"][0]["field"] == "patient_id"
    assert clinic.call("front_desk", "GET", "/api/no-such-thing").headers["content-type"].startswith(
        "application/json")
    fhir = clinic.call("clinician", "GET", "/fhir/Patient/abc")
    assert fhir.status_code in (404, 422) and "json" in fhir.headers["content-type"]


def test_pages_show_times_on_the_clinic_clock_in_one_24_hour_format(clinic: Any) -> None:
    """With the clinic in Tokyo (UTC+9, no daylight saving), a visit stored at 03:30 UTC is at 12:30 on the
    clinician's day, on the chart and on the visit summary; the footer names the zone once."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    assert clinic.call("admin", "PUT", "/api/settings/clinic_timezone",
                       json={"value": "Asia/Tokyo"}).status_code == 200
    tokyo = ZoneInfo("Asia/Tokyo")
    local_day = datetime.now(tokyo).date() + timedelta(days=1)
    start = datetime(local_day.year, local_day.month, local_day.day, 12, 30, tzinfo=tokyo).astimezone(UTC)
    booked = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/appointments", json={
        "starts_at": start.isoformat(), "minutes": 30, "kind": "follow_up",
        "clinician_id": clinic.user_ids["clin"], "note": ""})
    assert booked.status_code == 201, booked.text
    clin = browser(clinic, "clin")
    day = clin.get(f"/clinic/today?day={local_day.isoformat()}")
    row = day.text.split("Alvarez, Ana")[0].rsplit("<tr", 1)[1]
    assert "12:30" in row and "03:30" not in row
    assert "Times are clinic time (Asia/Tokyo), 24-hour clock" in day.text
    assert "(UTC)" not in day.text
    chart = clin.get(f"/clinic/patients/{clinic.patient_a}").text
    assert f"{local_day.isoformat()} 12:30:" in chart and " UTC" not in chart.split("<footer")[0]
    summary = clin.get(f"/clinic/patients/{clinic.patient_a}/summary").text
    assert f"{local_day.isoformat()} 12:30" in summary


def test_clinician_date_fields_are_year_month_day_and_a_bad_one_is_named_in_words(clinic: Any) -> None:
    """The clinician's own forms use the desk's day field (text, YYYY-MM-DD hint), not the browser's locale picker;
    a day typed the US way is refused naming the field's label and how to write it, and what was typed stays."""
    clin = browser(clinic, "clin")
    path = f"/clinic/patients/{clinic.patient_a}/procedures/new"
    form = clin.get(path).text
    field = re.search(r'<input id="f-performed_on"[^>]*>', form)
    assert field is not None and 'type="text"' in field.group() and 'placeholder="YYYY-MM-DD"' in field.group()
    assert f"year-month-day, e.g. {date.today().isoformat()}" in form
    us_style = f"{date.today():%m/%d/%Y}"
    page = post(clin, path, {"option_id": "medial_branch_block", "performed_on": us_style, "relief_percent": "80",
                             "duration_hours": "6"})
    assert page.status_code == 422
    assert any(item.startswith("Performed on: give the date as year-month-day, e.g. ") for item in summary(page.text))
    assert 'value="' + us_style + '"' in page.text
    assert not any(raw in page.text for raw in RAW)
    day = clin.get("/clinic/today?day=04/12/2026")
    assert "give the day as year-month-day" in field_error(day.text, "day")
    assert 'value="04/12/2026"' in day.text
    heading = re.search(r"<h1>([^<]*)</h1>", clin.get("/clinic/today").text)
    assert heading is not None and re.fullmatch(r"Today: [A-Z][a-z]+day \d{4}-\d{2}-\d{2}", heading.group(1))


def test_a_12_hour_time_on_the_desk_is_refused_with_the_24_hour_way(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    form = desk.get("/desk/blocked-time").text
    field = re.search(r'<input id="f-from_time"[^>]*>', form)
    assert field is not None and 'type="text"' in field.group() and 'placeholder="HH:MM"' in field.group()
    day = (date.today() + timedelta(days=7)).isoformat()
    page = post(desk, "/desk/blocked-time", {"kind": "meeting", "clinician_id": str(clinic.user_ids["clin"]),
                                             "from_day": day, "from_time": "2:30 PM", "to_day": day,
                                             "to_time": "15:30", "note": ""})
    assert page.status_code == 422
    assert "From (time): give a 24-hour time, e.g. 14:30" in summary(page.text)
    assert 'value="2:30 PM"' in page.text
