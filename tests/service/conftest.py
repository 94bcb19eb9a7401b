"""A migrated clinic database (SQLite, and PostgreSQL when PAINPATH_TEST_DATABASE_URL is set) and an app on it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, session_factory, upgrade
from painpath.adapters.db.patients_store import PatientRecords
from painpath.config import Settings
from painpath.services.access import SYSTEM, Role
from painpath.web.app import create_app

PASSWORD = "correct-horse-battery"
PG_ENV = "PAINPATH_TEST_DATABASE_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Production argon2 parameters cost ~25 ms of CPU a hash; tests hash hundreds of passwords."""
    from argon2 import PasswordHasher

    from painpath.adapters.db import accounts_store

    production = accounts_store.HASHER
    accounts_store.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts_store.HASHER = production


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema in the test PostgreSQL (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return database_url


@dataclass
class Clinic:
    """The app under test with one signed-in user per role and two patients, A and B."""

    client: TestClient
    engine: Engine
    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    patient_a: int = 0
    patient_b: int = 0
    user_ids: dict[str, int] = field(default_factory=dict)

    def headers(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def call(self, role: str | None, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.request(method, path, headers=self.headers(role), **kwargs)

    def session(self) -> Session:
        return session_factory(self.engine)()

    def sign_in(self, username: str, password: str = PASSWORD) -> str:
        response = self.client.post("/api/auth/token", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])


def seed(url: str) -> dict[str, Any]:
    """Two patients, one staff user per role, and a patient account for each patient."""
    engine = make_engine(url)
    factory = session_factory(engine)
    with factory() as session:
        patients = PatientRecords(session, SYSTEM)
        a = patients.create({"mrn": "A-0001", "family_name": "Alvarez", "given_name": "Ana",
                             "birth_date": date(1980, 5, 17), "sex": "female", "phone": "555-0101",
                             "email": None, "address": None})
        b = patients.create({"mrn": "B-0002", "family_name": "Brightwater", "given_name": "Ben",
                             "birth_date": date(1975, 1, 2), "sex": "male", "phone": "555-0202",
                             "email": "ben@example.org", "address": "1 Secret Lane"})
    users: dict[str, int] = {}
    with factory() as session:
        accounts = Accounts(session, SYSTEM)
        for username, role, patient in (
            ("clin", Role.CLINICIAN, None), ("desk", Role.FRONT_DESK, None), ("admin", Role.ADMIN, None),
            ("pat.a", Role.PATIENT, a.id), ("pat.b", Role.PATIENT, b.id), ("ther", Role.THERAPIST, None),
        ):
            user = accounts.create_user(username=username, display_name=username, role=role, password=PASSWORD,
                                        patient_id=patient)
            users[username] = user.id
    engine.dispose()
    return {"a": a.id, "b": b.id, "users": users}


@pytest.fixture
def clinic(migrated_url: str, assessor: Any) -> Iterator[Clinic]:
    ids = seed(migrated_url)
    # no background audit chaining (PostgreSQL): tests that need entries chained chain them (audit.chain_all), and
    # statement counts see only the request's own statements
    settings = Settings(database_url=migrated_url, cookie_secure=False, audit_chain_seconds=0)
    app = create_app(settings, assessor=assessor)
    with TestClient(app) as client:
        c = Clinic(client=client, engine=app.state.db_engine, url=migrated_url, patient_a=ids["a"],
                   patient_b=ids["b"], user_ids=ids["users"])
        for role, username in (("clinician", "clin"), ("front_desk", "desk"), ("admin", "admin"),
                               ("patient", "pat.a"), ("patient_b", "pat.b"), ("therapist", "ther")):
            c.tokens[role] = c.sign_in(username)
        yield c
