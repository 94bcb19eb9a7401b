"""Users, sign-in (argon2, lock-out), sessions and API tokens, clinic settings and the audit report."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select

from painpath.adapters.db import audit, token_cache
from painpath.adapters.db.audit import utc
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    AccountActivation,
    AuditEntry,
    AuthSession,
    ClinicSetting,
    Patient,
    RecoveryCode,
    TotpFactor,
    User,
)
from painpath.services.access import Actor, Role
from painpath.services.errors import AuthenticationFailed, Forbidden, Invalid, NotFound
from painpath.services.passwords import password_problem

WRONG = "wrong username or password (or one-time code, for accounts with an authenticator)"
# Stored for an account nobody has chosen a password for yet: argon2 cannot parse it, so no password matches.
NO_PASSWORD = "!activation-pending"

# argon2id at the OWASP Password Storage Cheat Sheet's recommendation ("Use Argon2id with a minimum configuration
# of 19 MiB of memory, an iteration count of 2, and 1 degree of parallelism"): about 25 ms of CPU a sign-in here,
# where argon2-cffi's default (RFC 9106's low-memory profile, 64 MiB, t=3, p=4) cost ~0.2-0.4 s and 200 users
# signing in saturated both cores (`scripts/bench_password_hash.py` measures both). Hashes made with other
# parameters still verify and are re-hashed with these at the owner's next successful sign-in (login below).
ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_PARALLELISM = 1


def production_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM)


HASHER = production_hasher()
_DUMMY: dict[int, str] = {}


def dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name costs as long as a wrong password (made
    with the current hasher's parameters, so the two stay equal when the parameters change)."""
    if id(HASHER) not in _DUMMY:
        _DUMMY[id(HASHER)] = HASHER.hash(secrets.token_urlsafe(16))
    return _DUMMY[id(HASHER)]
USER_SORT = {"username": User.username, "role": User.role, "created_at": User.created_at}
AUDIT_SORT = {"seq": AuditEntry.seq, "at": AuditEntry.at}
SETTINGS_KEYS = {"clinic_name", "clinic_phone", "clinic_timezone", "default_appointment_minutes"}
# A telephone number as a patient dials it: digits with spaces, dashes, dots, brackets, a leading + (7-20 digits).
PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,28}[0-9]")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Activation:
    """A one-time link's secret (shown once, to be handed to the account's owner) and when it expires."""

    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Credentials:
    """A new browser session or API token: the secret is shown once and only its digest is stored."""

    token: str
    csrf_token: str
    expires_at: datetime
    actor: Actor


