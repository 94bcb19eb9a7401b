"""The administrator's pages (issue 16): users (invite with a one-time activation link, role, disable, reset
sign-in, unlock, second-factor status), clinic settings (each value checked by services/clinic_settings.py, the
problem shown next to its field) and the audit report (filters, CSV export, the chain's verification).

Every page declares one permission of the admin role, every form carries the session's CSRF token, and every
change goes through the same store as the API (adapters/db/accounts_store.py), which audits it."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from painpath.adapters.db import audit
from painpath.adapters.db.accounts_store import NO_PASSWORD, Accounts
from painpath.adapters.db.tables import AuditEntry, User
from painpath.services import clinic_settings
from painpath.services.access import Perm, Role, own_account_problem
from painpath.services.errors import Invalid, NotFound, StaleWrite
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import (
    FormState,
    PageUser,
    clinic_zone,
    form,
    form_int,
    form_values,
    page,
    redirect,
    render,
    validate,
)
from painpath.web.schemas import MAX_ID
from painpath.web.schemas_more import UserCreate

router = APIRouter(include_in_schema=False)
ROLES = [("clinician", "Clinician"), ("front_desk", "Front desk"), ("patient", "Patient"),
         ("admin", "Administrator"), ("therapist", "Physical therapist")]
ROLE_WORDS = dict(ROLES)
PAGE_SIZE = 100
CSV_LIMIT = 50_000
CLOCK = "%Y-%m-%d %H:%M"

# The clinic settings the page edits, in the order shown: (key, label, hint). Every key has a validator in
# services/clinic_settings.py (a test checks the two lists agree).
SETTINGS: list[tuple[str, str, str]] = [
    ("clinic_name", "Clinic name", "Shown to patients on every portal page, e.g. Riverside Pain Clinic."),
    ("clinic_phone", "Clinic phone number", "As patients dial it, e.g. +1 555 010 0100; shown on the portal and "
     "the crisis card."),
    ("clinic_timezone", "Clinic time zone", "The clinic's wall clock for the schedule and every time shown, as "
     "an IANA name, e.g. America/New_York or Europe/London."),
    ("default_appointment_minutes", "Default appointment length (minutes)", "A whole number from 5 to 240 in "
     "steps of 5, e.g. 30."),
]
# How each audited action reads on the audit page (an action without a label is shown with spaces).
ACTION_WORDS = {
    "read": "Read", "search": "Search", "create": "Create", "update": "Change", "delete": "Delete",
    "login": "Signed in", "logout": "Signed out", "login_failed": "Sign-in failed",
    "login_throttled": "Sign-in refused (too many tries)", "denied": "Refused", "role_change": "Role changed",
    "password_reset": "Sign-in reset", "activation_link": "Activation link issued", "activated": "Account activated",
    "totp_started": "Authenticator set-up started", "totp_enabled": "Authenticator turned on",
    "recovery_code_used": "Recovery code used", "export": "Exported",
}


def words(code: str, labels: dict[str, str]) -> str:
    """A code's label, or the code with spaces for one this version does not know."""
    return labels.get(code, code.replace("_", " "))


