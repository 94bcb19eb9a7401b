"""The desk's schedule is a day grid (issue 16): a column per clinician, a row per slot, each visit in its
clinician's column at its time spanning the slots it takes, free and held slots in the grid, and a check-in
button that marks the patient arrived through the scheduling service (audited, version-checked)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from painpath.adapters.db import tables
from tests.web.desk_portal_helpers import browser, fix_morning, post


def grid_rows(page: str) -> dict[str, str]:
    body = page.split('<table class="day-grid', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = {}
    for row in body.split("<tr>")[1:]:
        time = re.search(r'<th scope="row" class="time-col">(\d\d:\d\d)</th>', row)
        assert time is not None
        rows[time.group(1)] = row
    return rows


def test_the_day_grid_places_visits_by_clinician_and_time_and_checks_patients_in(
    clinic: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = fix_morning(monkeypatch)
    today = now.date().isoformat()
    clinician = clinic.user_ids["clin"]
    made = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_a}/appointments", json={
        "starts_at": f"{today}T10:00:00Z", "minutes": 60, "kind": "new", "clinician_id": clinician,
        "window_reason": "the patient asked for this day"})
    assert made.status_code == 201, made.text
    appointment = made.json()["id"]

    desk = browser(clinic, "desk")
    page = desk.get(f"/desk/schedule?day={today}").text
    header = page.split('<table class="day-grid', 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col">clin</th>' in header  # the clinician's column
    rows = grid_rows(page)
    assert "Alvarez, Ana" in rows["10:00"] and 'rowspan="2"' in rows["10:00"]  # 60 minutes: two 30-minute rows
    assert 'class="slot-visit"' not in rows["10:30"] and "<td" not in rows["10:30"]  # under the rowspan
    assert 'class="slot-free"' in rows["11:00"]
    assert "held for urgent" in rows["16:30"]
    assert "Booked" in rows["10:00"] and f'action="/desk/appointments/{appointment}/arrive"' in rows["10:00"]

    version = re.search(rf'/desk/appointments/{appointment}/arrive".*?name="version" value="(\d+)"', page, re.S)
    assert version is not None
    done = post(desk, f"/desk/appointments/{appointment}/arrive",
                {"version": version.group(1), "day": today}, page=f"/desk/schedule?day={today}")
    assert done.status_code == 303 and done.headers["location"].startswith(f"/desk/schedule?day={today}")
    after = grid_rows(desk.get(f"/desk/schedule?day={today}").text)
    assert "Arrived" in after["10:00"] and "/arrive" not in after["10:00"]
    assert clinic.call("front_desk", "GET", f"/api/appointments/{appointment}").json()["status"] == "arrived"
    with clinic.session() as session:
        audited = session.scalars(select(tables.AuditEntry.action).where(
            tables.AuditEntry.record_type == "appointment", tables.AuditEntry.record_id == str(appointment))).all()
    assert "update" in audited

    stale = post(desk, f"/desk/appointments/{appointment}/arrive", {"version": version.group(1), "day": today},
                 page=f"/desk/schedule?day={today}")
    assert stale.status_code == 303  # already arrived: said so, nothing changed
    assert clinic.call("front_desk", "GET", f"/api/appointments/{appointment}").json()["status"] == "arrived"

    one = desk.get(f"/desk/schedule?day={today}&clinician={clinician}").text
    assert one.split('<table class="day-grid', 1)[1].split("</thead>", 1)[0].count('<th scope="col"') == 2


def test_a_past_day_has_no_check_in(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    page = desk.get(f"/desk/schedule?day={date(2026, 1, 5).isoformat()}").text
    assert "/arrive" not in page and "This day has passed" in page
