"""Issue 11, points 1, 2, 6 and 7: no freeze while a note is read, no leak in a 409, bad values never answer 500,
the API's headers and docs, and patient wording for a patient reading their own record. On SQLite and
PostgreSQL (the clinic fixture)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from painpath.adapters.db import tables
from painpath.adapters.db.accounts_store import SETTINGS_KEYS
from painpath.config import DEFAULT_MAX_TEXT_CHARS, Settings
from painpath.services.clinic_settings import VALIDATORS
from painpath.web.app import create_app
from tests.service.intake_records import intake_body_for, make_intake_records
from tests.service.provider_records import make_provider_records, provider_body_for
from tests.service.records import NOTE, body_for, make_records
from tests.service.test_access import EXPECTED, USERNAMES, fill, operations
from tests.service.test_pages_foundation import browser_sign_in

ROLE_TOKEN = {"clinician": "clinician", "front_desk": "front_desk", "patient": "patient", "admin": "admin"}


def assessments_of(clinic: Any, patient_id: int) -> int:
    with clinic.session() as session:
        return int(session.scalar(select(func.count()).select_from(tables.Assessment)
                                  .where(tables.Assessment.patient_id == patient_id)) or 0)


# -- 1. the engine runs outside any transaction --------------------------------------------------------------
class GatedEngine:
    """The real engine, held at its start until the test lets it go: the test then knows an assessment is in
    progress (the engine running) while it sends another user's request."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()

    def run(self, **kwargs: Any) -> dict[str, Any]:
        self.started.set()
        assert self.release.wait(60), "the test never released the engine"
        return dict(self.real.run(**kwargs))


def test_another_users_read_answers_while_a_long_note_is_being_assessed(clinic: Any) -> None:
    app = clinic.client.app
    gated = GatedEngine(app.state.assessment_engine())
    app.state.assessment_engine = lambda: gated
    note = (NOTE + " ") * 40  # about 8,000 characters: a long note, under the limit
    results: dict[str, Any] = {}

    def assess() -> None:
        results["assess"] = clinic.call("clinician", "POST", "/api/assessments",
                                        json={"text": note, "patient_id": clinic.patient_a})

    def read() -> None:  # another user: the front desk opens a patient (an audited read, so a write too)
        results["read"] = clinic.call("front_desk", "GET", f"/api/patients/{clinic.patient_b}")

    assessing = threading.Thread(target=assess)
    assessing.start()
    try:
        assert gated.started.wait(30), "the assessment never reached the engine"
        reading = threading.Thread(target=read)
        reading.start()
        reading.join(timeout=20)
        finished_first = not reading.is_alive() and "assess" not in results
    finally:
        gated.release.set()
        assessing.join(timeout=60)
    # the read finished while the engine was still held, and it answered (no 'database is locked')
    assert finished_first, "the read waited for the assessment"
    assert results["read"].status_code == 200, results["read"].text
    assert results["assess"].status_code == 201, results["assess"].text


