"""The administrator's pages (issue 16): users, clinic settings and the audit log, through the browser's forms."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from painpath.adapters.db.tables import AuditEntry, TotpFactor, User
from painpath.services import clinic_settings
from painpath.web.pages import admin as admin_pages
from tests.service.conftest import Clinic
from tests.service.test_audit_and_concurrency import tamper
from tests.web.desk_portal_helpers import browser, csrf, field_error, post, value_of


def _activation_url(page_html: str) -> str:
    found = re.search(r'id="activation-link"[^>]*value="([^"]+)"', page_html)
    assert found, "no activation link on the page"
    return html.unescape(found.group(1))


def _user(clinic: Clinic, username: str) -> User:
    with clinic.session() as s:
        row = s.scalar(select(User).where(User.username == username))
        assert row is not None
        s.expunge(row)
        return row


def _action(client: object, clinic: Clinic, username: str, action: str, **extra: str) -> object:
    row = _user(clinic, username)
    return post(client, f"/admin/users/{row.id}",  # type: ignore[arg-type]
                {"action": action, "version": str(row.version), **extra}, page="/admin/users")


def test_admin_pages_are_for_the_admin_only(clinic: Clinic) -> None:
    for username in ("clin", "desk", "pat.a"):
        client = browser(clinic, username)
        for path in ("/admin/users", "/admin/settings", "/admin/audit", "/admin/audit.csv"):
            response = client.get(path)
            assert response.status_code == 403, (username, path)
            assert "text/html" in response.headers["content-type"]
    anonymous = browser(clinic, "admin")
    anonymous.cookies.clear()
    assert anonymous.get("/admin/users", follow_redirects=False).headers["location"] == "/login?next=/admin/users"
    admin = browser(clinic, "admin")
    home = admin.get("/admin").text
    for link in ("/admin/users", "/admin/settings", "/admin/audit", "/admin/jobs"):
        assert f'href="{link}"' in home


def test_forms_without_the_csrf_token_are_refused(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    row = _user(clinic, "desk")
    refused = admin.post(f"/admin/users/{row.id}", data={"action": "disable", "version": str(row.version)})
    assert refused.status_code == 403
    assert admin.post("/admin/settings", data={"clinic_name": "Evil"}).status_code == 403
    assert admin.post("/admin/users", data={"username": "x.y.z", "display_name": "X", "role": "admin"}
                      ).status_code == 403
    assert _user(clinic, "desk").active


def test_inviting_a_user_shows_a_one_time_link_that_activates_the_account(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    made = post(admin, "/admin/users", {"username": "dr.jones", "display_name": "Dr Mara Jones",
                                        "role": "clinician", "patient_id": "7"})
    assert made.status_code == 200
    url = _activation_url(made.text)
    assert url.startswith("http://testserver/activate/")
    listing = admin.get("/admin/users").text
    assert "dr.jones" in listing and "Waiting for activation" in listing
    assert url not in listing  # shown once
    path = url.removeprefix("http://testserver")
    owner = browser(clinic, "clin")
    owner.cookies.clear()
    assert owner.get(path).status_code == 200
    chosen = "correct horse battery staple 42"
    done = owner.post(path, data={"password": chosen, "repeat": chosen}, follow_redirects=False)
    assert done.status_code == 303
    assert clinic.sign_in("dr.jones", chosen)
    assert "Waiting for activation" not in admin.get("/admin/users").text.split("dr.jones")[1].split("</tr>")[0]


def test_invite_errors_are_shown_next_to_the_field_and_keep_what_was_typed(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    bad = post(admin, "/admin/users", {"username": "Dr Jones!", "display_name": "Dr Mara Jones",
                                       "role": "clinician"})
    assert bad.status_code == 422
    assert "lower-case letters" in field_error(bad.text, "username")
    assert value_of(bad.text, "display_name") == "Dr Mara Jones"
    taken = post(admin, "/admin/users", {"username": "desk", "display_name": "Someone", "role": "front_desk"})
    assert taken.status_code == 422 and "is taken" in field_error(taken.text, "username")
    patient = post(admin, "/admin/users", {"username": "pat.c", "display_name": "C", "role": "patient"})
    assert patient.status_code == 422 and "patient record number" in field_error(patient.text, "patient_id")
    linked = post(admin, "/admin/users", {"username": "pat.c", "display_name": "C", "role": "patient",
                                          "patient_id": str(clinic.patient_b)})
    assert linked.status_code == 200 and _user(clinic, "pat.c").patient_id == clinic.patient_b


def test_disable_enable_role_change_and_the_admins_own_account(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    desk = browser(clinic, "desk")
    assert desk.get("/desk/schedule").status_code == 200
    done = _action(admin, clinic, "desk", "disable")
    assert done.status_code == 303 and "disabled" in done.headers["location"]
    assert not _user(clinic, "desk").active
    assert desk.get("/desk/schedule", follow_redirects=False).status_code == 303  # signed out
    _action(admin, clinic, "desk", "enable")
    assert _user(clinic, "desk").active
    changed = _action(admin, clinic, "desk", "role", role="clinician")
    assert changed.status_code == 303 and _user(clinic, "desk").role == "clinician"
    refused = _action(admin, clinic, "admin", "disable")
    assert "cannot+disable+your+own" in refused.headers["location"].replace("%20", "+")
    assert _user(clinic, "admin").active
    _action(admin, clinic, "admin", "role", role="clinician")
    assert _user(clinic, "admin").role == "admin"
    with clinic.session() as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.username == "admin")))
    assert {"update", "role_change"} <= actions


def test_a_stale_form_changes_nothing(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    row = _user(clinic, "desk")
    token = csrf(admin.get("/admin/users").text)
    _action(admin, clinic, "desk", "disable")
    stale = admin.post(f"/admin/users/{row.id}", data={"action": "role", "role": "admin", "version": str(row.version),
                                                      "csrf_token": token}, follow_redirects=False)
    assert "changed+by+someone+else" in stale.headers["location"].replace("%20", "+")
    assert _user(clinic, "desk").role == "front_desk"


def test_reset_sign_in_gives_a_new_link_and_unlock_clears_failures(clinic: Clinic) -> None:
    admin = browser(clinic, "admin")
    clin = _user(clinic, "clin")
    with clinic.session() as s:
        s.add(TotpFactor(user_id=clin.id, secret="JBSWY3DPEHPK3PXP", enabled=True, last_step=None))
        s.execute(update(User).where(User.id == clin.id).values(failed_logins=3))
        s.commit()
    listing = admin.get("/admin/users").text
    row_html = listing.split("<strong>clin</strong>")[1].split("</tr>")[0]
    assert "On (authenticator app)" in row_html and "3 failed sign-ins" in row_html
    unlocked = _action(admin, clinic, "clin", "unlock")
    assert unlocked.status_code == 303 and _user(clinic, "clin").failed_logins == 0
    reset = _action(admin, clinic, "clin", "reset")
    assert reset.status_code == 200 and "/activate/" in _activation_url(reset.text)
    row_html = reset.text.split("<strong>clin</strong>")[1].split("</tr>")[0]
    assert "Waiting for activation" in row_html and "Off" in row_html
    again = _action(admin, clinic, "clin", "resend")
    assert again.status_code == 200 and _activation_url(again.text) != _activation_url(reset.text)


def test_settings_are_validated_field_by_field_and_nothing_is_saved_on_an_error(clinic: Clinic) -> None:
    assert [key for key, _, _ in admin_pages.SETTINGS] == list(clinic_settings.VALIDATORS)
    admin = browser(clinic, "admin")
    page = admin.get("/admin/settings")
    assert page.status_code == 200 and "Clinic time zone" in page.text
    bad = post(admin, "/admin/settings", {"clinic_name": "Riverside Pain Clinic", "clinic_phone": "call us",
                                          "clinic_timezone": "Mars/Olympus", "default_appointment_minutes": "7"})
    assert bad.status_code == 422
    assert "phone number as patients dial it" in field_error(bad.text, "clinic_phone")
    assert "not an IANA time zone" in field_error(bad.text, "clinic_timezone")
    assert "steps of 5" in field_error(bad.text, "default_appointment_minutes")
    assert field_error(bad.text, "clinic_name") == ""
    assert value_of(bad.text, "clinic_phone") == "call us"
    before = {s["key"]: s["value"] for s in clinic.call("admin", "GET", "/api/settings").json()}
    assert before.get("clinic_name") != "Riverside Pain Clinic"  # nothing saved while any field is wrong
    good = post(admin, "/admin/settings", {"clinic_name": "Riverside Pain Clinic", "clinic_phone": "+1 555 010 0100",
                                           "clinic_timezone": "Europe/London", "default_appointment_minutes": "30"})
    assert good.status_code == 303 and "Saved" in good.headers["location"]
    values = {s["key"]: s["value"] for s in clinic.call("admin", "GET", "/api/settings").json()}
    assert values["clinic_name"] == "Riverside Pain Clinic" and values["clinic_timezone"] == "Europe/London"
    assert value_of(admin.get("/admin/settings").text, "clinic_phone") == "+1 555 010 0100"


def test_the_audit_page_filters_exports_and_verifies_the_chain(clinic: Clinic) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    clinic.call("front_desk", "GET", f"/api/patients/{clinic.patient_b}")
    admin = browser(clinic, "admin")
    page = admin.get("/admin/audit", params={"user": "clin", "patient_id": str(clinic.patient_a)})
    assert page.status_code == 200
    assert "entries are intact" in page.text
    body = page.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "clin" in body and "desk" not in body
    with clinic.session() as s:
        expected = len(s.scalars(select(AuditEntry).where(
            AuditEntry.username == "clin", AuditEntry.patient_id == clinic.patient_a)).all())
    assert body.count("<tr>") == expected > 0
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    assert "No entries match" in admin.get("/admin/audit", params={"since": tomorrow}).text
    bad = admin.get("/admin/audit", params={"since": "yesterday", "patient_id": "x1"})
    assert bad.status_code == 422
    assert "year-month-day" in field_error(bad.text, "since")
    assert "record number as digits" in field_error(bad.text, "patient_id")
    logins = admin.get("/admin/audit", params={"action": "login"}).text
    assert "Signed in" in logins

    exported = admin.get("/admin/audit.csv", params={"user": "desk"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows and {r["username"] for r in rows} == {"desk"}
    assert int(exported.headers["X-Total-Count"]) == len(rows)
    with clinic.session() as s:
        last = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()))
        assert last is not None and (last.action, last.record_type, last.username) == (
            "export", "audit_report", "admin")

    tamper(clinic, "UPDATE audit_log SET record_id = 'rewritten' WHERE seq = 2")  # reported on the page
    tampered = admin.get("/admin/audit").text
    assert "tampered with" in tampered and "entry 2: contents do not match" in tampered


def test_audit_times_are_shown_on_the_clinic_clock(clinic: Clinic) -> None:
    clinic.call("admin", "PUT", "/api/settings/clinic_timezone", json={"value": "Asia/Tokyo"})
    admin = browser(clinic, "admin")
    page = admin.get("/admin/audit").text
    with clinic.session() as s:
        last = s.scalar(select(AuditEntry).where(AuditEntry.action == "login").order_by(AuditEntry.seq.desc()))
        assert last is not None
        at = last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC)
    assert at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%d %H:%M") in page
    assert "Asia/Tokyo" in page
    formula = "=HYPERLINK(1)"
    clinic.client.post("/api/auth/token", json={"username": formula, "password": "wrong password 123"})
    exported = admin.get("/admin/audit.csv", params={"action": "login_failed"}).text
    assert "'=HYPERLINK(1)" in exported and "\n=HYPERLINK" not in exported.replace(",=", "\n=")
