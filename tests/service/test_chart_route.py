"""The chart read served ahead of FastAPI's router (issue 13, the seventh round: `web/chart_route.py`) refuses
exactly what FastAPI's route refused, answers the same bytes, and audits exactly the same entries.

Each request is sent twice on the same clinic: once as the app serves it (the plain Starlette route first), once
with that route taken out, so FastAPI's documented route (`routes_patients.read_chart`) answers it as it did
before; the status, the body, the API headers and the audit entries the request wrote must be the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from painpath.adapters.db import audit
from painpath.adapters.db.accounts_store import token_digest
from painpath.adapters.db.tables import AuditEntry, AuthSession, User
from painpath.web import chart_route, routes_patients
from painpath.web.chart_route import ChartRoute

ENTRY = ("username", "role", "action", "record_type", "record_id", "patient_id", "ip", "user_id")


@contextmanager
def fastapi_only(clinic: Any) -> Iterator[None]:
    """The app as it was before the seventh round: FastAPI's route answers the chart."""
    routes = clinic.client.app.router.routes
    fast = [route for route in routes if isinstance(route, ChartRoute)]
    assert len(fast) == 1 and routes[0] is fast[0], "the chart route must come before every other route"
    routes.remove(fast[0])
    try:
        yield
    finally:
        routes.insert(0, fast[0])


def _last_seq(clinic: Any) -> int:
    with clinic.session() as session:
        return int(session.scalar(select(func.coalesce(func.max(AuditEntry.seq), 0))) or 0)


def _entries_since(clinic: Any, seq: int) -> list[tuple[Any, ...]]:
    with clinic.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)).all()
        return [tuple(getattr(row, name) for name in ENTRY) for row in rows]


def _send(clinic: Any, path: str, method: str = "GET", **kwargs: Any) -> tuple[int, bytes, dict[str, str],
                                                                                  list[tuple[Any, ...]]]:
    before = _last_seq(clinic)
    response = clinic.client.request(method, path, **kwargs)
    headers = {k: v for k, v in response.headers.items() if k in ("content-type", "cache-control",
                                                                   "x-content-type-options", "www-authenticate")}
    return response.status_code, response.content, headers, _entries_since(clinic, before)


def _both(clinic: Any, monkeypatch: pytest.MonkeyPatch, path: str, method: str = "GET",
          *, fast_serves: bool, **kwargs: Any) -> tuple[Any, ...]:
    """The request as the app answers it now, then with FastAPI's route alone; asserts they are the same."""
    served_by_fastapi: list[int] = []
    original = routes_patients.chart_answer

    def spy(*args: Any) -> bytes:
        served_by_fastapi.append(1)
        return original(*args)

    monkeypatch.setattr(routes_patients, "chart_answer", spy)
    now = _send(clinic, path, method, **kwargs)
    assert not (fast_serves and served_by_fastapi), "FastAPI's route answered what the chart route serves"
    with fastapi_only(clinic):
        before = _send(clinic, path, method, **kwargs)
    assert now == before, f"{method} {path}: the chart route answered {now[:3]}, FastAPI's route {before[:3]}"
    return now


def _bearer(token: str) -> dict[str, Any]:
    return {"headers": {"Authorization": f"Bearer {token}"}}


def test_the_chart_route_is_first_and_serves_as_fastapis_permission_says(clinic: Any) -> None:
    routes = clinic.client.app.router.routes
    assert isinstance(routes[0], ChartRoute)
    documented = clinic.client.get("/openapi.json").json()["paths"][chart_route.PATH]["get"]
    assert documented["x-permission"] == chart_route.PERMISSION.value
    assert documented["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Chart"}


def test_a_chart_read_answers_and_audits_the_same(clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = f"/api/patients/{clinic.patient_a}/chart"
    status, body, headers, entries = _both(clinic, monkeypatch, path, fast_serves=True,
                                           **_bearer(clinic.tokens["clinician"]))
    assert status == 200 and b'"patient"' in body
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
    assert entries == [("clin", "clinician", "read", "chart", str(clinic.patient_a), clinic.patient_a,
                        "testclient", clinic.user_ids["clin"])]
    # a patient's own chart, their outcomes worded for them
    status, _, _, entries = _both(clinic, monkeypatch, path, fast_serves=True, **_bearer(clinic.tokens["patient"]))
    assert status == 200
    assert [entry[:6] for entry in entries] == [("pat.a", "patient", "read", "chart", str(clinic.patient_a),
                                                 clinic.patient_a)]
    # the entries the chart route wrote chain and verify like any other (PostgreSQL links them in batches)
    audit.chain_all(clinic.session)
    with clinic.session() as session:
        assert list(audit.verify(session)) == []


@pytest.mark.parametrize("case", ["no credentials", "not bearer", "unknown token", "api token as a cookie"])
def test_a_request_without_a_good_token_is_refused_the_same(clinic: Any, monkeypatch: pytest.MonkeyPatch,
                                                             case: str) -> None:
    kwargs: dict[str, Any] = {
        "no credentials": {},
        "not bearer": {"headers": {"Authorization": f"Basic {clinic.tokens['clinician']}"}},
        "unknown token": _bearer("not-a-token-anyone-was-given"),
        "api token as a cookie": {},
    }[case]
    clinic.client.cookies.clear()
    if case == "api token as a cookie":
        clinic.client.cookies.set("painpath_session", clinic.tokens["clinician"])
    status, _, headers, entries = _both(clinic, monkeypatch, f"/api/patients/{clinic.patient_a}/chart",
                                        fast_serves=True, **kwargs)
    clinic.client.cookies.clear()
    assert status == 401 and headers.get("www-authenticate") == "Bearer"
    assert entries == []  # an anonymous refusal is not audited, before or now


def test_an_expired_or_revoked_token_is_refused_the_same(clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = f"/api/patients/{clinic.patient_a}/chart"
    expired = clinic.sign_in("clin")
    with clinic.session() as session:
        session.execute(update(AuthSession).where(AuthSession.token_hash == token_digest(expired))
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()
    status, _, _, entries = _both(clinic, monkeypatch, path, fast_serves=True, **_bearer(expired))
    assert (status, entries) == (401, [])
    revoked = clinic.sign_in("clin")
    assert clinic.client.post("/api/auth/logout", **_bearer(revoked)).status_code == 204
    status, _, _, entries = _both(clinic, monkeypatch, path, fast_serves=True, **_bearer(revoked))
    assert (status, entries) == (401, [])
    disabled = clinic.sign_in("ther")
    with clinic.session() as session:  # a disabled account's token
        session.execute(update(User).where(User.id == clinic.user_ids["ther"]).values(active=False))
        session.commit()
    status, _, _, entries = _both(clinic, monkeypatch, path, fast_serves=True, **_bearer(disabled))
    assert (status, entries) == (401, [])


def test_a_role_without_the_permission_is_refused_and_audited_the_same(clinic: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for role, username in (("front_desk", "desk"), ("admin", "admin")):
        status, body, _, entries = _both(clinic, monkeypatch, f"/api/patients/{clinic.patient_a}/chart",
                                         fast_serves=True, **_bearer(clinic.tokens[role]))
        assert status == 403 and b"clinical:read" in body
        assert [entry[:6] for entry in entries] == [
            (username, role, "denied", "http_403", f"GET /api/patients/{clinic.patient_a}/chart", clinic.patient_a)]


def test_another_patients_chart_or_no_patient_is_not_found_and_audited_the_same(
        clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for role, patient, username in (("patient", clinic.patient_b, "pat.a"), ("patient_b", clinic.patient_a, "pat.b"),
                                    ("clinician", 987_654, "clin")):
        status, body, _, entries = _both(clinic, monkeypatch, f"/api/patients/{patient}/chart", fast_serves=True,
                                         **_bearer(clinic.tokens[role]))
        assert status == 404 and body == f'{{"detail":"no patient {patient}","errors":[]}}'.encode()
        assert [entry[2:6] for entry in entries] == [("denied", "http_404", f"GET /api/patients/{patient}/chart",
                                                      patient)]
        assert entries[0][0] == username


@pytest.mark.parametrize(("method", "patient"), [
    ("GET", "0"), ("GET", "007"), ("GET", "abc"), ("GET", "2147483648"), ("GET", "１２"), ("GET", "-1"),
    ("POST", "A"), ("HEAD", "A"), ("DELETE", "A"), ("PUT", "A"),
])
def test_what_the_chart_route_does_not_serve_reaches_fastapi_as_before(
        clinic: Any, monkeypatch: pytest.MonkeyPatch, method: str, patient: str) -> None:
    patient = str(clinic.patient_a) if patient == "A" else patient
    status, _, _, _ = _both(clinic, monkeypatch, f"/api/patients/{patient}/chart", method, fast_serves=False,
                            **_bearer(clinic.tokens["clinician"]))
    assert status in (200, 404, 405, 422)  # whatever FastAPI answers, the same as before (asserted in _both)
