"""Patients (demographics and search), the chart, and reading appointments (booking, moving and cancelling are
services/scheduling.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, Float, Select, and_, bindparam, false, func, not_, or_, select, text, union_all
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db import audit
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Allergy,
    Appointment,
    Assessment,
    Encounter,
    FunctionalGoal,
    Medication,
    OutcomeMeasurement,
    Patient,
    Problem,
    ProcedureResponse,
    UtcDateTime,
    assessment_summary_options,
    leading_diagnosis_sql,
)
from painpath.domain.names import THRESHOLD, best_similarity, search_key
from painpath.services.errors import Invalid, NotFound

PATIENT_SORT = {
    "family_name": Patient.family_lower,
    "given_name": Patient.given_lower,
    "birth_date": Patient.birth_date,
    "mrn": Patient.mrn,
    "created_at": Patient.created_at,
}
APPOINTMENT_SORT = {"starts_at": Appointment.starts_at, "status": Appointment.status}
CHART_RECENT = 20
COUNT_LIMIT = 1000  # a search counts its matches up to here (or its page's end): "more than 1000", narrow it




def _recent(model: Any, order: Any, limit: int = CHART_RECENT) -> Select[Any]:
    """A chart section: the patient's most recent ``limit`` records (newest first, newest id breaking ties)."""
    return (select(model).where(model.patient_id == bindparam("patient_id"))
            .order_by(order.desc(), model.id.desc()).limit(limit))


# The chart's sections: the model, the column that orders it (newest first) and how many are listed.
_SECTIONS: dict[str, tuple[Any, Any, int]] = {
    "encounters": (Encounter, Encounter.occurred_at, CHART_RECENT),
    "assessments": (Assessment, Assessment.created_at, CHART_RECENT),
    "medications": (Medication, Medication.created_at, 100),
    "allergies": (Allergy, Allergy.created_at, 100),
    "problems": (Problem, Problem.created_at, 100),
    "procedures": (ProcedureResponse, ProcedureResponse.performed_on, 100),
    "outcomes": (OutcomeMeasurement, OutcomeMeasurement.taken_at, 50),
    "goals": (FunctionalGoal, FunctionalGoal.created_at, 100),
    "appointments": (Appointment, Appointment.starts_at, CHART_RECENT),
}
# Each statement built once: building a SELECT costs about as much CPU as running it (issue 13: nine of them per
# chart read); each call binds only the patient.
CHART_SECTIONS: dict[str, Select[Any]] = {name: _recent(*spec) for name, spec in _SECTIONS.items()}
# summaries: the stored input and output stay in the database, only the leading diagnosis is read from it
CHART_SECTIONS["assessments"] = CHART_SECTIONS["assessments"].options(*assessment_summary_options())
# What `GET /api/patients/{id}/chart` answers with: its response has no allergies or problems (the chart page shows
# them), so the API's chart read leaves their two SELECTs out (issue 13).
API_CHART_SECTIONS = ("encounters", "assessments", "medications", "procedures", "outcomes", "goals", "appointments")


def _json_value(column: Any, dialect: str, alias: str) -> str:
    """SQL for one column of a chart row as a JSON value that reads back as the value the row itself gives: a time
    in UTC with its "Z" (whatever the session's time zone; SQLite stores it without), a float exactly (SQLite's
    JSON writes 15 digits, its quote() every digit it takes to read back the same double), stored JSON as JSON."""
    name = f"{alias}.{column.name}"
    if isinstance(column.type, UtcDateTime):
        if dialect == "postgresql":
            return f"to_char({name} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        return f"replace({name}, ' ', 'T') || 'Z'"
    if dialect == "sqlite" and isinstance(column.type, Float):
        return f"json(nullif(quote({name}), 'NULL'))"
    if dialect == "sqlite" and isinstance(column.type, JSON):
        return f"json({name})"
    return name


def _json_object(table: Any, dialect: str, alias: str, extra: dict[str, str]) -> str:
    """A row of ``table`` (as ``alias``) as one JSON object of its columns (not the assessments' input and
    output) and ``extra``'s."""
    pairs = [f"'{c.name}', {_json_value(c, dialect, alias)}" for c in table.c if c.name not in ("input", "output")]
    pairs += [f"'{key}', {value}" for key, value in extra.items()]
    build = "json_build_object" if dialect == "postgresql" else "json_object"
    return f"{build}({', '.join(pairs)})"