def test_a_note_over_the_limit_is_refused_with_413_naming_the_limit_and_nothing_is_stored(clinic: Any) -> None:
    before = assessments_of(clinic, clinic.patient_a)
    text = "Low back pain. " * (DEFAULT_MAX_TEXT_CHARS // 15 + 1)
    r = clinic.call("clinician", "POST", "/api/assessments", json={"text": text, "patient_id": clinic.patient_a})
    assert r.status_code == 413, r.text
    assert f"{DEFAULT_MAX_TEXT_CHARS:,}" in r.json()["detail"] and "PAINPATH_MAX_TEXT_CHARS" in r.json()["detail"]
    assert r.json()["detail"].startswith("text:")
    letter = {"patient_id": clinic.patient_a, "received_on": date.today().isoformat(), "letter": text}
    r = clinic.call("front_desk", "POST", "/api/referrals", json=letter)
    assert r.status_code == 413 and r.json()["detail"].startswith("letter:")
    assert assessments_of(clinic, clinic.patient_a) == before


def test_a_history_packet_over_the_text_limit_is_refused_with_413(clinic: Any) -> None:
    rows = [{"name": "a" * 200, "dose": "b" * 200, "side_effects": "c" * 200} for _ in range(40)]
    body = {"version": 0, "content": {"story": "Low back pain for six weeks.", "medications": rows,
                                      "goal_work": "work", "goal_life": "life"}}
    path = f"/api/patients/{clinic.patient_a}/history-packet"
    r = clinic.call("patient", "POST", path + "/submit", json=body)
    assert r.status_code == 413, r.text
    assert r.json()["detail"].startswith("content:") and f"{DEFAULT_MAX_TEXT_CHARS:,}" in r.json()["detail"]
    assert clinic.call("patient", "GET", path).json()["status"] == "none"


def test_the_text_limit_is_configurable(migrated_url: str, assessor: Any) -> None:
    from tests.service.conftest import PASSWORD, seed

    ids = seed(migrated_url)
    app = create_app(Settings(database_url=migrated_url, cookie_secure=False, max_text_chars=120),
                     assessor=assessor)
    with TestClient(app) as client:
        token = client.post("/api/auth/token", json={"username": "clin", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        r = client.post("/api/assessments", headers=headers, json={"text": NOTE, "patient_id": ids["a"]})
        assert r.status_code == 413 and "120" in r.json()["detail"]
        r = client.post("/api/assessments", headers=headers,
                        json={"text": "Knee pain for years, worse on stairs.", "patient_id": ids["a"]})
        assert r.status_code == 201, r.text
    app.state.db_engine.dispose()


def test_a_note_without_pain_content_is_refused_and_not_stored_but_a_red_flag_never_is(clinic: Any) -> None:
    before = assessments_of(clinic, clinic.patient_a)
    r = clinic.call("clinician", "POST", "/api/assessments",
                    json={"text": "asdf qwer zxcv", "patient_id": clinic.patient_a})
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith("text: the reader read this note and found no pain in it")
    assert assessments_of(clinic, clinic.patient_a) == before
    # a red flag without any pain word is assessed: suicidal thoughts go to the worklist, never refused
    r = clinic.call("clinician", "POST", "/api/assessments",
                    json={"text": "She says she wants to kill herself.", "patient_id": clinic.patient_a})
    assert r.status_code == 201, r.text
    assert r.json()["triage"]["level"] == "emergency"
    assert assessments_of(clinic, clinic.patient_a) == before + 1


def test_a_history_packet_without_pain_content_is_refused_and_not_submitted(clinic: Any) -> None:
    path = f"/api/patients/{clinic.patient_a}/history-packet"
    body = {"version": 0, "content": {"story": "asdf qwer zxcv", "goal_work": "work", "goal_life": "life"}}
    r = clinic.call("patient", "POST", path + "/submit", json=body)
    assert r.status_code == 422, r.text
    body["content"]["story"] = "I have had a fever and I feel tired all the time."  # a finding, but no pain
    r = clinic.call("patient", "POST", path + "/submit", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith("intake: the reader read this history and found no pain in it")
    assert clinic.call("patient", "GET", path).json()["status"] == "none"  # nothing saved as submitted
    assert assessments_of(clinic, clinic.patient_a) == 0
    body["content"]["story"] = "Low back pain for six weeks, worse sitting, spreading down my left leg."
    assert clinic.call("patient", "POST", path + "/submit", json=body).status_code == 200


# -- 2. a 409 is built from the caller's read schema ----------------------------------------------------------
def test_a_stale_referral_edit_by_the_desk_never_returns_the_letter(clinic: Any) -> None:
    letter = "Dear colleague, knee pain for years, worse on stairs. SECRET-CLINICAL-DETAIL."
    created = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_a, "received_on": date.today().isoformat(), "letter": letter})
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert clinic.call("front_desk", "PATCH", f"/api/referrals/{rid}",
                       json={"version": 1, "status": "closed"}).status_code == 200
    stale = clinic.call("front_desk", "PATCH", f"/api/referrals/{rid}", json={"version": 1, "status": "new"})
    assert stale.status_code == 409
    body = stale.json()
    assert "SECRET-CLINICAL-DETAIL" not in stale.text and "letter" not in body["current"]
    assert body["current"]["version"] == 2 and body["current"]["status"] == "closed"
    assert body["changes"][0]["fields"] == {"status": {"from": "new", "to": "closed"}}
    # the clinician's read schema has the letter: their 409 shows it
    clinical = clinic.call("clinician", "PATCH", f"/api/referrals/{rid}", json={"version": 1, "status": "new"})
    assert clinical.status_code == 409 and clinical.json()["current"]["letter"] == letter


def test_a_stale_user_edit_never_returns_the_password_hash(clinic: Any) -> None:
    uid = clinic.user_ids["desk"]
    assert clinic.call("admin", "PATCH", f"/api/users/{uid}",
                       json={"version": 1, "display_name": "Desk One"}).status_code == 200
    assert clinic.call("admin", "PATCH", f"/api/users/{uid}",
                       json={"version": 2, "reset_password": True}).status_code == 200  # the hash changes
    stale = clinic.call("admin", "PATCH", f"/api/users/{uid}", json={"version": 1, "display_name": "Desk Two"})
    assert stale.status_code == 409
    assert "password_hash" not in stale.text and "$argon2" not in stale.text
    assert stale.json()["current"]["display_name"] == "Desk One" and stale.json()["current"]["username"] == "desk"


def test_every_stale_write_shows_only_what_the_callers_own_read_shows(clinic: Any) -> None:
    """Walks every versioned write of the OpenAPI document as every role allowed to make it: a good write, then
    the same write with the version it replaced: the 409's current record and the changed fields are a subset
    of what that caller's successful write returned (its read schema), never a row."""
    params = make_records(clinic, clinic.patient_a) | {"user_id": clinic.user_ids["desk"], "key": "clinic_name",
                                                       "instrument": "nrs"}
    params |= make_intake_records(clinic, clinic.patient_a) | make_provider_records(clinic, clinic.patient_a)
    walked, failures = set(), []
    for method, path in operations(clinic):
        if method not in {"PATCH", "PUT"}:
            continue
        for role in sorted(r for r in EXPECTED[(method, path)] if r in ROLE_TOKEN):
            good = (body_for(clinic, method, path, params) or intake_body_for(clinic, method, path, params)
                    or provider_body_for(clinic, method, path, params))
            if not good or "version" not in good:
                continue
            ok = clinic.call(role, method, fill(path, params), json=good)
            assert 200 <= ok.status_code < 300, f"{method} {path} as {role}: {ok.status_code} {ok.text[:200]}"
            stale = (body_for(clinic, method, path, params) or intake_body_for(clinic, method, path, params)
                     or provider_body_for(clinic, method, path, params))
            assert stale is not None
            # the version the good write replaced; when it replaced none (a create, or nothing changed) one that
            # never was
            now = ok.json().get("version", ok.json().get("profile", {}).get("version"))
            stale["version"] = good["version"] if good["version"] and good["version"] != now else (now or 0) + 7
            answer = clinic.call(role, method, fill(path, params), json=stale)
            walked.add((method, path))
            if answer.status_code != 409:
                failures.append(f"{method} {path} as {role}: expected 409, got {answer.status_code}")
                continue
            shown = set(ok.json())
            body = answer.json()
            extra = set(body["current"]) - shown
            changed = {k for change in body["changes"] for k in change["fields"]} - shown
            if extra or changed or "password_hash" in answer.text:
                failures.append(f"{method} {path} as {role}: shows {sorted(extra | changed)} beyond its read")
    assert failures == [], "\n".join(failures)
    assert {("PATCH", "/api/referrals/{referral_id}"), ("PATCH", "/api/users/{user_id}"),
            ("PATCH", "/api/patients/{patient_id}"), ("PUT", "/api/settings/{key}")} <= walked
    assert USERNAMES  # the role table this walk shares with test_access


# -- 6. settings, dates at the edges, request size ----------------------------------------------------------
def test_every_setting_has_a_validator_and_a_bad_time_zone_is_refused(clinic: Any) -> None:
    assert set(VALIDATORS) == SETTINGS_KEYS
    for key, value in (("clinic_timezone", "Mars/Olympus_Mons"), ("clinic_timezone", "America"),
                       ("clinic_timezone", "../../etc/passwd"), ("default_appointment_minutes", "0"),
                       ("default_appointment_minutes", "thirty"), ("clinic_name", "a\nb")):
        r = clinic.call("admin", "PUT", f"/api/settings/{key}", json={"value": value})
        assert r.status_code == 422, (key, value, r.text)
        assert r.json()["detail"].startswith("value:")
    r = clinic.call("admin", "PUT", "/api/settings/clinic_timezone", json={"value": "Europe/London"})
    assert r.status_code == 200 and r.json()["value"] == "Europe/London"


def test_a_bad_time_zone_already_stored_never_breaks_a_page(clinic: Any, caplog: Any) -> None:
    with clinic.session() as session:
        row = session.get(tables.ClinicSetting, "clinic_timezone")
        if row is None:
            session.add(tables.ClinicSetting(key="clinic_timezone", value="Mars/Olympus_Mons", version=1))
        else:
            row.value = "Mars/Olympus_Mons"
        session.commit()
    created = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_a, "received_on": date.today().isoformat(),
        "letter": "Knee pain for years, worse on stairs."})
    assert created.status_code == 201, created.text
    client = clinic.client
    for username, pages in (("desk", ["/desk", "/desk/referrals", f"/desk/referrals/{created.json()['id']}"]),
                            ("pat.a", ["/portal", "/portal/history"])):
        assert browser_sign_in(clinic, username).status_code == 303
        for page in pages:
            assert client.get(page).status_code == 200, page
        client.cookies.clear()
    assert "Mars/Olympus_Mons" in caplog.text  # the fallback is logged