def clock(moment: datetime | None, tz: ZoneInfo) -> str:
    """A stored (UTC) moment on the clinic's wall clock, 24-hour: 2026-03-01 14:05."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(tz).strftime(CLOCK)


# -- users -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    """One row of the users page: the account and what the admin needs to know about its sign-in."""

    user: User
    role: str
    state: str
    second_factor: str
    pending: bool
    created: str


def _accounts(request: Request, db: Db, user: PageUser) -> Accounts:
    return Accounts(db, user.actor, audit_reads=request.app.state.settings.audit_reads)


def _users_page(request: Request, db: Db, user: PageUser, *, invite: FormState | None = None, status: int = 200,
                link: dict[str, str] | None = None, offset: int = 0) -> Response:
    accounts = _accounts(request, db, user)
    rows, total = accounts.users(sort="username", limit=PAGE_SIZE, offset=offset)
    factors = accounts.second_factors()
    tz = clinic_zone(request)
    listing = []
    for row in rows:
        pending = row.password_hash == NO_PASSWORD
        state = "Disabled" if not row.active else "Waiting for activation" if pending else "Active"
        if row.active and row.failed_logins:
            state += f" ({row.failed_logins} failed sign-in{'s' if row.failed_logins != 1 else ''})"
        factor = "Off" if row.id not in factors else "On (authenticator app)" if factors[row.id] else (
            "Set-up not finished")
        if row.role not in (Role.CLINICIAN.value, Role.ADMIN.value):
            factor = "Not offered for this role"
        listing.append(Account(row, words(row.role, ROLE_WORDS), state, factor, pending, clock(row.created_at, tz)))
    return render(request, "admin/users.html", user, status=status, title="Users", accounts=listing, total=total,
                  offset=offset, page_size=PAGE_SIZE, roles=ROLES, form=invite or FormState({"role": "clinician"}),
                  link=link)


def _link(request: Request, accounts: Accounts, row: User, what: str) -> dict[str, str]:
    """A fresh one-time activation link for the account's owner, shown once on the page that made it."""
    hours = request.app.state.settings.activation_hours
    made = accounts.issue_activation(row.id, lifetime=timedelta(hours=hours))
    base = str(request.base_url).rstrip("/")
    return {"what": what, "username": row.username, "url": f"{base}/activate/{made.token}",
            "expires": clock(made.expires_at, clinic_zone(request)), "hours": str(hours)}


@router.get("/admin/users")
def users_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.USERS_MANAGE))],
               offset: int = 0) -> Response:
    return _users_page(request, db, user, offset=max(0, min(offset, 1_000_000)))


@router.post("/admin/users")
async def invite_submit(request: Request, db: Db,
                        user: Annotated[PageUser, Depends(form(Perm.USERS_MANAGE))]) -> Response:
    state = FormState(await form_values(request))
    if state.value("role") != "patient":
        state.values.pop("patient_id", None)  # the field is for patient accounts only
    model = validate(UserCreate, state)
    if model is None:
        return _users_page(request, db, user, invite=state, status=422)
    accounts = _accounts(request, db, user)
    try:
        row = accounts.create_user(username=model.username, display_name=model.display_name, role=Role(model.role),
                                   password=None, patient_id=model.patient_id)
    except Invalid as err:
        text = str(err)
        state.errors["username" if text.startswith("username") else "patient_id"] = text.replace(
            "patient_id", "the patient record number")
        return _users_page(request, db, user, invite=state, status=422)
    link = _link(request, accounts, row, "invited")
    return _users_page(request, db, user, link=link)


ACTIONS = {"role", "disable", "enable", "reset", "resend", "unlock"}


@router.post("/admin/users/{user_id}")
async def user_action(request: Request, db: Db, user_id: PathId,
                      user: Annotated[PageUser, Depends(form(Perm.USERS_MANAGE))]) -> Response:
    values = await form_values(request)
    action, version = str(values.get("action", "")), form_int(values.get("version"))
    if action not in ACTIONS or version is None:
        return redirect("/admin/users", notice="Nothing changed: the form was incomplete. Reload and try again.")
    accounts = _accounts(request, db, user)
    row = db.get(User, user_id)
    db.commit()  # a read only; the store's write below is its own transaction
    if row is None:
        raise NotFound("there is no such account")
    fields: dict[str, Any] = {}
    if action == "role":
        role = str(values.get("role", ""))
        if role not in ROLE_WORDS:
            return redirect("/admin/users", notice="Nothing changed: choose one of the roles in the list.")
        fields["role"] = role
        if role != Role.PATIENT.value and row.patient_id is not None:
            fields["patient_id"] = None
    elif action in ("disable", "enable"):
        fields["active"] = action == "enable"
    elif action == "reset":
        fields["reset_password"] = True
    elif action == "unlock":
        fields["unlock"] = True
    problem = own_account_problem(user.actor, user_id, fields)
    if problem:
        return redirect("/admin/users", notice=f"Nothing changed: {problem}.")
    name = row.username
    if action == "resend":
        if row.password_hash != NO_PASSWORD or not row.active:
            return redirect("/admin/users", notice=f"{name} has already chosen a password: use Reset sign-in.")
        return _users_page(request, db, user, link=_link(request, accounts, row, "sent a new link"))
    try:
        changed = accounts.update_user(user_id, version=version, fields=fields)
    except StaleWrite:
        return redirect("/admin/users", notice=f"Nothing changed: {name} was changed by someone else meanwhile. "
                        "Check the list and try again.")
    except Invalid as err:
        return redirect("/admin/users", notice=f"Nothing changed: {err}".replace("patient_id", "patient record"))
    if action == "unlock":
        request.app.state.sign_in_throttle.forget_account(changed.username)
    if action == "reset":
        return _users_page(request, db, user, link=_link(request, accounts, changed, "reset"))
    done = {"role": f"{name} is now {words(changed.role, ROLE_WORDS).lower()}", "disable": f"{name} disabled",
            "enable": f"{name} enabled", "unlock": f"{name} unlocked"}[action]
    return redirect("/admin/users", notice=done)