def chart_json_sql(dialect: Dialect) -> str:
    """The API's chart (the patient and API_CHART_SECTIONS, each section's rows and order as CHART_SECTIONS reads
    them) as ONE statement that answers one JSON document, or no row when there is no such patient (issue 13, the
    sixth round: it was eight statements, one a section). Built from the tables once per dialect: JSON aggregation
    on PostgreSQL (json_build_object / json_agg, in the section's order; a float8 as float8out writes it, every
    digit it takes to read back the same double since PostgreSQL 12 unless extra_float_digits is set below 1) and
    SQLite (json_object / json_group_array, which takes the rows in the order the section's ordered, limited
    subquery gives them: SQLite 3.40 has no ORDER BY inside an aggregate). `test_chart_queries.py` holds both to
    the answers the records' own routes give, and `scripts/chart_bodies.py` to the bytes of the earlier reads."""
    pg = dialect.name == "postgresql"
    sections = []
    for name in API_CHART_SECTIONS:
        model, order, limit = _SECTIONS[name]
        table = model.__table__
        extra: dict[str, str] = {}
        if model is Assessment:
            expression = leading_diagnosis_sql(table.alias("x").c.output).compile(
                dialect=dialect, compile_kwargs={"literal_binds": True})
            extra["leading_diagnosis"] = str(expression)
        by = f"x.{order.key} DESC, x.id DESC"
        read = ", ".join(c.name for c in table.c if c.name != "input" and (c.name != "output" or model is Assessment))
        rows = (f"(SELECT {read} FROM {table.name} WHERE patient_id = p.id "
                f"ORDER BY {order.key} DESC, id DESC LIMIT {int(limit)}) AS x")
        item = _json_object(table, dialect.name, "x", extra)
        if pg:
            sections.append(f"'{name}', (SELECT coalesce(json_agg({item} ORDER BY {by}), '[]'::json) FROM {rows})")
        else:
            sections.append(f"'{name}', (SELECT json_group_array({item}) FROM {rows})")
    patient = _json_object(Patient.__table__, dialect.name, "p", {})
    build = "json_build_object" if pg else "json_object"
    document = f"{build}('patient', {patient}, {', '.join(sections)})"
    return f"SELECT {document}{'::text' if pg else ''} FROM patients AS p WHERE p.id = :patient_id"


_CHART_JSON: dict[str, Any] = {}  # the statement, per dialect name

# PostgreSQL: the chart read's audit entry inserted by the chart's own statement, a data-modifying CTE (issue 13,
# the seventh round: one round trip fewer). The entry is the one `audit.append_many` would insert just before the
# commit (the same columns and values, built by the same `audit.audit_row`, unchained: `chain_pending` links it
# later as any other), and only when the patient exists: the CTE's INSERT reads the same snapshot as the chart,
# so no row (404, rolled back and audited as a refusal) inserts nothing. PostgreSQL runs a CTE's INSERT exactly
# once whether or not the outer SELECT reads it.
_AUDITED_CHART_PREFIX = (
    "WITH chart_read_audit AS (INSERT INTO audit_log (at, user_id, username, role, action, record_type, record_id, "
    "patient_id, ip) SELECT :a_at, CAST(:a_user_id AS integer), :a_username, :a_role, :a_action, :a_record_type, "
    ":a_record_id, CAST(:a_patient_id AS bigint), :a_ip FROM patients WHERE id = :patient_id) "
)


class Matches(NamedTuple):
    """One page of a patient search."""

    rows: list[Patient]
    total: int  # every match, or COUNT_LIMIT (or the end of the page) when ``more``
    more: bool  # more patients match than ``total``: counting stopped there