EDGES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:00:00Z", "2101-01-01T00:00:00Z"]
DAY_EDGES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]


def _date_fields(spec: dict[str, Any], schema: dict[str, Any], seen: set[str] | None = None) -> dict[str, str]:
    """The date and date-time properties of a request schema (following $ref and unions): name -> format."""
    seen = seen or set()
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return {}
        return _date_fields(spec, spec["components"]["schemas"][name], seen | {name})
    found: dict[str, str] = {}
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        found |= _date_fields(spec, option, seen)
    for key, prop in schema.get("properties", {}).items():
        kinds = [prop, *prop.get("anyOf", [])]
        formats = {k.get("format") for k in kinds} & {"date", "date-time"}
        if formats:
            found[key] = formats.pop()
    return found


def test_every_date_in_the_api_is_bounded_with_a_422_never_a_500(clinic: Any) -> None:
    """Walks the OpenAPI document: every request body and query parameter of format date or date-time, sent the
    edges (year 1, year 9999 with a time zone that overflows, just outside 1900-2100) by a role allowed to call it,
    answers 422 naming the field."""
    spec = clinic.client.get("/openapi.json").json()
    params = make_records(clinic, clinic.patient_a) | {"user_id": clinic.user_ids["desk"], "key": "clinic_name",
                                                       "instrument": "nrs"}
    params |= make_intake_records(clinic, clinic.patient_a) | make_provider_records(clinic, clinic.patient_a)
    checked, failures = [], []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            roles = sorted(r for r in EXPECTED[(method.upper(), path)] if r in ROLE_TOKEN)
            if not roles:
                continue
            role = roles[0]
            base = (body_for(clinic, method.upper(), path, params)
                    or intake_body_for(clinic, method.upper(), path, params)
                    or provider_body_for(clinic, method.upper(), path, params))
            content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            fields = _date_fields(spec, content["schema"]) if content else {}
            queries = {p["name"]: fmt for p in operation.get("parameters", []) if p["in"] == "query"
                       for fmt in [(p["schema"].get("format") or next(
                           (k.get("format") for k in p["schema"].get("anyOf", []) if k.get("format")), None))]
                       if fmt in {"date", "date-time"}}
            for name, fmt in fields.items():
                for edge in EDGES if fmt == "date-time" else DAY_EDGES:
                    r = clinic.call(role, method.upper(), fill(path, params), json=dict(base or {}) | {name: edge})
                    checked.append((path, name))
                    if r.status_code != 422 or name not in r.text:  # an API error body or a FHIR OperationOutcome
                        failures.append(f"{method} {path} {name}={edge}: {r.status_code} {r.text[:120]}")
            for name, fmt in queries.items():
                for edge in EDGES if fmt == "date-time" else DAY_EDGES:
                    r = clinic.call(role, method.upper(), fill(path, params), params={name: edge})
                    checked.append((path, name))
                    if r.status_code != 422 or name not in r.text:  # an API error body or a FHIR OperationOutcome
                        failures.append(f"{method} {path} ?{name}={edge}: {r.status_code} {r.text[:120]}")
    assert failures == []
    names = {name for _, name in checked}
    assert {"occurred_at", "starts_at", "taken_at", "since", "until", "received_on", "performed_on"} <= names


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_parsed(clinic: Any) -> None:
    limit = Settings(database_url="sqlite://").max_body_bytes
    big = b'{"text": "' + b"a" * limit + b'"}'
    r = clinic.client.post("/api/assessments", content=big, headers=clinic.headers("clinician") | {
        "content-type": "application/json"})
    assert r.status_code == 413 and "PAINPATH_MAX_BODY_BYTES" in r.json()["detail"]

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(limit // 65536 + 2):
            yield b"a" * 65536

    r = clinic.client.post("/api/assessments", content=chunks(), headers=clinic.headers("clinician") | {
        "content-type": "application/json"})
    assert r.status_code == 413, r.text
    # under the limit the request is read and answered as usual
    r = clinic.call("clinician", "POST", "/api/assessments", json={"text": "knee pain for years, worse on stairs"})
    assert r.status_code == 201


# -- 7. headers, docs, patient wording ----------------------------------------------------------------------
def test_api_responses_with_patient_data_are_not_cached_or_sniffed(clinic: Any) -> None:
    for role, path in (("clinician", f"/api/patients/{clinic.patient_a}"), ("patient", "/api/me"),
                       ("front_desk", "/api/referrals"), (None, "/api/patients/999999")):
        r = clinic.call(role, "GET", path)
        assert r.headers["cache-control"] == "no-store", path
        assert r.headers["x-content-type-options"] == "nosniff", path


def test_the_api_docs_are_served_from_the_app_within_its_csp(clinic: Any) -> None:
    page = clinic.client.get("/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "cdn" not in page.text.lower() and "<script>" not in page.text
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/static/api-docs.js"):
        r = clinic.client.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset
    assert "SwaggerUIBundle" in clinic.client.get("/static/api-docs.js").text
    assert clinic.client.get("/openapi.json").json()["info"]["title"] == "PainPath clinic service"


PHQ9_ITEM9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}


def test_a_patient_reading_their_own_record_gets_the_patient_wording_for_a_phq9_safety_answer(clinic: Any) -> None:
    taken = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    r = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/outcomes",
                    json={"instrument": "phq9", "items": PHQ9_ITEM9, "taken_at": taken})
    assert r.status_code == 201 and "Ask directly today" in r.text  # the care team's instruction, for staff
    reads = [f"/api/patients/{clinic.patient_a}/outcomes", f"/api/patients/{clinic.patient_a}/outcomes/summary",
             f"/api/patients/{clinic.patient_a}/chart"]
    for path in reads:
        mine = clinic.call("patient", "GET", path)
        assert mine.status_code == 200, path
        assert "Ask directly today" not in mine.text, path
        assert "Please tell your care team today" in mine.text, path
        assert "Ask directly today" in clinic.call("clinician", "GET", path).text, path