class Accounts(Store):
    """Accounts and sign-in; the actor is whoever is signed in (or anonymous for sign-in itself)."""

    def login(
        self, username: str, password: str, *, kind: str, lifetime: timedelta, otp: str | None = None
    ) -> Credentials:
        """Check the password. Unknown, disabled and wrong all cost one hash check, get the same answer and
        are audited (the submitted name is recorded for unknown ones). Throttling is the caller's (per account
        and address, in the database for every process: services/throttle.py), so no count kept here can lock
        anyone out."""
        now = datetime.now(UTC)
        user = self.session.scalar(select(User).where(User.username == username).with_for_update())
        usable = user is not None and user.active and user.password_hash != NO_PASSWORD
        ok = _verify(user.password_hash if usable and user is not None else dummy_hash(), password)
        factor = self.session.get(TotpFactor, user.id) if ok and user is not None else None
        if factor is not None and factor.enabled and user is not None:  # the same answer when it fails
            ok = self._second_factor(user, factor, otp or "")
        if user is None or not usable or not ok:
            if user is not None:
                user.failed_logins += 1
                self._audit_as(user, "login_failed")
            else:
                self.actor = Actor(None, username[:80] or "(empty)", Role.ADMIN, ip=self.actor.ip)
                audit.append(self.session, self.actor, action="login_failed", record_type="user",
                             record_id="unknown username", patient_id=None, role="none")
            self.session.commit()
            raise AuthenticationFailed(WRONG)
        user.failed_logins, user.locked_until = 0, None
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.session.add(
            AuthSession(
                token_hash=token_digest(token),
                user_id=user.id,
                kind=kind,
                csrf_token=csrf,
                created_at=now,
                expires_at=now + lifetime,
                revoked=False,
            )
        )
        actor = _actor(user, self.actor.ip)
        self._audit_as(user, "login")
        self.session.commit()
        return Credentials(token=token, csrf_token=csrf, expires_at=now + lifetime, actor=actor)

    @unit_of_work
    def audit_throttled(self, username: str) -> None:
        """A sign-in refused by the throttle (429) is recorded too, under the name that was tried."""
        self.actor = Actor(None, username[:80] or "(empty)", Role.ADMIN, ip=self.actor.ip)
        audit.append(self.session, self.actor, action="login_throttled", record_type="user",
                     record_id="throttled", patient_id=None, role="none")

    def _audit_as(self, user: User, action: str) -> None:
        self.actor = _actor(user, self.actor.ip)
        self.audit(action, "user", user.id, None)

    @unit_of_work
    def authenticate(self, token: str, *, kind: str) -> tuple[Actor, str]:
        """The actor behind a session cookie or bearer token, and the session's CSRF token (its own transaction)."""
        return self.check_token(token, kind=kind)

    def check_token(self, token: str, *, kind: str) -> tuple[Actor, str]:
        """`authenticate` in the caller's transaction: a route that checks the token itself (deps.SignIn) reads it
        in the same transaction as the records it then reads and audits (issue 13: one transaction a chart read)."""
        digest = token_digest(token)
        cache = token_cache.for_session(self.session)  # accepted sign-ins, kept a second or two (token_cache.py)
        row: Any = cache.get(digest) if cache is not None else None
        generation = cache.generation if cache is not None else 0
        # the read sees nothing older than `generation`: its transaction begins with it, or each statement is its
        # own (PostgreSQL autocommit, the chart read); a transaction begun earlier may hold an older snapshot
        fresh = not self.session.in_transaction()
        from_database = row is None
        if from_database:
            connection = self.session.connection()
            fresh = fresh or connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
            # the session and its user in one statement (every request signs in: issue 13)
            row = connection.execute(_SESSION_AND_USER, {"token_hash": digest}).first()
        # the same checks on a cached row as on a fresh one: revoked, kind, absolute expiry (exactly), active
        if row is None or row.revoked or row.kind != kind or utc(row.expires_at) <= datetime.now(UTC):
            raise AuthenticationFailed("not signed in, or the session has expired: sign in again")
        if row.user_id is None or not row.active:
            raise AuthenticationFailed("this account is disabled: ask an administrator")
        actor = Actor(user_id=row.user_id, username=row.username, role=Role(row.role), patient_id=row.patient_id,
                      ip=self.actor.ip)
        if cache is not None and from_database and fresh:
            # only a row read in a transaction begun after `generation` was taken: no older snapshot is kept
            cache.put(digest, token_cache.SignInRow(False, row.kind, utc(row.expires_at), row.csrf_token,
                                                    row.user_id, row.username, row.role, row.patient_id, True),
                      generation)
        return actor, row.csrf_token

    @unit_of_work
    def logout(self, token: str) -> None:
        row = self.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_digest(token)))
        if row is not None:
            row.revoked = True
            self.audit("logout", "user", row.user_id, None)

    # -- users ---------------------------------------------------------------------------------------
    @unit_of_work
    def users(self, *, sort: str, limit: int, offset: int) -> tuple[list[User], int]:
        return self.page(select(User), sort=sort, sortable=USER_SORT, limit=limit, offset=offset)

    @unit_of_work
    def create_user(
        self, *, username: str, display_name: str, role: Role, password: str | None, patient_id: int | None
    ) -> User:
        """A new account. Through the API ``password`` is None: the owner sets it with an activation link
        (issue_activation); a password is given only by the demo loader and tests (as the system)."""
        if self.session.scalar(select(User.id).where(User.username == username)) is not None:
            raise Invalid(f"username {username!r} is taken: choose another")
        self._check_patient_link(role, patient_id)
        user = User(
            username=username,
            display_name=display_name,
            role=role.value,
            password_hash=HASHER.hash(password) if password is not None else NO_PASSWORD,
            patient_id=patient_id,
            active=True,
            failed_logins=0,
            created_at=datetime.now(UTC),
            version=1,
        )
        self.session.add(user)
        self.session.flush()
        self.audit("create", "user", f"{user.id} {user.username} as {role.value}", None)
        return user

    @unit_of_work
    def update_user(self, user_id: int, *, version: int, fields: dict[str, Any]) -> User:
        user = self.session.get(User, user_id, with_for_update=True)
        if user is None:
            raise NotFound(f"no user {user_id}")
        reset = bool(fields.pop("reset_password", False))
        if fields.pop("unlock", False):
            fields.update(failed_logins=0, locked_until=None)
        old_role = user.role
        role = Role(fields.get("role") or user.role)
        self._check_patient_link(role, fields.get("patient_id", user.patient_id))
        self.apply_edit(user, "user", version=version, fields=fields)
        if reset:  # the owner chooses the new one through a fresh activation link; nobody learns it
            user.password_hash = NO_PASSWORD
            self.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user_id))  # a lost phone too
        if reset or fields.get("active") is False:  # end every session of this user
            self._revoke_sessions(user_id)
        self.audit("update", "user", user.id, None)
        if role.value != old_role:
            self.audit("role_change", "user", f"{user.id} {user.username}: {old_role} -> {role.value}", None)
        if reset:
            self.audit("password_reset", "user", user.id, None)
        return user

    def _revoke_sessions(self, user_id: int) -> None:
        for session_row in self.session.scalars(select(AuthSession).where(AuthSession.user_id == user_id)):
            session_row.revoked = True

    @unit_of_work
    def usernames_with_password(self, password: str) -> list[str]:
        """Active accounts whose password is this one (one hash check each: slow on purpose, run it off-line)."""
        users = self.session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
        return [u.username for u in users if u.password_hash != NO_PASSWORD and _verify(u.password_hash, password)]

    # -- TOTP second factor (RFC 6238) and recovery codes -----------------------------------------------
    def _second_factor(self, user: User, factor: TotpFactor, code: str) -> bool:
        """A current TOTP code (30-second steps, one step of clock drift either way, each step used once) or an
        unused recovery code."""
        code = code.strip().replace(" ", "")
        if code.isdigit() and len(code) == 6:
            totp = pyotp.TOTP(factor.secret)
            now = datetime.now(UTC)
            for drift in (-1, 0, 1):
                step = totp.timecode(now) + drift
                if secrets.compare_digest(totp.generate_otp(step), code) and step > (factor.last_step or -1):
                    factor.last_step = step
                    return True
            return False
        digest = token_digest(code.lower().replace("-", ""))
        row = self.session.scalar(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest, RecoveryCode.used_at.is_(None)))
        if row is None:
            return False
        row.used_at = datetime.now(UTC)
        self._audit_as(user, "recovery_code_used")
        return True

    @unit_of_work
    def start_totp(self) -> tuple[str, str]:
        """Enrolment, step 1 (clinicians and admins): a new secret and its otpauth:// address for the app's QR
        code. Nothing changes for sign-in until it is confirmed with a code (confirm_totp)."""
        user = self._self_for_totp()
        factor = self.session.get(TotpFactor, user.id, with_for_update=True)
        if factor is not None and factor.enabled:
            raise Invalid("an authenticator is already set up for this account: ask an administrator to reset it")
        secret = pyotp.random_base32()
        if factor is None:
            self.session.add(TotpFactor(user_id=user.id, secret=secret, enabled=False, last_step=None))
        else:
            factor.secret, factor.last_step = secret, None
        self.audit("totp_started", "user", user.id, None)
        return secret, pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="PainPath")

    @unit_of_work
    def confirm_totp(self, code: str) -> list[str]:
        """Enrolment, step 2: a correct code turns the second factor on; returns ten recovery codes (shown once)."""
        user = self._self_for_totp()
        factor = self.session.get(TotpFactor, user.id, with_for_update=True)
        if factor is None or factor.enabled:
            raise Invalid("start the set-up first (POST /api/me/totp without a code)")
        if not code.strip().isdigit() or not self._second_factor(user, factor, code):
            raise Invalid("code: not the current code of the authenticator app: check its clock and try again")
        factor.enabled = True
        self.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        codes = [secrets.token_hex(6) for _ in range(10)]  # 48 random bits each, single use
        for plain in codes:
            self.session.add(RecoveryCode(user_id=user.id, code_hash=token_digest(plain), used_at=None))
        self.audit("totp_enabled", "user", user.id, None)
        return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]

    def _self_for_totp(self) -> User:
        if self.actor.role not in (Role.CLINICIAN, Role.ADMIN) or self.actor.user_id is None:
            raise Forbidden("the second factor is for clinician and administrator accounts")
        user = self.session.get(User, self.actor.user_id, with_for_update=True)
        if user is None:
            raise NotFound("no such account")
        return user

    # -- activation links ------------------------------------------------------------------------------
    @unit_of_work
    def issue_activation(self, user_id: int, *, lifetime: timedelta) -> Activation:
        """A one-time link for the account's owner to choose their password; earlier unused links stop working."""
        user = self.session.get(User, user_id)
        if user is None:
            raise NotFound(f"no user {user_id}")
        now = datetime.now(UTC)
        for earlier in self.session.scalars(
            select(AccountActivation).where(AccountActivation.user_id == user_id, AccountActivation.used_at.is_(None))
        ):
            earlier.used_at = now
        token = secrets.token_urlsafe(32)
        self.session.add(AccountActivation(token_hash=token_digest(token), user_id=user_id, created_at=now,
                                           expires_at=now + lifetime, used_at=None))
        self.audit("activation_link", "user", user_id, None)
        return Activation(token=token, expires_at=now + lifetime)

    @unit_of_work
    def activation_user(self, token: str) -> User:
        """Whose account a link activates (for the page's greeting); NotFound when unknown, used or expired."""
        return self._activation(token)[1]

    def _activation(self, token: str) -> tuple[AccountActivation, User]:
        row = self.session.scalar(
            select(AccountActivation).where(AccountActivation.token_hash == token_digest(token)).with_for_update()
        )
        user = self.session.get(User, row.user_id) if row is not None else None
        if row is None or user is None or row.used_at is not None or utc(row.expires_at) <= datetime.now(UTC) \
                or not user.active:
            raise NotFound("this activation link is unknown, already used or expired: ask the administrator "
                           "for a new one")
        return row, user

    @unit_of_work
    def activate(self, token: str, password: str) -> User:
        """The owner sets their password (NIST SP 800-63B rules: services/passwords.py); the link is used up."""
        row, user = self._activation(token)
        clinic = self.session.get(ClinicSetting, "clinic_name")
        problem = password_problem(password, username=user.username, clinic_name=clinic.value if clinic else "")
        if problem:
            raise Invalid(f"password: {problem}")
        user.password_hash = HASHER.hash(password)
        user.failed_logins, user.locked_until = 0, None
        row.used_at = datetime.now(UTC)
        self._revoke_sessions(user.id)
        self._audit_as(user, "activated")
        return user

    def _check_patient_link(self, role: Role, patient_id: int | None) -> None:
        if role is Role.PATIENT and patient_id is None:
            raise Invalid("a patient account needs patient_id: the record this person may see")
        if role is not Role.PATIENT and patient_id is not None:
            raise Invalid("only patient accounts are linked to a patient record: leave patient_id empty")
        if patient_id is not None and self.session.get(Patient, patient_id) is None:
            raise Invalid(f"patient_id {patient_id} does not exist")

    # -- settings and audit report -------------------------------------------------------------------
    @unit_of_work
    def settings(self) -> list[ClinicSetting]:
        return list(self.session.scalars(select(ClinicSetting).order_by(ClinicSetting.key)))

    @unit_of_work
    def put_setting(self, key: str, *, value: str, version: int | None) -> ClinicSetting:
        if key not in SETTINGS_KEYS:
            raise Invalid(f"unknown setting {key!r}: use one of {', '.join(sorted(SETTINGS_KEYS))}")
        if key == "clinic_phone" and not (PHONE.fullmatch(value.strip())
                                            and 7 <= sum(c.isdigit() for c in value) <= 20):
            raise Invalid("value: give the clinic's phone number as patients dial it, e.g. +1 555 010 0100")
        value = value.strip() if key == "clinic_phone" else value
        row = self.session.get(ClinicSetting, key, with_for_update=True)
        if row is None:
            row = ClinicSetting(key=key, value=value, version=1)
            self.session.add(row)
        else:
            self.apply_edit(
                row, "setting", version=version if version is not None else -1, fields={"value": value}
            )
        self.audit("update", "setting", key, None)
        return row

    @unit_of_work
    def audit_report(
        self,
        *,
        user_id: int | None,
        patient_id: int | None,
        since: datetime | None,
        until: datetime | None,
        sort: str,
        limit: int,
        offset: int,
        action: str | None = None,
        purpose: str = "read",
    ) -> tuple[list[AuditEntry], int]:
        """The entries matching every filter given; reading them is itself audited (``purpose`` "export" for a
        CSV download)."""
        stmt = select(AuditEntry)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        if user_id is not None:
            stmt = stmt.where(AuditEntry.user_id == user_id)
        if patient_id is not None:
            stmt = stmt.where(AuditEntry.patient_id == patient_id)
        if since is not None:
            stmt = stmt.where(AuditEntry.at >= since)
        if until is not None:
            stmt = stmt.where(AuditEntry.at < until)
        rows, total = self.page(stmt, sort=sort, sortable=AUDIT_SORT, limit=limit, offset=offset)
        # an export is recorded whatever audit_reads says: the log left the system
        self.audit("export" if purpose == "export" else "read", "audit_report", f"{len(rows)} of {total}", None)
        return rows, total

    @unit_of_work
    def audit_actions(self) -> list[str]:
        """The actions the log holds (for the audit page's filter)."""
        return list(self.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))

    @unit_of_work
    def second_factors(self) -> dict[int, bool]:
        """Per user id with a second factor: whether it is confirmed (True) or set up but not confirmed."""
        return {row.user_id: row.enabled for row in self.session.scalars(select(TotpFactor))}


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


_sessions, _users = AuthSession.__table__, User.__table__
# a Core SELECT of the columns the check reads: plain rows, no mapped objects (every request signs in: issue 13)
_SESSION_AND_USER = (select(_sessions.c.revoked, _sessions.c.kind, _sessions.c.expires_at, _sessions.c.csrf_token,
                            _users.c.id.label("user_id"), _users.c.username, _users.c.role, _users.c.patient_id,
                            _users.c.active)
                     .select_from(_sessions.outerjoin(_users, _users.c.id == _sessions.c.user_id))
                     .where(_sessions.c.token_hash == bindparam("token_hash")))


def _actor(user: User, ip: str) -> Actor:
    return Actor(
        user_id=user.id, username=user.username, role=Role(user.role), patient_id=user.patient_id, ip=ip
    )
