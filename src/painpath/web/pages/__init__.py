"""The browser pages: the clinician workspace (/clinic), the front desk (/desk) and the patient portal (/portal).

Each module has one ``router``; every page declares one permission (pages.base.page / pages.base.form), like
the API routes, and reaches data only through the same stores, so access rules and auditing are shared.
"""

from __future__ import annotations

from fastapi import APIRouter

PAGE_ROUTERS: list[APIRouter] = []
