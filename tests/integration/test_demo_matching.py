"""Matching on the demo clinic (issue 15): three clinicians at two sites with different skills, languages and plans;
the ranking and every reason for the demo's three referrals, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, text

from painpath.adapters.db import tables
from painpath.adapters.db.clinical_store import AssessmentEngine
from painpath.adapters.db.database import make_engine, session_factory, upgrade
from painpath.adapters.db.matching_store import MatchingRecords
from painpath.demo_clinic import demo_notes, load_demo
from painpath.services.access import Actor, Role
from painpath.services.errors import Invalid
from tests.service.conftest import BACKENDS, PG_ENV, _pg_schema_url


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, assessor: Any) -> Iterator[Any]:
    schema = ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        base = os.environ.get(PG_ENV)
        if not base:
            pytest.skip(f"{PG_ENV} is not set")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with make_engine(base).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = _pg_schema_url(base, schema)
    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    load_demo(factory, AssessmentEngine(assessor), demo_notes())
    yield factory
    engine.dispose()
    if schema:
        with make_engine(os.environ[PG_ENV]).begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def matches_for(factory: Any, mrn: str) -> Any:
    with factory() as session:
        desk = session.scalar(select(tables.User).where(tables.User.username == "desk.martin"))
        referral = session.scalar(select(tables.Referral.id).join(tables.Patient).where(tables.Patient.mrn == mrn))
        return MatchingRecords(session, Actor(desk.id, desk.username, Role.FRONT_DESK)).matches(referral)


def factors(match: Any) -> dict[str, str]:
    return {f.name: f.value for f in match.factors}


def test_the_urgent_sciatica_referral_goes_to_the_radiculopathy_clinician_who_takes_the_plan(demo: Any) -> None:
    referral, need, matches = matches_for(demo, "REF-0101")
    assert referral.triage_level == "urgent"
    assert (need.procedures, need.condition, need.plan) == (("epidural_steroid_injection",), "lumbar_radiculopathy",
                                                            "acme_ppo")
    first = matches[0]
    assert (first.candidate.clinician, first.candidate.site, first.ruled_out) == ("Dr Ama Osei", "riverside", [])
    assert factors(first) | {"earliest": "", "outcomes": ""} == {
        "procedures": "performs 1 of 1 needed (epidural steroid injection)",
        "focus": "focuses on lumbar radiculopathy", "plan": "accepts Acme Health (example payer): Acme PPO", "distance": "2.6 km",
        "language": "speaks en", "earliest": "", "outcomes": ""}
    assert first.candidate.earliest is None or first.candidate.earliest.date() <= need.window_latest
    others = {(m.candidate.clinician, m.candidate.site): m.ruled_out for m in matches[1:]}
    assert others == {
        ("Dr Erik Lindqvist", "riverside"): ["does not accept the patient's plan (Acme Health (example payer): Acme PPO) at Riverside Pain Centre"],
        ("Dr Erik Lindqvist", "northgate"): ["does not accept the patient's plan (Acme Health (example payer): Acme PPO) at Northgate Spine Clinic"],
        ("Dr Keiko Nakamura", "northgate"): ["Dr Keiko Nakamura is not taking new patients",
                                             "does not accept the patient's plan (Acme Health (example payer): Acme PPO) at Northgate Spine Clinic"]}
    assert all(first.score > m.score for m in matches[1:])


def test_the_french_speaking_sciatica_patient_is_ranked_by_language_and_focus(demo: Any) -> None:
    _, need, matches = matches_for(demo, "REF-0102")
    assert (need.plan, need.language) == ("northwind_hmo", "fr")
    assert matches[0].candidate.clinician == "Dr Ama Osei" and factors(matches[0])["language"] == "speaks fr"
    lindqvist = [m for m in matches if m.candidate.clinician == "Dr Erik Lindqvist"]
    assert len(lindqvist) == 2 and all(m.ruled_out == [] for m in lindqvist)
    assert all(factors(m)["language"] == "does not speak fr" for m in lindqvist)
    assert matches[-1].candidate.clinician == "Dr Keiko Nakamura"
    assert matches[-1].ruled_out == ["Dr Keiko Nakamura is not taking new patients"]


def test_the_knee_referral_goes_to_the_clinician_who_does_knee_procedures(demo: Any) -> None:
    _, need, matches = matches_for(demo, "REF-0103")
    assert need.condition == "knee_osteoarthritis" and set(need.procedures) == {"joint_injection",
                                                                                "genicular_nerve_block"}
    assert [m.candidate.clinician for m in matches[:2]] == ["Dr Erik Lindqvist"] * 2
    assert all(m.ruled_out == [] for m in matches[:2])
    near = next(m for m in matches if m.candidate.site == "northgate" and m.candidate.clinician == "Dr Erik Lindqvist")
    assert factors(near)["distance"] == "0.6 km" and factors(near)["language"] == "speaks sv"
    osei = next(m for m in matches if m.candidate.clinician == "Dr Ama Osei")
    assert osei.ruled_out == ["does not perform joint injection, genicular nerve block"]
    nakamura = next(m for m in matches if m.candidate.clinician == "Dr Keiko Nakamura")
    assert len(nakamura.ruled_out) == 3 and "does not accept the patient's plan (Medicare: Original Medicare Part B)" in nakamura.ruled_out[2]


def test_an_emergency_referral_is_never_matched(demo: Any) -> None:
    with demo() as session:
        referral = session.scalar(select(tables.Referral).join(tables.Patient).where(
            tables.Patient.mrn == "REF-0103"))
        referral.triage_level = "emergency"
        session.commit()
    try:
        with pytest.raises(Invalid, match="emergency department now"):
            matches_for(demo, "REF-0103")
    finally:
        with demo() as session:
            row = session.scalar(select(tables.Referral).join(tables.Patient).where(tables.Patient.mrn == "REF-0103"))
            row.triage_level = "routine"
            session.commit()
