"""Administration: users, clinic settings and the audit report (no clinical content)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.tables import User
from painpath.services import clinic_settings
from painpath.services.access import Actor, Perm, Role, own_account_problem
from painpath.services.errors import Invalid, NotFound
from painpath.web.deps import Ctx, Limit, Offset, PathId, require
from painpath.web.errors import stale_view
from painpath.web.schemas import MAX_ID, Moment
from painpath.web.schemas_more import (
    AuditPage,
    AuditRead,
    SettingPut,
    SettingRead,
    UserCreate,
    UserPage,
    UserProvisioned,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/api", tags=["admin"])
ManageUsers = Annotated[Actor, Depends(require(Perm.USERS_MANAGE))]
ManageSettings = Annotated[Actor, Depends(require(Perm.SETTINGS_MANAGE))]


@router.get("/users")
def list_users(
    ctx: Ctx,
    actor: ManageUsers,
    sort: Literal["username", "-username", "role", "-role", "created_at", "-created_at"] = "username",
    limit: Limit = 50,
    offset: Offset = 0,
) -> UserPage:
    """Accounts of the clinic."""
    rows, total = ctx.accounts(actor).users(sort=sort, limit=limit, offset=offset)
    return UserPage(items=[UserRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


def _provisioned(ctx: Ctx, actor: Actor, row: User, *, with_link: bool) -> UserProvisioned:
    read = UserProvisioned.model_validate(row)
    if with_link:
        link = ctx.accounts(actor).issue_activation(
            row.id, lifetime=timedelta(hours=ctx.settings.activation_hours)
        )
        read.activation_path, read.activation_expires_at = f"/activate/{link.token}", link.expires_at
    return read


@router.post("/users", status_code=201)
def create_user(body: UserCreate, ctx: Ctx, actor: ManageUsers) -> UserProvisioned:
    """Create an account without a password; a patient account names the one record it may see. The response
    carries a one-time activation link (shown once) with which the owner chooses their own password."""
    row = ctx.accounts(actor).create_user(
        username=body.username,
        display_name=body.display_name,
        role=Role(body.role),
        password=None,
        patient_id=body.patient_id,
    )
    return _provisioned(ctx, actor, row, with_link=True)


def _user_now(accounts: Accounts, user_id: int) -> UserRead:
    """The account as the admin reads it (UserRead: never the password hash), for a stale edit's 409."""
    offset = 0
    while True:
        rows, total = accounts.users(sort="username", limit=200, offset=offset)
        for row in rows:
            if row.id == user_id:
                return UserRead.model_validate(row)
        offset += len(rows)
        if not rows or offset >= total:
            raise NotFound(f"no user {user_id}")


@router.patch("/users/{user_id}")
def update_user(user_id: PathId, body: UserUpdate, ctx: Ctx, actor: ManageUsers) -> UserProvisioned:
    """Change role, disable, unlock (clears the sign-in throttle for this account from every address) or reset the
    password (the response carries a new activation link for the owner); send the version you read."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    problem = own_account_problem(actor, user_id, fields)
    if problem:
        raise Invalid(problem)
    unlock, reset = bool(fields.get("unlock")), bool(fields.get("reset_password"))
    accounts = ctx.accounts(actor)
    with stale_view(lambda: _user_now(accounts, user_id)):
        row = accounts.update_user(user_id, version=body.version, fields=dict(fields))
    if unlock:
        ctx.request.app.state.sign_in_throttle.forget_account(row.username)
    return _provisioned(ctx, actor, row, with_link=reset)


@router.get("/settings")
def list_settings(ctx: Ctx, actor: ManageSettings) -> list[SettingRead]:
    """Clinic settings."""
    return [SettingRead.model_validate(r) for r in ctx.accounts(actor).settings()]


@router.put("/settings/{key}")
def put_setting(
    key: Annotated[str, Path(max_length=80, pattern=r"^[a-z_]+$")],
    body: SettingPut,
    ctx: Ctx,
    actor: ManageSettings,
) -> SettingRead:
    """Set a clinic setting (send the version you read when it already exists); every value is validated (the
    time zone is an IANA zone, e.g. Europe/London)."""
    value = clinic_settings.validated(key, body.value)
    accounts = ctx.accounts(actor)
    with stale_view(lambda: next(SettingRead.model_validate(r) for r in accounts.settings() if r.key == key)):
        row = accounts.put_setting(key, value=value, version=body.version)
    return SettingRead.model_validate(row)


@router.get("/audit")
def audit_report(
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.AUDIT_READ))],
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    patient_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    since: Annotated[Moment | None, Query(description="from this moment (inclusive)")] = None,
    until: Annotated[Moment | None, Query(description="up to this moment (exclusive)")] = None,
    sort: Literal["seq", "-seq", "at", "-at"] = "-seq",
    limit: Limit = 100,
    offset: Offset = 0,
) -> AuditPage:
    """Who read or changed what, when and from where; filter by user, patient and time range."""
    rows, total = ctx.accounts(actor).audit_report(
        user_id=user_id,
        patient_id=patient_id,
        since=since.astimezone(UTC) if since else None,
        until=until.astimezone(UTC) if until else None,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return AuditPage(
        items=[AuditRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )
