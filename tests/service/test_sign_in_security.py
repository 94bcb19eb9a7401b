"""Sign-in (issue 11, point 4) and the audit of refusals (point 5): the same answer and cost for unknown, wrong and
disabled accounts; throttling per account and address with 429 and Retry-After that cannot lock the admin out from
one place; failed sign-ins, unknown usernames included, and denied requests in the audit trail; the client address
from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from painpath.adapters.db import accounts_store
from painpath.adapters.db.accounts_store import WRONG
from painpath.adapters.db.tables import AuditEntry
from painpath.adapters.db.throttle_store import SignInFailures
from painpath.config import Settings
from painpath.services.throttle import SignInThrottle, ThrottleLimits
from painpath.web.app import create_app
from tests.service.conftest import PASSWORD, Clinic


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(clinic: Clinic) -> FakeClock:
    fake = FakeClock()
    app: Any = clinic.client.app
    app.state.sign_in_throttle = SignInThrottle(ThrottleLimits(), SignInFailures(app.state.db_engine), clock=fake)
    return fake


def client_from(clinic: Clinic, address: str) -> TestClient:
    return TestClient(clinic.client.app, client=(address, 40000))


def token(client: TestClient, username: str, password: str) -> Any:
    return client.post("/api/auth/token", json={"username": username, "password": password})


def audit_rows(clinic: Clinic, action: str) -> list[AuditEntry]:
    with clinic.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verifies = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verifies += 1
        return super().verify(hash, password)


@pytest.fixture
def counting_hasher() -> Iterator[CountingHasher]:
    production = accounts_store.HASHER
    hasher = CountingHasher()
    accounts_store.HASHER = hasher
    yield hasher
    accounts_store.HASHER = production


def test_unknown_wrong_and_disabled_accounts_get_one_answer_and_one_hash_check(
    clinic: Clinic, counting_hasher: CountingHasher
) -> None:
    user = next(u for u in clinic.call("admin", "GET", "/api/users").json()["items"] if u["username"] == "pat.b")
    assert clinic.call("admin", "PATCH", f"/api/users/{user['id']}",
                       json={"version": user["version"], "active": False}).status_code == 200
    answers = {}
    for username, password in (("nobody-here", PASSWORD), ("desk", "wrong-password-x"), ("pat.b", PASSWORD)):
        before = counting_hasher.verifies
        response = token(clinic.client, username, password)
        answers[username] = (response.status_code, response.json())
        assert counting_hasher.verifies - before == 1, username  # the cost is one hash check in every case
    assert set(map(str, answers.values())) == {
        str((401, {"detail": WRONG, "errors": []}))
    }


def test_failures_from_one_address_throttle_that_address_with_429_and_retry_after(
    clinic: Clinic, clock: FakeClock
) -> None:
    attacker = client_from(clinic, "203.0.113.9")
    for _ in range(5):
        assert token(attacker, "admin", "guess-guess-guess").status_code == 401
    refused = token(attacker, "admin", PASSWORD)  # even the right password waits: nothing to learn from it
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    unknown = [token(attacker, "nobody-here", "guess-guess-guess") for _ in range(5)]
    assert [r.status_code for r in unknown] == [401] * 5
    refused_unknown = token(attacker, "nobody-here", "guess-guess-guess")
    assert refused_unknown.status_code == 429  # the same answer as for an account that exists
    assert refused_unknown.json() == refused.json()
    # the admin signs in from their own desk meanwhile: one attacker cannot lock them out
    assert token(client_from(clinic, "198.51.100.20"), "admin", PASSWORD).status_code == 200
    clock.now += 600
    assert token(attacker, "admin", PASSWORD).headers["Retry-After"] == "300"
    clock.now += 301
    assert token(attacker, "admin", PASSWORD).status_code == 200


def test_the_browser_sign_in_is_throttled_the_same_way(clinic: Clinic, clock: FakeClock) -> None:
    browser = client_from(clinic, "203.0.113.10")

    def attempt(password: str) -> Any:
        form = browser.get("/login").text
        csrf = form.split('name="csrf_token" value="')[1].split('"')[0]
        return browser.post("/login", data={"username": "desk", "password": password, "csrf_token": csrf},
                            follow_redirects=False)

    assert [attempt("guess-guess-guess").status_code for _ in range(5)] == [401] * 5
    refused = attempt(PASSWORD)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    assert "too many failed sign-ins" in refused.text
    clock.now += 901
    assert attempt(PASSWORD).status_code == 303


def test_one_address_spraying_many_accounts_is_throttled(clinic: Clinic, clock: FakeClock) -> None:
    sprayer = client_from(clinic, "203.0.113.11")
    codes = [token(sprayer, f"user{n}", "Winter2026!!!").status_code for n in range(21)]
    assert codes == [401] * 20 + [429]
    assert token(client_from(clinic, "203.0.113.12"), "user99", "x").status_code == 401


def test_distributed_guessing_against_one_account_is_throttled_and_unlock_clears_it(
    clinic: Clinic, clock: FakeClock
) -> None:
    for n in range(50):
        assert token(client_from(clinic, f"10.9.{n // 250}.{n % 250 + 1}"), "clin", "guess-it").status_code == 401
    assert token(client_from(clinic, "10.9.9.9"), "clin", PASSWORD).status_code == 429
    user = next(u for u in clinic.call("admin", "GET", "/api/users").json()["items"] if u["username"] == "clin")
    assert user["failed_logins"] == 50 and user["locked_until"] is None
    clinic.call("admin", "PATCH", f"/api/users/{user['id']}", json={"version": user["version"], "unlock": True})
    assert token(client_from(clinic, "10.9.9.9"), "clin", PASSWORD).status_code == 200


def test_failed_and_throttled_sign_ins_are_audited_unknown_names_included(clinic: Clinic, clock: FakeClock) -> None:
    client = client_from(clinic, "192.0.2.44")
    token(client, "no-such-person", "guess-guess-guess")
    token(client, "desk", "guess-guess-guess")
    failed = [(e.username, e.user_id, e.role, e.ip, e.record_id) for e in audit_rows(clinic, "login_failed")]
    assert failed == [("no-such-person", None, "none", "192.0.2.44", "unknown username"),
                      ("desk", clinic.user_ids["desk"], "front_desk", "192.0.2.44", str(clinic.user_ids["desk"]))]
    for _ in range(4):
        token(client, "desk", "guess-guess-guess")
    assert token(client, "desk", "guess-guess-guess").status_code == 429
    throttled = audit_rows(clinic, "login_throttled")
    assert [(e.username, e.ip) for e in throttled] == [("desk", "192.0.2.44")]


def test_denied_requests_on_patient_data_are_audited(clinic: Clinic) -> None:
    other = clinic.call("patient", "GET", f"/api/patients/{clinic.patient_b}")
    assert other.status_code == 404
    forbidden = clinic.call("front_desk", "GET", f"/api/patients/{clinic.patient_a}/encounters")
    assert forbidden.status_code == 403
    page = clinic.client.get(f"/clinic/patients/{clinic.patient_a}")  # anonymous: sent to sign in, not audited
    assert page.status_code in (200, 303)
    denied = [(e.username, e.record_type, e.record_id, e.patient_id) for e in audit_rows(clinic, "denied")]
    assert denied == [
        ("pat.a", "http_404", f"GET /api/patients/{clinic.patient_b}", clinic.patient_b),
        ("desk", "http_403", f"GET /api/patients/{clinic.patient_a}/encounters", clinic.patient_a),
    ]


@pytest.mark.parametrize(("proxies", "peer", "forwarded", "recorded"), [
    ((), "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # no trusted proxy: the header is ignored
    (("10.0.0.0/8",), "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # the peer is not a trusted proxy
    (("10.0.0.0/8",), "10.0.0.2", "1.2.3.4", "1.2.3.4"),
    (("10.0.0.0/8",), "10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),  # a client cannot forge the hop
    (("10.0.0.0/8",), "10.0.0.2", "not-an-address", "10.0.0.2"),
])
def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(
    migrated_url: str, assessor: Any, proxies: tuple[str, ...], peer: str, forwarded: str, recorded: str
) -> None:
    app = create_app(Settings(database_url=migrated_url, cookie_secure=False, trusted_proxies=proxies),
                     assessor=assessor)
    with TestClient(app, client=(peer, 5000)) as client:
        response = client.post("/api/auth/token", json={"username": "someone", "password": "guess-guess-guess"},
                               headers={"X-Forwarded-For": forwarded})
        assert response.status_code == 401
        with app.state.sessions() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "login_failed")).one()
        assert entry.ip == recorded


def test_the_shipped_hasher_is_argon2id_at_the_owasp_minimum_and_flags_older_parameters() -> None:
    from argon2 import Type, extract_parameters

    hasher = accounts_store.production_hasher()
    made = extract_parameters(hasher.hash("correct-horse-battery"))
    assert made.type is Type.ID
    assert (made.memory_cost, made.time_cost, made.parallelism) == (19 * 1024, 2, 1)
    old_default = PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile, used before
    assert hasher.check_needs_rehash(old_default.hash("correct-horse-battery"))
    assert not hasher.check_needs_rehash(hasher.hash("correct-horse-battery"))


def test_an_old_parameter_hash_signs_in_and_is_rehashed_while_wrong_passwords_still_fail_and_throttle(
    clinic: Clinic, clock: FakeClock
) -> None:
    from argon2 import extract_parameters

    from painpath.adapters.db.tables import User

    production, accounts_store.HASHER = accounts_store.HASHER, accounts_store.production_hasher()
    try:
        old = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4).hash(PASSWORD)
        with clinic.session() as session:
            user = session.get(User, clinic.user_ids["desk"])
            assert user is not None
            user.password_hash = old
            session.commit()

        def stored() -> str:
            with clinic.session() as session:
                row = session.get(User, clinic.user_ids["desk"])
                assert row is not None
                return row.password_hash

        desk = client_from(clinic, "198.51.100.30")
        assert token(desk, "desk", "not-the-password-x").status_code == 401
        assert stored() == old  # a failed sign-in never touches the hash
        assert token(desk, "desk", PASSWORD).status_code == 200
        upgraded = stored()
        assert upgraded != old
        parameters = extract_parameters(upgraded)
        assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)
        assert accounts_store.HASHER.verify(upgraded, PASSWORD)
        assert token(desk, "desk", PASSWORD).status_code == 200
        assert stored() == upgraded  # hashed once: the next sign-in finds nothing to upgrade
        # wrong passwords still fail against the new hash, and the throttle still answers 429 after five
        attacker = client_from(clinic, "203.0.113.40")
        assert [token(attacker, "desk", "guess-guess-guess").status_code for _ in range(5)] == [401] * 5
        refused = token(attacker, "desk", PASSWORD)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
        assert stored() == upgraded
    finally:
        accounts_store.HASHER = production
