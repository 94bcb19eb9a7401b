"""The per-process cache of accepted token checks (issue 13, the eighth round; adapters/db/token_cache.py).

It may only save the token's database read: a change made in this process (sign-out, disabling, role change,
password reset, any revocation) holds for the very next request; one made by another process (another engine
here) within the window; the absolute expiry is checked exactly from the cached row; every chart read is still
audited; refusals are never cached."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from painpath.adapters.db import accounts_store, token_cache
from painpath.adapters.db.accounts_store import token_digest
from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.tables import AuditEntry, AuthSession, User
from painpath.config import Settings
from painpath.services.access import SYSTEM, Role
from tests.service.conftest import PASSWORD


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def cache(clinic: Any) -> Iterator[tuple[token_cache.TokenCache, Clock]]:
    found = token_cache.for_engine(clinic.engine)
    assert found is not None and found.seconds == 1.0  # on by default, one second
    clock, kept = Clock(), found.clock
    found.clock = clock
    found.invalidate()
    yield found, clock
    found.clock = kept


def _chart(clinic: Any, token: str, patient: int | None = None) -> int:
    path = f"/api/patients/{patient or clinic.patient_a}/chart"
    return int(clinic.client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code)


def _cached(cache: token_cache.TokenCache, token: str) -> bool:
    return cache.get(token_digest(token)) is not None


def test_an_accepted_check_is_cached_and_a_refusal_is_not(clinic: Any, cache: Any) -> None:
    cached, _ = cache
    token = clinic.sign_in("clin")
    assert not _cached(cached, token)
    assert _chart(clinic, token) == 200
    assert _cached(cached, token)
    assert _chart(clinic, "not-a-token") == 401
    assert not _cached(cached, "not-a-token") and len(cached) == 1


def test_a_sign_out_a_disabled_account_a_role_change_and_a_password_reset_hold_at_once_in_the_same_process(
        clinic: Any, cache: Any) -> None:
    cached, _ = cache
    admin = {"Authorization": f"Bearer {clinic.tokens['admin']}"}
    signed_out = clinic.sign_in("clin")
    assert _chart(clinic, signed_out) == 200 and _cached(cached, signed_out)
    assert clinic.client.post("/api/auth/logout", headers={"Authorization": f"Bearer {signed_out}"}).status_code == 204
    assert _chart(clinic, signed_out) == 401

    changes = (({"active": False}, 401), ({"role": "front_desk"}, 403), ({"reset_password": True}, 401))
    for n, (change, refused) in enumerate(changes):
        with clinic.session() as session:  # a fresh clinician for each change
            user = accounts_store.Accounts(session, SYSTEM).create_user(
                username=f"clin{n}", display_name="C", role=Role.CLINICIAN, password=PASSWORD, patient_id=None)
            user_id, version = user.id, user.version
        token = clinic.sign_in(f"clin{n}")
        assert _chart(clinic, token) == 200 and _cached(cached, token)
        r = clinic.client.patch(f"/api/users/{user_id}", json={"version": version, **change}, headers=admin)
        assert r.status_code == 200, r.text
        assert _chart(clinic, token) == refused, change  # the very next request, the cache's window still open


def test_a_revocation_written_directly_in_this_process_holds_at_once(clinic: Any, cache: Any) -> None:
    cached, _ = cache
    token = clinic.sign_in("clin")
    assert _chart(clinic, token) == 200 and _cached(cached, token)
    with clinic.session() as session:  # a Core UPDATE on the app's engine (the CLI's and a script's way)
        session.execute(update(AuthSession).where(AuthSession.token_hash == token_digest(token)).values(revoked=True))
        session.commit()
    assert _chart(clinic, token) == 401


def test_another_process_revocation_holds_within_the_window(clinic: Any, cache: Any) -> None:
    cached, clock = cache
    token, other = clinic.sign_in("clin"), clinic.sign_in("ther")
    assert _chart(clinic, token) == 200 and _chart(clinic, other) == 200
    elsewhere = make_engine(clinic.url)  # another process's engine: this app's cache never sees its writes
    try:
        with session_factory(elsewhere)() as session:
            session.execute(update(AuthSession).where(AuthSession.token_hash == token_digest(token))
                            .values(revoked=True))
            session.execute(update(User).where(User.id == clinic.user_ids["ther"]).values(active=False))
            session.commit()
    finally:
        elsewhere.dispose()
    clock.now += 0.5  # inside the window: the cached check is still served (at most this long after its read)
    assert _chart(clinic, token) == 200 and _chart(clinic, other) == 200
    clock.now += 0.5  # the window has passed since the read: the database is asked again
    assert _chart(clinic, token) == 401 and _chart(clinic, other) == 401
    assert not _cached(cached, token) and not _cached(cached, other)


def test_an_expired_session_is_refused_from_the_cache_to_the_microsecond(
        clinic: Any, cache: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cached, _ = cache
    token = clinic.sign_in("clin")
    assert _chart(clinic, token) == 200 and _cached(cached, token)
    expires = cached.get(token_digest(token)).expires_at  # type: ignore[union-attr]
    with clinic.session() as session:
        stored = session.scalar(select(AuthSession.expires_at).where(AuthSession.token_hash == token_digest(token)))
    assert accounts_store.utc(stored) == expires

    class At(datetime):
        moment = expires - timedelta(microseconds=1)

        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return cls.moment

    monkeypatch.setattr(accounts_store, "datetime", At)
    assert _chart(clinic, token) == 200  # a microsecond before its expiry, from the cache
    At.moment = expires
    assert _chart(clinic, token) == 401  # at its expiry, though the cached row is fresh


def test_every_cached_chart_read_still_writes_its_audit_entry(clinic: Any, cache: Any) -> None:
    cached, _ = cache
    token = clinic.sign_in("clin")

    def reads() -> int:
        with clinic.session() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "read", AuditEntry.record_type == "chart",
                AuditEntry.user_id == clinic.user_ids["clin"])) or 0)

    before = reads()
    for _ in range(5):
        assert _chart(clinic, token) == 200
    assert _cached(cached, token)
    assert reads() == before + 5


def test_a_read_that_began_before_an_invalidation_cannot_put_its_row_back() -> None:
    cache = token_cache.TokenCache(1.0)
    row = token_cache.SignInRow(False, "api", datetime.now(UTC) + timedelta(hours=1), "csrf", 1, "u", "clinician",
                                None, True)
    generation = cache.generation  # the read begins
    cache.invalidate()  # a revocation is committed meanwhile
    assert not cache.put("digest", row, generation) and cache.get("digest") is None
    assert cache.put("digest", row, cache.generation) and cache.get("digest") == row


def test_the_cache_is_bounded_expires_its_entries_and_takes_many_threads() -> None:
    clock = Clock()
    cache = token_cache.TokenCache(2.0, max_entries=50, clock=clock)
    row = token_cache.SignInRow(False, "api", datetime.now(UTC) + timedelta(hours=1), "csrf", 1, "u", "clinician",
                                None, True)

    def work(n: int) -> None:
        for i in range(200):
            cache.put(f"{n}-{i}", row, cache.generation)
            cache.get(f"{n}-{i - 1}")
            if i % 50 == 0:
                cache.invalidate()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) <= 50
    cache.put("kept", row, cache.generation)
    clock.now += 1.99
    assert cache.get("kept") == row
    clock.now += 0.01
    assert cache.get("kept") is None


def test_the_window_is_configurable_off_and_never_above_two_seconds() -> None:
    assert Settings().session_cache_seconds == 1.0
    assert Settings.from_env({"PAINPATH_SESSION_CACHE_SECONDS": "0.5"}).session_cache_seconds == 0.5
    assert Settings.from_env({"PAINPATH_SESSION_CACHE_SECONDS": "0"}).session_cache_seconds == 0
    with pytest.raises(ValueError, match="PAINPATH_SESSION_CACHE_SECONDS"):
        Settings.from_env({"PAINPATH_SESSION_CACHE_SECONDS": "5"})
    with pytest.raises(ValueError):
        token_cache.TokenCache(2.5)
    engine = make_engine("sqlite://")
    assert token_cache.install(engine, 0) is None and token_cache.for_engine(engine) is None
    engine.dispose()