# -- clinic settings -------------------------------------------------------------------------------------
def _settings_page(request: Request, db: Db, user: PageUser, state: FormState | None = None,
                   status: int = 200) -> Response:
    stored = {row.key: row for row in _accounts(request, db, user).settings()}
    if state is None:
        state = FormState({key: stored[key].value if key in stored else "" for key, _, _ in SETTINGS})
    versions = {key: stored[key].version for key in stored}
    return render(request, "admin/settings.html", user, status=status, title="Clinic settings", form=state,
                  fields=SETTINGS, versions=versions, zones=sorted(clinic_settings.iana_zones()))


@router.get("/admin/settings")
def settings_page(request: Request, db: Db,
                  user: Annotated[PageUser, Depends(page(Perm.SETTINGS_MANAGE))]) -> Response:
    return _settings_page(request, db, user)


@router.post("/admin/settings")
async def settings_submit(request: Request, db: Db,
                          user: Annotated[PageUser, Depends(form(Perm.SETTINGS_MANAGE))]) -> Response:
    """Check every changed value first; save only when all are right, so a mistake in one loses nothing typed."""
    values = await form_values(request)
    state = FormState({key: str(values.get(key, "")) for key, _, _ in SETTINGS})
    accounts = _accounts(request, db, user)
    stored = {row.key: row for row in accounts.settings()}
    changes: dict[str, str] = {}
    for key, _label, _ in SETTINGS:
        typed = state.values[key]
        if typed == (stored[key].value if key in stored else ""):
            continue
        try:
            changes[key] = clinic_settings.validated(key, typed)
        except Invalid as err:
            state.errors[key] = str(err).removeprefix("value: ")
    if not state.ok:
        return _settings_page(request, db, user, state, 422)
    for key, value in changes.items():
        version = form_int(values.get(f"version_{key}"))
        try:
            accounts.put_setting(key, value=value, version=version)
        except StaleWrite:
            state.errors[key] = "was changed by someone else while you edited: reload the page to see it"
    if not state.ok:
        return _settings_page(request, db, user, state, 409)
    labels = [label for key, label, _ in SETTINGS if key in changes]
    return redirect("/admin/settings", notice=f"Saved: {', '.join(labels)}" if labels else "Nothing had changed")


