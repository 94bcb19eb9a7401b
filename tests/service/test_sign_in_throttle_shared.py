"""The sign-in throttle's counts live in the clinic database (issue 13), not in each process: two app instances on
one database count each other's failures, an administrator's unlock on one clears the account for both, a restart
keeps a lock-out, failures arriving at the same moment are each counted, and expired failures are removed as new
ones arrive. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.tables import SignInFailure
from painpath.adapters.db.throttle_store import SignInFailures
from painpath.config import Settings
from painpath.services.throttle import ADDRESS, SignInThrottle, ThrottleLimits
from painpath.web.app import create_app
from tests.service.conftest import PASSWORD, seed
from tests.service.servers import free_port, serve_workers, stop, worker_pids

GUESS = "guess-guess-guess"


def _app(url: str, assessor: Any) -> FastAPI:
    return create_app(Settings(database_url=url, cookie_secure=False, audit_chain_seconds=0), assessor=assessor)


def _token(client: Any, username: str, password: str) -> Any:
    return client.post("/api/auth/token", json={"username": username, "password": password})


def _rows(url: str, scope: str | None = None) -> int:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            query = select(func.count()).select_from(SignInFailure)
            if scope is not None:
                query = query.where(SignInFailure.scope == scope)
            return int(session.scalar(query) or 0)
    finally:
        engine.dispose()


def _unlock(client: Any, admin_token: str, username: str) -> None:
    headers = {"Authorization": f"Bearer {admin_token}"}
    user = next(u for u in client.get("/api/users", headers=headers).json()["items"] if u["username"] == username)
    answer = client.patch(f"/api/users/{user['id']}", headers=headers,
                          json={"version": user["version"], "unlock": True})
    assert answer.status_code == 200, answer.text


def test_failures_on_one_app_count_on_the_other_and_an_unlock_on_one_clears_both(
    migrated_url: str, assessor: Any
) -> None:
    seed(migrated_url)
    one, two = _app(migrated_url, assessor), _app(migrated_url, assessor)
    with TestClient(one, client=("203.0.113.50", 40000)) as a, TestClient(two, client=("203.0.113.50", 40001)) as b:
        assert [_token(c, "clin", GUESS).status_code for c in (a, b, a, b, a)] == [401] * 5
        for client in (a, b):  # five in all: each app refuses, though neither saw five itself
            refused = _token(client, "clin", PASSWORD)
            assert refused.status_code == 429, refused.text
            assert 880 <= int(refused.headers["Retry-After"]) <= 900
        admin = _token(TestClient(two, client=("198.51.100.60", 40002)), "admin", PASSWORD).json()["access_token"]
        _unlock(TestClient(one, client=("198.51.100.60", 40003)), admin, "clin")  # unlocked on app one ...
        assert _token(b, "clin", PASSWORD).status_code == 200  # ... signs in on app two
        assert _rows(migrated_url, "account") == 0 and _rows(migrated_url, ADDRESS) == 5  # the address still counts


def test_failures_arriving_at_once_on_two_apps_are_each_counted(migrated_url: str, assessor: Any) -> None:
    apps = [_app(migrated_url, assessor), _app(migrated_url, assessor)]
    limit = ThrottleLimits().per_address
    start = threading.Barrier(limit)
    codes: list[int] = []

    def spray(n: int) -> None:
        client = TestClient(apps[n % 2], client=("203.0.113.70", 41000 + n))
        start.wait(timeout=30)
        codes.append(_token(client, f"sprayed{n}", GUESS).status_code)

    threads = [threading.Thread(target=spray, args=(n,)) for n in range(limit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert codes == [401] * limit
    assert _rows(migrated_url, ADDRESS) == limit  # every one of the simultaneous failures was recorded
    for app in apps:  # the address reached its limit on the two apps together
        assert _token(TestClient(app, client=("203.0.113.70", 42000)), "sprayed-next", GUESS).status_code == 429
    assert _token(TestClient(apps[0], client=("203.0.113.71", 42001)), "sprayed-next", GUESS).status_code == 401
    for app in apps:
        app.state.db_engine.dispose()


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def test_the_keys_ignore_case_and_spaces_and_expired_failures_are_removed_as_new_ones_arrive(
    migrated_url: str,
) -> None:
    engine = make_engine(migrated_url)
    clock = FakeClock()
    throttle = SignInThrottle(ThrottleLimits(), SignInFailures(engine), clock=clock)
    try:
        for _ in range(5):
            throttle.failed("  Desk.Person ", "192.0.2.80")
        assert throttle.retry_after("desk.person", "192.0.2.80") == 900
        assert throttle.retry_after("desk.person", "192.0.2.81") == 0  # another address: only the pair is limited
        for n in range(25):
            clock.now += 1
            throttle.failed(f"user{n}", "192.0.2.82")
        assert _rows(migrated_url) == 3 * 30
        # the address's 20th newest failure came at 5006 (the 25 came at 5001-5025): free when it leaves the window
        assert throttle.retry_after("someone", "192.0.2.82") == 5006 + 900 - 5025
        throttle.succeeded("DESK.person", "192.0.2.80")  # the owner signed in from there: that pair starts afresh
        assert throttle.retry_after("desk.person", "192.0.2.80") == 0
        assert _rows(migrated_url, "account_address") == 25
        clock.now = 5000 + 900  # the first five failures are exactly one window old: no longer counted
        throttle.failed("late", "192.0.2.83")
        assert _rows(migrated_url) == 3 * 30 - 5 - 2 * 5 + 3  # and removed (the pair rows went at the sign-in)
        clock.now = 5025 + 900
        throttle.failed("later", "192.0.2.83")
        assert _rows(migrated_url) == 6  # the window holds only the two latest failures
        assert throttle.retry_after("someone", "192.0.2.82") == 0
    finally:
        engine.dispose()


def test_two_serve_processes_share_the_lock_out_and_a_restart_keeps_it(migrated_url: str) -> None:
    seed(migrated_url)
    ports = [free_port(), free_port()]
    servers = [serve_workers(migrated_url, port, 1) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            assert len(worker_pids(base, 1)) == 1, f"{base} did not become ready"
        a, b = (httpx.Client(base_url=base, timeout=30) for base in bases)
        assert [_token(c, "clin", GUESS).status_code for c in (a, b, a, b, a)] == [401] * 5
        assert [_token(c, "clin", PASSWORD).status_code for c in (a, b)] == [429, 429]
        _unlock(b, _token(a, "admin", PASSWORD).json()["access_token"], "clin")
        assert _token(a, "clin", PASSWORD).status_code == 200
        assert [_token(a, "desk", GUESS).status_code for _ in range(5)] == [401] * 5
        a.close()
        stop(servers[0])  # the server that counted these failures restarts
        port = free_port()
        servers[0] = serve_workers(migrated_url, port, 1)
        assert len(worker_pids(f"http://127.0.0.1:{port}", 1)) == 1
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as restarted:
            refused = _token(restarted, "desk", PASSWORD)
            assert refused.status_code == 429 and 880 <= int(refused.headers["Retry-After"]) <= 900
        b.close()
    finally:
        for server in servers:
            stop(server)
