"""Clinicians, sites, insurance plans, a patient's coverage and preferences (issue 15): read by the desk and the
matching, edited by the administrator (sites, plans, clinician profiles) and the desk (a patient's coverage)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import User
from painpath.adapters.db.tables_providers import ClinicianProfile, Coverage, InsurancePlan, PatientPreference, Site
from painpath.services.errors import Invalid, NotFound


class ProviderRecords(Store):
    """Provider and site data and patients' coverage; every patient read and write is audited."""

    # -- clinicians ---------------------------------------------------------------------------------------
    def _clinicians(self) -> list[tuple[User, ClinicianProfile | None]]:
        stmt = (select(User, ClinicianProfile).outerjoin(ClinicianProfile, ClinicianProfile.user_id == User.id)
                .where(User.role == "clinician", User.active.is_(True)).order_by(User.display_name, User.id))
        return [(u, p) for u, p in self.session.execute(stmt)]

    @unit_of_work
    def providers(self) -> list[tuple[User, ClinicianProfile | None]]:
        return self._clinicians()

    @unit_of_work
    def put_provider(self, user_id: int, *, version: int, fields: dict[str, Any]) -> tuple[User, ClinicianProfile]:
        """Create (version 0) or replace a clinician's profile; sites and plans must exist."""
        user = self.session.get(User, user_id)
        if user is None or user.role != "clinician":
            raise NotFound(f"no clinician {user_id}")
        self._check_refs(fields)
        row = self.session.get(ClinicianProfile, user_id, with_for_update=True)
        if row is None:
            if version != 0:
                raise Invalid(f"version: clinician {user_id} has no profile yet: send version 0 to create it")
            row = ClinicianProfile(user_id=user_id, **fields, version=1)
            self.session.add(row)
            self.session.flush()
        else:
            self.apply_edit(row, "clinician profile", version=version, fields=fields)
        self.audit("update", "clinician_profile", user_id, None)
        return user, row

    def _check_refs(self, fields: dict[str, Any]) -> None:
        sites = set(self.session.scalars(select(Site.code)))
        for session in fields.get("sessions", []):
            if session["site"] not in sites:
                raise Invalid(f"sessions: no site {session['site']!r}; create it first (POST /api/sites)")
        self._check_plans(fields.get("plans", []), "plans")

    def _check_plans(self, codes: list[str], field: str) -> None:
        known = set(self.session.scalars(select(InsurancePlan.code)))
        unknown = sorted(set(codes) - known)
        if unknown:
            raise Invalid(f"{field}: unknown plan codes {unknown}; create them first (POST /api/insurance-plans)")

    # -- sites and plans ----------------------------------------------------------------------------------
    @unit_of_work
    def sites(self) -> list[Site]:
        return list(self.session.scalars(select(Site).order_by(Site.name, Site.id)))

    @unit_of_work
    def create_site(self, fields: dict[str, Any]) -> Site:
        self._check_plans(fields.get("plans", []), "plans")
        _check_hours(fields.get("opens", "08:30"), fields.get("closes", "17:00"))
        row = Site(**fields, version=1)
        self.session.add(row)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as err:
            raise Invalid(f"code: a site with code {fields['code']!r} exists; choose another") from err
        self.audit("create", "site", row.id, None)
        return row

    @unit_of_work
    def update_site(self, site_id: int, *, version: int, fields: dict[str, Any]) -> Site:
        row = self.session.get(Site, site_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no site {site_id}")
        for name, value in fields.items():  # a site always has each of these: null cannot empty one
            column = Site.__table__.columns.get(name)
            if value is None and column is not None and not column.nullable:
                raise Invalid(f"{name}: a site always has a {name.replace('_', ' ')}: send a value, not null")
        if "plans" in fields:
            self._check_plans(fields["plans"], "plans")
        _check_hours(fields.get("opens") or row.opens, fields.get("closes") or row.closes)
        if self.apply_edit(row, "site", version=version, fields=fields):
            self.audit("update", "site", row.id, None)
        return row

    @unit_of_work
    def plans(self) -> list[InsurancePlan]:
        return list(self.session.scalars(select(InsurancePlan).order_by(InsurancePlan.payer, InsurancePlan.name)))

    @unit_of_work
    def create_plan(self, fields: dict[str, Any]) -> InsurancePlan:
        row = InsurancePlan(**fields, version=1)
        self.session.add(row)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError as err:
            raise Invalid(f"code: a plan with code {fields['code']!r} exists; choose another") from err
        self.audit("create", "insurance_plan", row.id, None)
        return row

    # -- a patient's coverage and preferences -------------------------------------------------------------
    @unit_of_work
    def coverages(self, patient_id: int) -> list[tuple[Coverage, InsurancePlan]]:
        self.patient(patient_id)
        stmt = (select(Coverage, InsurancePlan).join(InsurancePlan, InsurancePlan.id == Coverage.plan_id)
                .where(Coverage.patient_id == patient_id).order_by(Coverage.valid_from.desc(), Coverage.id.desc()))
        rows = [(c, p) for c, p in self.session.execute(stmt)]
        self.audit("read", "coverage", patient_id, patient_id)
        return rows

    def active_coverage(self, patient_id: int, today: date) -> tuple[Coverage, InsurancePlan] | None:
        stmt = (select(Coverage, InsurancePlan).join(InsurancePlan, InsurancePlan.id == Coverage.plan_id)
                .where(Coverage.patient_id == patient_id, Coverage.valid_from <= today,
                       or_(Coverage.valid_to.is_(None), Coverage.valid_to >= today))
                .order_by(Coverage.valid_from.desc(), Coverage.id.desc()).limit(1))
        found = self.session.execute(stmt).first()
        return (found[0], found[1]) if found else None

    @unit_of_work
    def add_coverage(self, patient_id: int, fields: dict[str, Any]) -> tuple[Coverage, InsurancePlan]:
        self.patient(patient_id)
        code = fields.pop("plan")
        plan = self.session.scalars(select(InsurancePlan).where(InsurancePlan.code == code)).first()
        if plan is None:
            raise Invalid(f"plan: no insurance plan {code!r}; pick one of GET /api/insurance-plans")
        if fields.get("valid_to") is not None and fields["valid_to"] < fields["valid_from"]:
            raise Invalid("valid_to: the coverage cannot end before it starts")
        row = Coverage(patient_id=patient_id, plan_id=plan.id, **fields, version=1)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "coverage", row.id, patient_id)
        return row, plan

    def preference(self, patient_id: int) -> PatientPreference | None:
        return self.session.get(PatientPreference, patient_id)

    @unit_of_work
    def put_preference(self, patient_id: int, *, version: int, fields: dict[str, Any]) -> PatientPreference:
        self.patient(patient_id)
        row = self.session.get(PatientPreference, patient_id, with_for_update=True)
        if row is None:
            if version != 0:
                raise Invalid("version: this patient has no preferences yet: send version 0 to create them")
            row = PatientPreference(patient_id=patient_id, **fields, version=1)
            self.session.add(row)
            self.session.flush()
        else:
            self.apply_edit(row, "patient preferences", version=version, fields=fields)
        self.audit("update", "preferences", patient_id, patient_id)
        return row

    @unit_of_work
    def set_reminders(self, patient_id: int, remind_by: str) -> PatientPreference:
        """The patient's choice of reminder channel: email, sms or none (opt out)."""
        self.patient(patient_id)
        row = self.session.get(PatientPreference, patient_id, with_for_update=True)
        if row is None:
            row = PatientPreference(patient_id=patient_id, language="en", note="", remind_by=remind_by, version=1)
            self.session.add(row)
            self.session.flush()
        else:
            self.apply_edit(row, "patient preferences", version=row.version, fields={"remind_by": remind_by})
        self.audit("update", "reminders", patient_id, patient_id)
        return row


def _check_hours(opens: str, closes: str) -> None:
    """A site closes after it opens (HH:MM strings of one day compare as times)."""
    if closes <= opens:
        raise Invalid(f"closes: the site closes at {closes}, not after it opens at {opens}: give a closing time "
                      "later than the opening time")