@pytest.mark.parametrize("edge", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_the_audit_filter_refuses_dates_at_the_edges(clinic: Any, edge: str) -> None:
    r = clinic.call("admin", "GET", "/api/audit", params={"since": edge})
    assert r.status_code == 422 and r.json()["detail"].startswith("since:")


def test_a_procedure_date_or_kind_cannot_be_emptied(clinic: Any) -> None:
    """Found by make fuzz after the merges: PATCH with performed_on null answered 500."""
    made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures", json={
        "option_id": "medial_branch_block", "performed_on": date.today().isoformat(), "relief_percent": 50})
    assert made.status_code == 201, made.text
    for field in ("performed_on", "option_id"):
        r = clinic.call("clinician", "PATCH", f"/api/procedures/{made.json()['id']}",
                        json={"version": 1, field: None})
        assert r.status_code == 422 and r.json()["detail"].startswith(f"{field}:"), r.text


def test_a_site_field_cannot_be_emptied_with_null(clinic: Any) -> None:
    """Found by make fuzz as the admin: PATCH /api/sites/{id} with "plans": null answered 500."""
    made = clinic.call("admin", "POST", "/api/sites", json={
        "code": "north", "name": "North clinic", "address": "1 North Road", "opens": "08:00", "closes": "17:00",
        "days": [0, 1, 2, 3, 4], "procedure_rooms": 1, "plans": []})
    assert made.status_code == 201, made.text
    r = clinic.call("admin", "PATCH", f"/api/sites/{made.json()['id']}", json={"version": 1, "plans": None})
    assert r.status_code == 422 and r.json()["detail"].startswith("plans:"), r.text


def test_a_refused_request_with_a_non_ascii_digit_in_the_address_is_refused_not_a_500(clinic: Any) -> None:
    # "³" is a digit to str.isdigit() but not to int(): the denial is still recorded and answered
    refused = clinic.call("admin", "PATCH", "/api/patients/%C2%B3", json={"version": 1, "phone": "555"})
    assert refused.status_code in (403, 422), refused.text


def test_a_superscript_digit_in_a_setting_is_a_422_not_a_500(clinic: Any) -> None:
    response = clinic.call("admin", "PUT", "/api/settings/default_appointment_minutes", json={"value": "³0"})
    assert response.status_code == 422 and "minutes" in response.text
