"""Signing in and out: API tokens, the browser's session cookie with CSRF protection, and who am I."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from painpath.adapters.db.accounts_store import Credentials
from painpath.services.access import GRANTS, Actor, Perm, Role
from painpath.services.errors import AuthenticationFailed, Invalid, ServiceError, TooManyAttempts
from painpath.services.throttle import SignInThrottle
from painpath.web.deps import SESSION_COOKIE, Ctx, Public, client_ip, require
from painpath.web.pages.base import HOME, PageUser, page, render, safe_next
from painpath.web.schemas_more import (
    ActivationRequest,
    ErrorBody,
    Me,
    TokenRead,
    TokenRequest,
    TotpRead,
    TotpStart,
)

router = APIRouter()
LOGIN_CSRF_COOKIE = "painpath_login_csrf"


def _anonymous(request: Request) -> Actor:
    return Actor(user_id=None, username="anonymous", role=Role.ADMIN, ip=client_ip(request))


def sign_in(
    request: Request, ctx: Ctx, username: str, password: str, *, kind: str, minutes: int, otp: str | None = None
) -> Credentials:
    """One sign-in attempt for /login and /api/auth/token: throttled per account and address first (429 with
    Retry-After, the same for existing and unknown usernames), then checked; the outcome feeds the throttle."""
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    address = client_ip(request)
    wait = throttle.retry_after(username, address)
    if wait:
        ctx.accounts(_anonymous(request)).audit_throttled(username)
        raise TooManyAttempts(wait)
    try:
        credentials = ctx.accounts(_anonymous(request)).login(
            username, password, kind=kind, lifetime=timedelta(minutes=minutes), otp=otp
        )
    except AuthenticationFailed:
        throttle.failed(username, address)
        raise
    throttle.succeeded(username, address)
    return credentials


@router.get("/api/health", dependencies=[Public], tags=["service"])
def health() -> dict[str, str]:
    """A trivial endpoint: the service is up (no database work)."""
    return {"status": "ok"}


@router.post(
    "/api/auth/token",
    dependencies=[Public],
    tags=["auth"],
    responses={429: {"model": ErrorBody, "description": "Too many failed sign-ins: wait Retry-After seconds"}},
)
def issue_token(body: TokenRequest, request: Request, ctx: Ctx) -> TokenRead:
    """Exchange a username and password for a bearer token (repeated failures are throttled: 429)."""
    credentials = sign_in(request, ctx, body.username, body.password, kind="api",
                          minutes=ctx.settings.token_minutes, otp=body.otp)
    return TokenRead(
        access_token=credentials.token,
        token_type="bearer",
        expires_at=credentials.expires_at,
        role=credentials.actor.role.value,
    )


@router.post("/api/auth/logout", status_code=204, tags=["auth"])
def revoke_token(
    request: Request, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SELF))]
) -> Response:
    """End this token or browser session."""
    token = request.headers.get("authorization", "").partition(" ")[2].strip() or request.cookies.get(
        SESSION_COOKIE
    )
    if token:
        ctx.accounts(actor).logout(token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/api/me", tags=["auth"])
def me(actor: Annotated[Actor, Depends(require(Perm.SELF))]) -> Me:
    """Who is signed in, with which role and permissions."""
    return Me(
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role.value,
        patient_id=actor.patient_id,
        permissions=sorted(p.value for p in GRANTS[actor.role]),
    )


@router.post("/api/me/totp", tags=["auth"])
def totp_setup(body: TotpStart, ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SELF))]) -> TotpRead:
    """Second factor for clinicians and administrators (opt-in per account): without a code, start the set-up
    (a secret and otpauth:// address for the authenticator app); with the app's current code, turn it on and get
    ten one-time recovery codes. From then on sign-in needs the code (the `otp` field) as well."""
    accounts = ctx.accounts(actor)
    if body.code is None:
        secret, uri = accounts.start_totp()
        return TotpRead(enabled=False, secret=secret, otpauth_uri=uri)
    return TotpRead(enabled=True, recovery_codes=accounts.confirm_totp(body.code))


# -- browser sign-in and sign-out (the pages themselves live in web/pages) --------------------------------
@router.get("/login", dependencies=[Public], include_in_schema=False)
def login_form(request: Request, ctx: Ctx, next: str = "") -> HTMLResponse:
    """The sign-in page; only where to go afterwards comes from the address (messages never do)."""
    return login_page(request, ctx, next=next)


def login_page(
    request: Request, ctx: Ctx, *, error: str = "", next: str = "", username: str = "", status: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "shared/login.html",
        None,
        status=status,
        title="Sign in",
        error=error,
        login_csrf=token,
        next_path=safe_next(next),
        username=username[:80],
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        secure=ctx.settings.cookie_secure,
        samesite="strict",
        max_age=3600,
        path="/login",
    )
    return response


@router.post("/login", dependencies=[Public], include_in_schema=False)
def login_submit(
    request: Request,
    ctx: Ctx,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=400)] = "",
    otp: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return login_page(
            request, ctx, error="The form expired or was not sent from this site: please sign in again.",
            next=next, username=username,
        )
    try:
        credentials = sign_in(request, ctx, username, password, kind="browser",
                              minutes=ctx.settings.session_minutes, otp=otp or None)
    except TooManyAttempts as err:
        throttled = login_page(request, ctx, error=str(err), next=next, username=username, status=429)
        throttled.headers["Retry-After"] = str(err.retry_after)
        return throttled
    except AuthenticationFailed as err:
        return login_page(request, ctx, error=str(err), next=next, username=username, status=401)
    response = RedirectResponse(safe_next(next) or HOME[credentials.actor.role], status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        credentials.token,
        httponly=True,
        secure=ctx.settings.cookie_secure,
        samesite="lax",
        max_age=ctx.settings.session_minutes * 60,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


# -- account activation: the owner chooses the password through the one-time link ------------------------
@router.post("/api/auth/activate", dependencies=[Public], tags=["auth"], status_code=204)
def activate_api(body: ActivationRequest, request: Request, ctx: Ctx) -> Response:
    """Set the password of a provisioned (or reset) account with its one-time activation link's token."""
    ctx.accounts(_anonymous(request)).activate(body.token, body.password)
    return Response(status_code=204)


TokenPath = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/activate/{token}", dependencies=[Public], include_in_schema=False)
def activate_form(token: TokenPath, request: Request, ctx: Ctx) -> HTMLResponse:
    user = ctx.accounts(_anonymous(request)).activation_user(token)
    return render(request, "shared/activate.html", None, title="Choose your password", token=token,
                  username=user.username, error="")


@router.post("/activate/{token}", dependencies=[Public], include_in_schema=False)
def activate_submit(
    token: TokenPath,
    request: Request,
    ctx: Ctx,
    password: Annotated[str, Form(max_length=200)],
    repeat: Annotated[str, Form(max_length=200)],
) -> Response:
    accounts = ctx.accounts(_anonymous(request))
    user = accounts.activation_user(token)
    try:
        if password != repeat:
            raise Invalid("password: the two passwords differ: type the same one twice")
        accounts.activate(token, password)
    except Invalid as err:
        return render(request, "shared/activate.html", None, status=422, title="Choose your password",
                      token=token, username=user.username, error=str(err).removeprefix("password: "))
    return RedirectResponse("/login", status_code=303)


@router.get("/", include_in_schema=False)
def home(user: Annotated[PageUser, Depends(page(Perm.SELF))]) -> Response:
    """Each role starts on its own page."""
    return RedirectResponse(HOME[user.role], status_code=303)


@router.get("/admin", include_in_schema=False)
def admin_home(request: Request, user: Annotated[PageUser, Depends(page(Perm.USERS_MANAGE))]) -> Response:
    return render(request, "shared/admin.html", user, title="Administration")


@router.post("/logout", dependencies=[Public], include_in_schema=False)
def logout_submit(request: Request, ctx: Ctx, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    response = RedirectResponse("/login", status_code=303)
    if not cookie:
        return response
    try:
        actor, csrf = ctx.accounts(_anonymous(request)).authenticate(cookie, kind="browser")
    except ServiceError:
        return response
    if not secrets.compare_digest(csrf, csrf_token):
        return render(request, "shared/error.html", None, status=403, title="Sign-out form expired",
                      message="Go back, reload the page and sign out again.")
    ctx.accounts(actor).logout(cookie)
    response.delete_cookie(SESSION_COOKIE)
    return response