def _next_key(key: str) -> str | None:
    """The smallest string above every string that starts with ``key`` (its last character moved on by one), or
    None when there is none (a last character at the top of Unicode or before the surrogates)."""
    while key:
        last = ord(key[-1]) + 1
        if last <= 0x10FFFF and not 0xD800 <= last <= 0xDFFF:
            return key[:-1] + chr(last)
        key = key[:-1]
    return None


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PatientRecords(Store):
    """Demographics and scheduling: what the front desk and clinicians share."""

    @unit_of_work
    def search(
        self,
        *,
        name: str | None,
        birth_date: date | None,
        mrn: str | None,
        sort: str,
        limit: int,
        offset: int,
    ) -> Matches:
        """Find patients by name prefix (family or given, or 'family, given'; accents and case ignored), date of
        birth or record number. Loads one page of patients, and counts the matches only when the page is full,
        up to COUNT_LIMIT (or the end of this page, if further on): past that the answer says ``more``.

        The matches are chosen and ordered on the narrow indexes alone (ids and the sort key; on PostgreSQL
        index-only scans of the prefix indexes of 0020, one per name column, united), and only the page's
        patients are then read in full."""
        conditions: list[Any] = []
        if mrn:
            conditions.append(Patient.mrn == mrn.strip())
        if birth_date:
            conditions.append(Patient.birth_date == birth_date)
        column = PATIENT_SORT[sort.lstrip("-")]
        parts: list[str] = []
        if name and name.strip():
            parts = [k for k in (search_key(p) for p in name.replace(",", " ").split()) if k][:3]
            if not parts:  # nothing searchable left (only accents or marks): nothing can start with it
                conditions.append(false())
        if parts:
            # every word must start the family or the given name; the longest word picks the candidates
            driver = max(range(len(parts)), key=lambda i: len(parts[i]))
            rest = [or_(self._starts_with(Patient.family_lower, p), self._starts_with(Patient.given_lower, p))
                    for i, p in enumerate(parts) if i != driver]
            by_family = self._starts_with(Patient.family_lower, parts[driver])
            by_given = self._starts_with(Patient.given_lower, parts[driver])
            candidates = select(Patient.id.label("id"), column.label("key"))
            # each patient once without a de-duplication (a count can stop at its limit): given-name matches
            # whose family name did not match already
            matches = union_all(candidates.where(by_family, *rest, *conditions),
                                candidates.where(by_given, not_(by_family), *rest, *conditions)).subquery("matches")
        else:
            matches = select(Patient.id.label("id"), column.label("key")).where(*conditions).subquery("matches")
        descending = sort.startswith("-")

        def ordered(table: Any) -> list[Any]:
            return [table.c.key.desc() if descending else table.c.key.asc(), table.c.id.desc()]

        page = (select(matches.c.id, matches.c.key).order_by(*ordered(matches)).limit(limit).offset(offset)
                .subquery("page"))
        rows = list(self.session.scalars(select(Patient).join(page, Patient.id == page.c.id).order_by(*ordered(page))))
        if (rows and len(rows) < limit) or (not rows and offset == 0):
            total, more = offset + len(rows), False  # the last page: no need to count
        else:
            ceiling = max(COUNT_LIMIT, offset + limit)
            counted = self.session.scalar(
                select(func.count()).select_from(select(matches.c.id).limit(ceiling + 1).subquery())) or 0
            total, more = min(counted, ceiling), counted > ceiling
        self.audit("search", "patient", f"{len(rows)} of {'more than ' if more else ''}{total}", None)
        for row in rows:
            self.audit("read", "patient", row.id, row.id)
        return Matches(rows, total, more)

    def _starts_with(self, column: Any, key: str) -> Any:
        """``column`` starts with ``key``. On PostgreSQL as the range the text_pattern_ops index serves
        (key <= column < the next key, compared byte by byte), which a trigram index cannot answer, so the planner
        never takes the GIN trigram index of 0008 for a prefix (it did for three letters: 23 ms instead of 1)."""
        if self.session.get_bind().dialect.name == "postgresql":
            above = _next_key(key)
            at_least = column.op("~>=~")(key)
            if above is None:
                return and_(at_least, column.like(_escape_like(key) + "%", escape="\\"))
            return and_(at_least, column.op("~<~")(above))
        return column.like(_escape_like(key) + "%", escape="\\")

    @unit_of_work
    def similar(self, name: str, *, limit: int = 10) -> list[Patient]:
        """Patients whose family or given name looks like a word of ``name`` (a misspelling: "Okafer" finds
        Okafor), closest first: pg_trgm with its GIN indexes on PostgreSQL, the same trigram similarity in
        Python on SQLite (painpath.domain.names). Audited as a search and a read of each patient listed."""
        words = [k for k in (search_key(w) for w in name.replace(",", " ").split()) if len(k) >= 2][:3]
        if not words:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            rows = self._similar_postgresql(words, limit)
        else:
            candidates = self.session.execute(select(Patient.id, Patient.family_lower, Patient.given_lower)).all()
            scored = sorted(
                ((max(best_similarity(w, family, given) for w in words), family, given, pid)
                 for pid, family, given in candidates), key=lambda t: (-t[0], t[1], t[2], t[3]))
            ids = [pid for score, _f, _g, pid in scored if score >= THRESHOLD][:limit]
            found = {p.id: p for p in self.session.scalars(select(Patient).where(Patient.id.in_(ids)))}
            rows = [found[i] for i in ids]
        self.audit("search", "patient", f"{len(rows)} similar", None)
        for row in rows:
            self.audit("read", "patient", row.id, row.id)
        return rows

    def _similar_postgresql(self, words: list[str], limit: int) -> list[Patient]:
        schema = self.session.execute(text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'")).scalar_one()
        trgm = getattr(func, schema)
        like = f'OPERATOR("{schema}".%)'  # the indexed "similar to" operator (threshold 0.3 by default)
        matches = [column.op(like)(w) for w in words for column in (Patient.family_lower, Patient.given_lower)]
        closeness = func.greatest(*(trgm.similarity(column, w) for w in words
                                    for column in (Patient.family_lower, Patient.given_lower)))
        stmt = (select(Patient).where(or_(*matches))
                .order_by(closeness.desc(), Patient.family_lower, Patient.given_lower, Patient.id).limit(limit))
        return list(self.session.scalars(stmt))

    @unit_of_work
    def create(self, fields: dict[str, Any]) -> Patient:
        now = datetime.now(UTC)
        if self.session.scalar(select(Patient.id).where(Patient.mrn == fields["mrn"])) is not None:
            raise Invalid(
                f"record number {fields['mrn']!r} is already used by another patient: check the number"
            )
        row = Patient(
            **fields,
            family_lower=search_key(fields["family_name"]),
            given_lower=search_key(fields["given_name"]),
            created_at=now,
            updated_at=now,
            version=1,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as err:  # a concurrent create with the same record number
            raise Invalid(f"record number {fields['mrn']!r} is already used by another patient") from err
        self.audit("create", "patient", row.id, row.id)
        return row

    @unit_of_work
    def get(self, patient_id: int) -> Patient:
        row = self.patient(patient_id)
        self.audit("read", "patient", row.id, row.id)
        return row

    @unit_of_work
    def update(self, patient_id: int, *, version: int, fields: dict[str, Any]) -> Patient:
        if not self.actor.may_access_patient(patient_id):
            raise NotFound(f"no patient {patient_id}")
        row = self.session.get(Patient, patient_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no patient {patient_id}")
        if (
            "mrn" in fields
            and fields["mrn"] != row.mrn
            and self.session.scalar(select(Patient.id).where(Patient.mrn == fields["mrn"])) is not None
        ):
            raise Invalid(f"record number {fields['mrn']!r} is already used by another patient")
        for name in ("family_name", "given_name"):
            if fields.get(name) is not None:
                fields[name.replace("_name", "_lower")] = search_key(fields[name])
        if self.apply_edit(row, "patient", version=version, fields=fields):
            row.updated_at = datetime.now(UTC)
        self.audit("update", "patient", row.id, row.id)
        return row

    @unit_of_work
    def chart(self, patient_id: int) -> dict[str, Any]:
        """Everything a clinician opens at a visit, in one read (recent items first): the chart page's; the API's
        is `chart_rows`."""
        patient = self.patient(patient_id)
        bound = {"patient_id": patient_id}
        chart: dict[str, Any] = {"patient": patient}
        for section, stmt in CHART_SECTIONS.items():
            chart[section] = list(self.session.scalars(stmt, bound))
        chart["allergies"] = [a for a in chart["allergies"] if a.removed_at is None]
        self.audit("read", "chart", patient_id, patient_id)
        return chart

    @unit_of_work
    def chart_json(self, patient_id: int) -> str:
        """The API's chart as one JSON document read by one statement (`chart_json_sql`) on the transaction's
        connection; audited as the chart read it is."""
        if not self.actor.may_access_patient(patient_id):
            raise NotFound(f"no patient {patient_id}")
        connection = self.session.connection()
        dialect = connection.dialect.name
        # PostgreSQL, reads audited: the entry goes in with the chart's statement (`_AUDITED_CHART_PREFIX`)
        in_statement = dialect == "postgresql" and self.audit_reads
        key = f"{dialect}+audit" if in_statement else dialect
        stmt = _CHART_JSON.get(key)
        if stmt is None:
            sql = chart_json_sql(connection.dialect)
            stmt = _CHART_JSON[key] = text(_AUDITED_CHART_PREFIX + sql if in_statement else sql)
        bound: dict[str, Any] = {"patient_id": patient_id}
        if in_statement:
            entry = audit.audit_row(self.actor, "read", "chart", patient_id, patient_id, None, datetime.now(UTC))
            bound.update({f"a_{name}": value for name, value in entry.items()})
        document: str | None = connection.execute(stmt, bound).scalar()
        if document is None:
            raise NotFound(f"no patient {patient_id}")
        if not in_statement:
            self.audit("read", "chart", patient_id, patient_id)
        return document

    # -- appointments ----------------------------------------------------------------------------------
    @unit_of_work
    def appointments(
        self, patient_id: int, *, sort: str, limit: int | None, offset: int
    ) -> tuple[list[Appointment], int]:
        self.patient(patient_id)
        stmt = select(Appointment).where(Appointment.patient_id == patient_id)
        rows, total = self.page(stmt, sort=sort, sortable=APPOINTMENT_SORT, limit=limit, offset=offset)
        self.audit("read", "appointments", patient_id, patient_id)
        return rows, total

    @unit_of_work
    def get_appointment(self, appointment_id: int) -> Appointment:
        row = self.scoped(Appointment, appointment_id, "appointment")
        self.audit("read", "appointment", row.id, row.patient_id)
        return row
