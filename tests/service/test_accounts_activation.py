"""Provisioned accounts (issue 11, point 4): the administrator never sets or learns a password; the owner
chooses it through a one-time, expiring link, under the NIST SP 800-63B rules; creation, role changes and
resets are audited and in the admin's audit report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from painpath.adapters.db.tables import AccountActivation
from painpath.services.passwords import common_passwords, password_problem
from tests.service.conftest import Clinic

NEW_PASSWORD = "velvet-harbour-lantern-93"


def provision(clinic: Clinic, username: str = "new.clinician", role: str = "clinician") -> dict[str, Any]:
    response = clinic.call("admin", "POST", "/api/users",
                           json={"username": username, "display_name": "Dr New", "role": role})
    assert response.status_code == 201, response.text
    return dict(response.json())


def token_of(user: dict[str, Any]) -> str:
    return str(user["activation_path"]).removeprefix("/activate/")


def sign_in(clinic: Clinic, username: str, password: str) -> int:
    return int(clinic.client.post("/api/auth/token", json={"username": username, "password": password}).status_code)


def test_the_admin_cannot_choose_a_password_for_an_account(clinic: Clinic) -> None:
    chosen = clinic.call("admin", "POST", "/api/users", json={
        "username": "new.clinician", "display_name": "Dr New", "role": "clinician",
        "password": "admin-knows-this-one"})
    assert chosen.status_code == 422 and "password" in chosen.text
    desk = clinic.call("admin", "GET", "/api/users").json()["items"]
    desk_user = next(u for u in desk if u["username"] == "desk")
    reset = clinic.call("admin", "PATCH", f"/api/users/{desk_user['id']}",
                        json={"version": desk_user["version"], "password": "admin-knows-this-one"})
    assert reset.status_code == 422
    assert sign_in(clinic, "desk", "admin-knows-this-one") == 401


def test_a_provisioned_account_is_activated_once_by_its_owner(clinic: Clinic) -> None:
    user = provision(clinic)
    assert user["activation_path"].startswith("/activate/") and "password_hash" not in user
    expires = datetime.fromisoformat(user["activation_expires_at"])
    assert timedelta(hours=71) < expires - datetime.now(UTC) <= timedelta(hours=72)
    for guess in ("painpath-demo-2026", "correct-horse-battery", "!activation-pending"):
        assert sign_in(clinic, "new.clinician", guess) == 401  # no password works before activation
    page = clinic.client.get(user["activation_path"])
    assert page.status_code == 200 and "new.clinician" in page.text
    weak = clinic.client.post(user["activation_path"], data={"password": "password1234", "repeat": "password1234"},
                              follow_redirects=False)
    assert weak.status_code == 422 and "common and breached passwords" in weak.text
    done = clinic.client.post(user["activation_path"], data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
                              follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert sign_in(clinic, "new.clinician", NEW_PASSWORD) == 200
    again = clinic.client.post("/api/auth/activate", json={"token": token_of(user), "password": "another-one-77x"})
    assert again.status_code == 404 and "already used or expired" in again.json()["detail"]
    assert sign_in(clinic, "new.clinician", "another-one-77x") == 401


def test_an_activation_link_expires(clinic: Clinic) -> None:
    user = provision(clinic)
    with clinic.session() as session:
        session.execute(update(AccountActivation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()
    late = clinic.client.post("/api/auth/activate", json={"token": token_of(user), "password": NEW_PASSWORD})
    assert late.status_code == 404 and "expired" in late.json()["detail"]
    assert clinic.client.get(user["activation_path"]).status_code == 404


def test_a_reset_voids_the_password_ends_sessions_and_issues_a_new_link(clinic: Clinic) -> None:
    desk = next(u for u in clinic.call("admin", "GET", "/api/users").json()["items"] if u["username"] == "desk")
    reset = clinic.call("admin", "PATCH", f"/api/users/{desk['id']}",
                        json={"version": desk["version"], "reset_password": True})
    assert reset.status_code == 200 and reset.json()["activation_path"].startswith("/activate/")
    assert clinic.call("front_desk", "GET", "/api/me").status_code == 401  # the old token was revoked
    assert sign_in(clinic, "desk", "correct-horse-battery") == 401
    ok = clinic.client.post("/api/auth/activate", json={"token": token_of(reset.json()), "password": NEW_PASSWORD})
    assert ok.status_code == 204
    assert sign_in(clinic, "desk", NEW_PASSWORD) == 200


@pytest.mark.parametrize(("password", "problem"), [
    ("short-pass", "at least 12 characters"),
    ("password1234", "common and breached"),
    ("iloveyou2026!!", "common and breached"),  # a listed password with a suffix
    ("aaaaaaaaaaaaaa", "common and breached"),
    ("new.clinician-secret", "your username"),
    ("NewClinician!Secret", "your username"),
    ("my-Hillside-Pain-2026", "the clinic's name"),
])
def test_the_password_rules_of_nist_sp_800_63b(clinic: Clinic, password: str, problem: str) -> None:
    setting = clinic.call("admin", "GET", "/api/settings").json()
    version = next((s["version"] for s in setting if s["key"] == "clinic_name"), None)
    assert clinic.call("admin", "PUT", "/api/settings/clinic_name",
                       json={"value": "Hillside Pain", "version": version}).status_code == 200
    user = provision(clinic)
    refused = clinic.client.post("/api/auth/activate", json={"token": token_of(user), "password": password})
    assert refused.status_code == 422 and problem in refused.json()["detail"], refused.text
    assert clinic.client.post("/api/auth/activate",
                              json={"token": token_of(user), "password": NEW_PASSWORD}).status_code == 204


def test_the_shipped_block_list_is_the_real_one() -> None:
    listed = common_passwords()
    assert len(listed) == 19640 and {"123456", "password", "qwerty", "iloveyou"} <= listed
    assert password_problem("velvet-harbour-lantern-93", username="x.y", clinic_name="") is None


def test_account_creation_role_changes_and_activation_are_in_the_audit_report(clinic: Clinic) -> None:
    user = provision(clinic)
    promoted = clinic.call("admin", "PATCH", f"/api/users/{user['id']}",
                           json={"version": user["version"], "role": "admin"})
    assert promoted.status_code == 200
    clinic.client.post("/api/auth/activate", json={"token": token_of(user), "password": NEW_PASSWORD})
    report = clinic.call("admin", "GET", "/api/audit", params={"sort": "seq", "limit": 200}).json()["items"]
    events = [(e["username"], e["action"], e["record_id"]) for e in report if e["record_type"] == "user"]
    uid = user["id"]
    assert ("admin", "create", f"{uid} new.clinician as clinician") in events
    assert ("admin", "activation_link", str(uid)) in events
    assert ("admin", "role_change", f"{uid} new.clinician: clinician -> admin") in events
    assert ("new.clinician", "activated", str(uid)) in events


def test_serve_warns_loudly_about_accounts_with_the_published_demo_password(clinic: Clinic) -> None:
    from painpath.adapters.db.accounts_store import Accounts
    from painpath.cli_service import demo_password_warning
    from painpath.demo_clinic import DEMO_PASSWORD
    from painpath.services.access import SYSTEM, Role

    assert demo_password_warning(clinic.url) is None  # the test clinic's passwords are not the demo's
    with clinic.session() as session:
        Accounts(session, SYSTEM).create_user(username="demo.doc", display_name="Demo", role=Role.CLINICIAN,
                                              password=DEMO_PASSWORD, patient_id=None)
    warning = demo_password_warning(clinic.url)
    assert warning is not None and "PUBLISHED DEMO PASSWORD" in warning and "demo.doc" in warning
    assert "clin," not in warning and "desk" not in warning


def test_a_clinician_turns_on_totp_and_then_needs_a_code_or_a_recovery_code(clinic: Clinic) -> None:
    import pyotp

    from painpath.adapters.db.accounts_store import WRONG

    assert clinic.call("front_desk", "POST", "/api/me/totp", json={}).status_code == 403
    started = clinic.call("clinician", "POST", "/api/me/totp", json={})
    assert started.status_code == 200 and started.json()["enabled"] is False
    assert started.json()["otpauth_uri"].startswith("otpauth://totp/PainPath:clin?secret=")
    totp = pyotp.TOTP(started.json()["secret"])
    assert sign_in(clinic, "clin", "correct-horse-battery") == 200  # nothing changes before confirmation
    wrong = clinic.call("clinician", "POST", "/api/me/totp", json={"code": "000000" if totp.now() != "000000"
                                                                     else "111111"})
    assert wrong.status_code == 422
    first_code = totp.now()
    confirmed = clinic.call("clinician", "POST", "/api/me/totp", json={"code": first_code})
    assert confirmed.status_code == 200, confirmed.text
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10

    def token(otp: str | None) -> Any:
        body = {"username": "clin", "password": "correct-horse-battery"} | ({"otp": otp} if otp else {})
        return clinic.client.post("/api/auth/token", json=body)

    without = token(None)
    assert without.status_code == 401 and without.json()["detail"] == WRONG  # the same answer as a wrong password
    assert token(first_code).status_code == 401  # the confirming code was used: a replay is refused
    assert token(codes[0]).status_code == 200
    assert token(codes[0]).status_code == 401  # each recovery code works once
    assert token(codes[1].upper()).status_code == 200
    report = clinic.call("admin", "GET", "/api/audit", params={"user_id": clinic.user_ids["clin"]}).json()["items"]
    actions = [e["action"] for e in report]
    assert "totp_enabled" in actions and actions.count("recovery_code_used") == 2
