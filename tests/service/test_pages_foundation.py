"""What every browser page shares: sign-in redirects, no open redirects, HTML error pages, security headers."""

from __future__ import annotations

from typing import Any

from tests.service.conftest import PASSWORD


def browser_sign_in(clinic: Any, username: str, next_path: str = "") -> Any:
    """Sign in through the real form (CSRF cookie + hidden field); returns the response to the POST."""
    page = clinic.client.get("/login" + (f"?next={next_path}" if next_path else ""))
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    data = {"username": username, "password": PASSWORD, "csrf_token": token}
    if next_path:
        data["next"] = next_path
    return clinic.client.post("/login", data=data, follow_redirects=False)


def test_a_page_without_a_session_goes_to_sign_in_and_back(clinic: Any) -> None:
    response = clinic.client.get("/admin?tab=users", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/admin%3Ftab%3Dusers"
    login = clinic.client.get(response.headers["location"])
    assert 'name="next" value="/admin?tab=users"' in login.text
    signed_in = browser_sign_in(clinic, "admin", "/admin?tab=users")
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/admin?tab=users"


def test_each_role_starts_on_its_own_page_and_next_cannot_leave_the_site(clinic: Any) -> None:
    for next_path in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        clinic.client.cookies.clear()
        response = browser_sign_in(clinic, "admin", next_path)
        assert response.headers["location"] == "/admin", next_path
    clinic.client.cookies.clear()
    assert browser_sign_in(clinic, "desk").headers["location"] == "/desk/schedule"
    clinic.client.cookies.clear()
    assert browser_sign_in(clinic, "clin").headers["location"] == "/clinic/today"
    clinic.client.cookies.clear()
    assert browser_sign_in(clinic, "pat.a").headers["location"] == "/portal"
    assert clinic.client.get("/", follow_redirects=False).headers["location"] == "/portal"


def test_a_wrong_password_keeps_the_username_and_says_what_happened(clinic: Any) -> None:
    page = clinic.client.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = clinic.client.post("/login", data={"username": "desk", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "wrong username or password" in response.text
    assert 'value="desk"' in response.text


def test_pages_send_a_strict_content_security_policy_and_the_api_stays_json(clinic: Any) -> None:
    browser_sign_in(clinic, "admin")
    page = clinic.client.get("/admin")
    assert page.status_code == 200 and "<h1>Administration</h1>" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert page.headers["cache-control"] == "no-store"
    assert "style=" not in page.text and "<script>" not in page.text  # nothing inline for the policy to block
    missing = clinic.client.get("/no-such-page")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "There is no page at this address." in missing.text
    assert 'href="/admin"' in missing.text  # a signed-in person keeps their navigation on the error page
    api_missing = clinic.client.get("/api/no-such-thing")
    assert api_missing.status_code == 404 and api_missing.json()["detail"] == "Not Found"
    assert "content-security-policy" not in api_missing.headers


def test_the_wrong_role_gets_a_403_page_that_names_the_role(clinic: Any) -> None:
    browser_sign_in(clinic, "desk")
    response = clinic.client.get("/admin")
    assert response.status_code == 403
    assert "the front desk role may not open this page" in response.text
    assert "Not available to your role" in response.text


def test_sign_out_needs_the_session_token_and_ends_the_session(clinic: Any) -> None:
    browser_sign_in(clinic, "admin")
    forged = clinic.client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    assert clinic.client.get("/admin", follow_redirects=False).status_code == 200
    csrf = clinic.client.get("/admin").text.split('name="csrf-token" content="')[1].split('"')[0]
    out = clinic.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert clinic.client.get("/admin", follow_redirects=False).headers["location"] == "/login?next=/admin"


def test_static_files_are_served_by_the_app(clinic: Any) -> None:
    css = clinic.client.get("/static/app.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "@media print" in css.text
    script = clinic.client.get("/static/app.js")
    assert script.status_code == 200 and "data-body-map" in script.text


def test_only_notices_the_app_wrote_are_shown(clinic: Any) -> None:
    from painpath.web.pages.base import redirect

    browser_sign_in(clinic, "pat.a")
    forged = clinic.client.get("/portal?notice=Your+care+team:+stop+taking+your+medicines")
    assert forged.status_code == 200 and "stop taking your medicines" not in forged.text
    unsigned_login = clinic.client.get("/login?error=Call+the+IT+desk+on+555-0199&status=204")
    assert unsigned_login.status_code == 200 and "555-0199" not in unsigned_login.text
    location = redirect("/portal", notice="Draft saved").headers["location"]
    assert location.startswith("/portal?notice=Draft%20saved&ns=")
    assert 'role="status">Draft saved<' in clinic.client.get(location).text
    tampered = location.replace("Draft%20saved", "Draft%20deleted")
    assert "Draft deleted" not in clinic.client.get(tampered).text


def test_the_worklist_view_is_audited_against_each_patient_it_shows(clinic: Any) -> None:
    from sqlalchemy import func, select

    from painpath.adapters.db.tables import AuditEntry

    r = clinic.call("clinician", "POST", "/api/assessments", json={
        "patient_id": clinic.patient_b,
        "text": "52M low back pain, new urinary retention and saddle numbness since this morning."})
    assert r.status_code == 201, r.text

    def reads() -> int:
        with clinic.session() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.patient_id == clinic.patient_b, AuditEntry.record_type == "clinical_alert",
                AuditEntry.action == "read")) or 0)

    before = reads()
    browser_sign_in(clinic, "clin")
    page = clinic.client.get("/clinic/worklist")
    assert page.status_code == 200 and "Brightwater" in page.text
    assert reads() == before + 1
