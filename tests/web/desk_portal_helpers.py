"""Signing in through /login in a browser-like client, and reading the page's CSRF token (desk and portal tests)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import PASSWORD


def browser(clinic: Any, username: str) -> TestClient:
    """A separate cookie jar signed in as ``username`` through the sign-in form."""
    client = TestClient(clinic.client.app)
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    return client


def csrf(page_html: str) -> str:
    return page_html.split('name="csrf-token" content="')[1].split('"')[0]


def post(client: TestClient, path: str, data: dict[str, Any], *, page: str | None = None) -> Any:
    """Submit a form the way a browser does: the CSRF token from the page, no redirect following."""
    token = csrf(client.get(page or path).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def field_error(page_html: str, name: str) -> str:
    found = re.search(rf'id="e-{re.escape(name)}">([^<]*)<', page_html)
    return html.unescape(found.group(1)) if found else ""


def value_of(page_html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page_html)
    return html.unescape(found.group(1)) if found else ""


def text_of(page_html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*>([^<]*)</textarea>', page_html)
    return html.unescape(found.group(1)) if found else ""


def fix_morning(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Fix the schedule's clock at 09:05 UTC today, so today's held afternoon slots are still ahead."""
    from painpath.adapters import scheduling_policy

    fixed = datetime.now(UTC).replace(hour=9, minute=5, second=0, microsecond=0)
    monkeypatch.setattr(scheduling_policy, "utc_now", lambda: fixed)
    return fixed
