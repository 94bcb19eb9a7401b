"""The chart loads with a fixed number of SQL statements, however long the record (no N+1 queries).

As HAPI FHIR's tests do, the statements of one request are counted on the engine; a chart with one of each
record and a chart with many of each must cost the same number of statements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from painpath.adapters.db import token_cache

NOTE = ("44-year-old nurse with low back pain radiating to the right calf after lifting a patient. Positive "
        "straight leg raise on the right.")


@contextmanager
def counted(engine: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _fill(clinic: Any, patient: int, n: int) -> None:
    now = datetime.now(UTC)
    for i in range(n):
        assert clinic.call("clinician", "POST", "/api/assessments",
                           json={"text": NOTE, "patient_id": patient}).status_code == 201
        taken = (now - timedelta(days=7 * (i + 1))).isoformat()
        for instrument, score in (("nrs", 6), ("phq9", 4)):
            r = clinic.call("clinician", "POST", f"/api/patients/{patient}/outcomes", json={
                "instrument": instrument, "score": score, "taken_at": taken,
                "items": {"pain": score} if instrument == "nrs" else {f"q{k}": 0 if k > 4 else 1
                                                                      for k in range(1, 10)}})
            assert r.status_code == 201, r.text
        r = clinic.call("clinician", "POST", f"/api/patients/{patient}/medications", json={
            "name": "tramadol", "dose": 50, "unit": "mg", "per_day": 2, "route": "oral", "status": "current"})
        assert r.status_code == 201, r.text
        r = clinic.call("clinician", "POST", f"/api/patients/{patient}/encounters", json={
            "kind": "follow_up", "occurred_at": taken, "note": f"visit {i}"})
        assert r.status_code == 201, r.text


@contextmanager
def checkouts(engine: Any) -> Iterator[list[int]]:
    """Each connection taken from the pool (one a transaction: a store method gives it back at its commit)."""
    taken: list[int] = []

    def count(*_: Any) -> None:
        taken.append(1)

    event.listen(engine.pool, "checkout", count)
    try:
        yield taken
    finally:
        event.remove(engine.pool, "checkout", count)


def _chart_statements(clinic: Any, patient: int, *, cold: bool = False) -> int:
    if cold:  # the token's check read from the database, not from the process's short sign-in cache
        cache = token_cache.for_engine(clinic.engine)
        assert cache is not None
        cache.invalidate()
    with counted(clinic.engine) as statements, checkouts(clinic.engine) as taken:
        response = clinic.call("clinician", "GET", f"/api/patients/{patient}/chart")
    assert response.status_code == 200, response.text
    # the token check, the chart and its audit entry in one transaction (issue 13's fifth round; were two)
    assert len(taken) == 1, f"{len(taken)} connections taken for one chart read"
    return len(statements)


def test_a_long_chart_costs_the_same_statements_as_a_short_one(clinic: Any) -> None:
    _fill(clinic, clinic.patient_a, 1)
    _fill(clinic, clinic.patient_b, 6)
    short = _chart_statements(clinic, clinic.patient_a)
    long = _chart_statements(clinic, clinic.patient_b)
    assert long == short, f"chart with 6 of each record: {long} statements, with 1: {short}"
    # PostgreSQL: the sign-in (session and user in one statement) and the chart (the patient and the seven sections
    # the answer has, as one JSON document) with its audit entry (a data-modifying CTE): 2. SQLite: the audit entry
    # is its own INSERT, and SQLite adds a BEGIN IMMEDIATE and links the chain at the commit: 8. History: 13 and 19
    # until issue 13's third round, when the sign-in took two; 12 and 18 until its fourth, when the API's chart still
    # read all nine sections; 10 and 16 until its fifth, when the token check had its own transaction (and BEGIN
    # IMMEDIATE) on SQLite; 10 and 15 until its sixth, a statement a section; 3 on PostgreSQL until its seventh,
    # when the audit entry went into the chart's statement.
    # Since its eighth round an accepted token check is reused for a second (adapters/db/token_cache.py): the
    # clinician's token was checked by the writes above, so the chart reads take one statement fewer (1 and 7);
    # with the cache emptied, the check reads the database again (2 and 8).
    pg = clinic.engine.dialect.name == "postgresql"
    cold = _chart_statements(clinic, clinic.patient_a, cold=True)
    assert (short, cold) == ((1, 2) if pg else (7, 8)), f"{short} (cached) and {cold} (not cached) statements " \
                                                        f"for one chart on {clinic.engine.dialect.name}"
    assert _chart_statements(clinic, clinic.patient_a) == short  # the cold read's check is cached again


def test_the_charts_one_document_reads_floats_and_times_as_the_records_do(clinic: Any) -> None:
    """The database builds the chart as one JSON document (issue 13's sixth round): a float must read back as the
    same double (SQLite's JSON writes 15 digits of it) and a time in UTC with its "Z", whatever the database
    session's time zone, as each record's own list (read through the ORM) gives them."""
    if clinic.engine.dialect.name == "postgresql":  # a session in another time zone than the server's UTC
        event.listen(clinic.engine, "connect", lambda dbapi, _record: dbapi.execute("SET TIME ZONE 'Asia/Kolkata'"))
        clinic.engine.dispose()
    patient = clinic.patient_a
    today = datetime.now(UTC).date()
    yesterday, later = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=90)).isoformat()
    for path, body in (
        ("medications", {"name": "pregabalin", "dose": 0.1 + 0.2, "unit": "mg", "per_day": 1 / 3,
                         "route": "oral", "status": "current"}),
        ("goals", {"kind": "work", "description": "stand at work", "measure": "minutes standing",
                   "baseline_value": 2 / 3, "target_value": 123456.78901234567, "set_on": yesterday,
                   "due_on": later}),
        ("encounters", {"kind": "follow_up", "occurred_at": "2026-11-30T10:00:00.000001+01:00", "note": "visit"}),
    ):
        r = clinic.call("clinician", "POST", f"/api/patients/{patient}/{path}", json=body)
        assert r.status_code == 201, r.text
    chart = clinic.call("clinician", "GET", f"/api/patients/{patient}/chart")
    assert chart.status_code == 200, chart.text
    for path in ("medications", "goals", "encounters"):
        listed = clinic.call("clinician", "GET", f"/api/patients/{patient}/{path}").json()["items"]
        assert chart.json()[path] == [{key: item[key] for key in chart.json()[path][0]} for item in listed]
    medication = chart.json()["medications"][0]
    assert (medication["dose"], medication["per_day"]) == (0.30000000000000004, 0.3333333333333333)
    assert chart.json()["goals"][0]["baseline_value"] == 0.6666666666666666
    assert chart.json()["encounters"][0]["occurred_at"] == "2026-11-30T09:00:00.000001Z"
    assert '"dose":0.30000000000000004,"unit":"mg","per_day":0.3333333333333333' in chart.text


def test_the_chart_lists_assessments_without_reading_their_stored_output(clinic: Any) -> None:
    """A chart's assessment summaries (and the list of a patient's assessments) name the leading diagnosis read by the database from the stored output; the
    input and output themselves (tens of kilobytes of JSON each) are not loaded, and the summary is the same as the
    one built from the whole stored output."""
    _fill(clinic, clinic.patient_b, 2)
    with counted(clinic.engine) as statements:
        chart = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_b}/chart")
    assert chart.status_code == 200, chart.text
    listed = chart.json()["assessments"]
    assert len(listed) == 2
    selects = [s for s in statements if "FROM assessments" in s]
    assert len(selects) == 1
    # the output appears only inside the JSON path expression, never as a column of its own
    assert not re.search(r"(SELECT|,)\s*assessments\.(output|input)\s*(,|FROM)", selects[0]), selects[0]
    for summary in listed:
        stored = clinic.call("clinician", "GET", f"/api/assessments/{summary['id']}").json()
        first = stored["output"]["differential"][0]
        assert summary["leading_diagnosis"] == first["label"] != ""
        assert summary["triage_level"] == stored["output"]["triage"]["level"]
    with counted(clinic.engine) as statements:
        page = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_b}/assessments")
    assert page.status_code == 200, page.text
    assert [(a["id"], a["leading_diagnosis"]) for a in page.json()["items"]] == [
        (a["id"], a["leading_diagnosis"]) for a in listed]
    selects = [s for s in statements if "FROM assessments" in s]
    assert selects and not any(re.search(r"(SELECT|,)\s*assessments\.(output|input)\s*(,|FROM)", s) for s in selects)


def test_a_search_listing_many_patients_inserts_its_audit_entries_at_once_without_a_lock(clinic: Any) -> None:
    """Each patient listed is audited as a read (here 21 entries): they are inserted in one statement just before
    the commit, after the search's own queries, and no request takes the audit chain's lock (schema 0019: the
    chain is linked later, in batches; on SQLite at the commit); every entry still lands in the log."""
    for i in range(20):
        assert clinic.call("front_desk", "POST", "/api/patients", json={
            "mrn": f"S-{i:04d}", "family_name": f"Searchable{i}", "given_name": "Sam", "birth_date": "1970-01-01",
            "sex": "female"}).status_code == 201
    before = clinic.call("admin", "GET", "/api/audit", params={"limit": 1}).json()
    with counted(clinic.engine) as statements:
        found = clinic.call("clinician", "GET", "/api/patients", params={"name": "searchable", "limit": 50})
    assert found.status_code == 200 and found.json()["total"] == 20
    assert not [s for s in statements if "pg_advisory_xact_lock" in s]
    inserts = [i for i, s in enumerate(statements) if s.startswith("INSERT INTO audit_log")]
    assert len(inserts) == 1
    assert all("audit_" in s for s in statements[inserts[0]:]), statements[inserts[0]:]
    after = clinic.call("admin", "GET", "/api/audit", params={"limit": 1}).json()
    assert after["total"] - before["total"] >= 21  # the search and a read of each of the 20 patients listed
