"""Signing in and out: API tokens, the browser's session cookie with CSRF protection, and who am I."""

from __future__ import annotations

import html
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from painpath.adapters.db.accounts_store import LoginPolicy
from painpath.services.access import GRANTS, Actor, Perm, Role
from painpath.services.errors import AuthenticationFailed, ServiceError
from painpath.web.deps import SESSION_COOKIE, Ctx, Public, client_ip, require
from painpath.web.schemas_more import Me, TokenRead, TokenRequest

router = APIRouter()
LOGIN_CSRF_COOKIE = "painpath_login_csrf"


def _anonymous(request: Request) -> Actor:
    return Actor(user_id=None, username="anonymous", role=Role.ADMIN, ip=client_ip(request))


def _policy(ctx: Ctx) -> LoginPolicy:
    return LoginPolicy(
        max_failed=ctx.settings.max_failed_logins, lockout=timedelta(minutes=ctx.settings.lockout_minutes)
    )


@router.get("/api/health", dependencies=[Public], tags=["service"])
def health() -> dict[str, str]:
    """A trivial endpoint: the service is up (no database work)."""
    return {"status": "ok"}


@router.post("/api/auth/token", dependencies=[Public], tags=["auth"])
def issue_token(body: TokenRequest, request: Request, ctx: Ctx) -> TokenRead:
    """Exchange a username and password for a bearer token (repeated failures lock the account)."""
    credentials = ctx.accounts(_anonymous(request)).login(
        body.username,
        body.password,
        kind="api",
        lifetime=timedelta(minutes=ctx.settings.token_minutes),
        policy=_policy(ctx),
    )
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


# -- browser pages ----------------------------------------------------------------------------------------
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PainPath</title>{meta}</head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto">{body}</body></html>"""


@router.get("/login", dependencies=[Public], include_in_schema=False)
def login_page(ctx: Ctx, error: str = "") -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    message = f'<p role="alert" style="color:#a00">{html.escape(error)}</p>' if error else ""
    body = f"""<h1>PainPath sign-in</h1>{message}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{token}">
<p><label>Username <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p></form>"""
    response = HTMLResponse(_PAGE.format(meta="", body=body))
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
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return login_page(ctx, error="The form expired or was not sent from this site: please sign in again.")
    try:
        credentials = ctx.accounts(_anonymous(request)).login(
            username,
            password,
            kind="browser",
            lifetime=timedelta(minutes=ctx.settings.session_minutes),
            policy=_policy(ctx),
        )
    except AuthenticationFailed as err:
        page = login_page(ctx, error=str(err))
        page.status_code = 401
        return page
    response = RedirectResponse("/", status_code=303)
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


@router.get("/", dependencies=[Public], include_in_schema=False)
def home(request: Request, ctx: Ctx) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return RedirectResponse("/login", status_code=303)
    try:
        actor, csrf = ctx.accounts(_anonymous(request)).authenticate(cookie, kind="browser")
    except ServiceError:
        return RedirectResponse("/login", status_code=303)
    body = f"""<h1>PainPath</h1><p>Signed in as <strong>{html.escape(actor.username)}</strong>
({html.escape(actor.role.value.replace("_", " "))}).</p>
<p>The API is described at <a href="/docs">/docs</a>. Browser scripts send the header
<code>X-CSRF-Token</code> (in the meta tag of this page) with every change.</p>
<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="{html.escape(csrf)}">
<button type="submit">Sign out</button></form>"""
    meta = f'<meta name="csrf-token" content="{html.escape(csrf)}">'
    return HTMLResponse(_PAGE.format(meta=meta, body=body))


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
        return HTMLResponse(
            _PAGE.format(meta="", body="<p>Sign-out form expired: go back and try again.</p>"),
            status_code=403,
        )
    ctx.accounts(actor).logout(cookie)
    response.delete_cookie(SESSION_COOKIE)
    return response