# -- audit -----------------------------------------------------------------------------------------------
@dataclass
class AuditFilter:
    """The audit page's filters as typed, what they mean, and what is wrong with them."""

    state: FormState
    user_id: int | None = None
    patient_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _moment(text: str, tz: ZoneInfo, *, end: bool) -> datetime:
    """A date (2026-03-01) or date and time (2026-03-01T14:05) on the clinic's clock, as UTC; a bare date used
    as the end of a range includes that whole day."""
    if "T" not in text and " " not in text:
        day = date.fromisoformat(text)
        start = datetime.combine(day + timedelta(days=1) if end else day, datetime.min.time())
        return start.replace(tzinfo=tz).astimezone(UTC)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def _audit_filter(request: Request, tz: ZoneInfo, users: dict[str, int]) -> AuditFilter:
    q = request.query_params
    state = FormState({k: q.get(k, "").strip()[:40] for k in ("user", "patient_id", "action", "since", "until")})
    found = AuditFilter(state)
    if state.value("user"):
        found.user_id = users.get(state.value("user"))
        if found.user_id is None:
            state.errors["user"] = "no account has this username: choose one from the list"
    if state.value("patient_id"):
        found.patient_id = form_int(state.value("patient_id"))
        if not found.patient_id:
            state.errors["patient_id"] = f"give the patient's record number as digits, from 1 to {MAX_ID}, e.g. 12"
    found.action = state.value("action") or None
    for name in ("since", "until"):
        if state.value(name):
            try:
                moment = _moment(state.value(name), tz, end=name == "until")
            except ValueError:
                state.errors[name] = ("give a date as year-month-day, e.g. 2026-03-01, or a date and 24-hour "
                                      "time, e.g. 2026-03-01 14:05")
                continue
            if not datetime(1900, 1, 1, tzinfo=UTC) <= moment <= datetime(2101, 1, 1, tzinfo=UTC):
                state.errors[name] = "choose a date between 1900 and 2100"
                continue
            setattr(found, name, moment)
    if found.since and found.until and found.since >= found.until:
        state.errors["until"] = "the end comes before the start: swap them or widen the range"
    return found


def _usernames(db: Db) -> dict[str, int]:
    return {row.username: row.id for row in db.query(User).order_by(User.username)}


def _entries(accounts: Accounts, chosen: AuditFilter, *, limit: int, offset: int,
             purpose: str = "read") -> tuple[list[AuditEntry], int]:
    return accounts.audit_report(user_id=chosen.user_id, patient_id=chosen.patient_id, since=chosen.since,
                                 until=chosen.until, sort="-seq", limit=limit, offset=offset,
                                 action=chosen.action, purpose=purpose)


@router.get("/admin/audit")
def audit_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.AUDIT_READ))]) -> Response:
    tz = clinic_zone(request)
    users = _usernames(db)
    chosen = _audit_filter(request, tz, users)
    offset = form_int(request.query_params.get("offset"), default=0) or 0
    accounts = _accounts(request, db, user)
    rows: list[AuditEntry] = []
    total = 0
    if chosen.state.ok:
        rows, total = _entries(accounts, chosen, limit=PAGE_SIZE, offset=offset)
    problems = list(itertools.islice(audit.verify(db), 5))
    query = urlencode({k: v for k, v in chosen.state.values.items() if v})
    db.commit()  # the reads above are done: nothing holds the database while the page renders
    return render(request, "admin/audit.html", user, status=200 if chosen.state.ok else 422, title="Audit log",
                  form=chosen.state, rows=[(r, clock(r.at, tz), words(r.action, ACTION_WORDS)) for r in rows],
                  total=total, offset=offset, page_size=PAGE_SIZE, query=query, usernames=sorted(users),
                  actions=[(a, words(a, ACTION_WORDS)) for a in accounts.audit_actions()],
                  chain_length=audit.count(db), pending=audit.pending(db), problems=problems, zone=str(tz),
                  note=audit.checkpoint_note(db))


@router.get("/admin/audit.csv")
def audit_csv(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.AUDIT_READ))]) -> Response:
    """The filtered entries as CSV (newest first, up to CSV_LIMIT rows), times in UTC (ISO 8601) for analysis."""
    tz = clinic_zone(request)
    chosen = _audit_filter(request, tz, _usernames(db))
    if not chosen.state.ok:
        first = next(iter(chosen.state.errors.items()))
        raise Invalid(f"{first[0].replace('_', ' ')}: {first[1]}")
    rows, total = _entries(_accounts(request, db, user), chosen, limit=CSV_LIMIT, offset=0, purpose="export")
    header = ["seq", "at_utc", "username", "role", "action", "record_type", "record_id", "patient_id", "ip"]

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for r in rows:
            at = (r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)).astimezone(UTC)
            writer.writerow([r.seq, at.isoformat(), *(_cell(t) for t in (r.username, r.role, r.action,
                             r.record_type, r.record_id)), r.patient_id or "", _cell(r.ip)])
            yield out.getvalue()
            out.seek(0)
            out.truncate()

    stamp = datetime.now(tz).strftime("%Y%m%d-%H%M")
    headers = {"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"',
               "X-Total-Count": str(total)}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
