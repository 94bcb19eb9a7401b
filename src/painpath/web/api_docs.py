"""/docs: Swagger UI 5 served from the app itself (the pinned fastapi-offline package ships its files; only they are
used), so it works
under the pages' Content-Security-Policy, which allows nothing from outside the app and no inline script.

/docs and /openapi.json need no sign-in: they describe the API (the same contract the README and the repository
publish) and carry no clinic data; every operation they describe still needs its permission, and "Authorize"
on the page takes a bearer token from POST /api/auth/token."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from painpath.web.pages.base import CSP

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}: API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """Serve /docs and its assets (the app is built with docs_url=None: FastAPI's own page loads a CDN)."""
    assets = resources.files("fastapi_offline") / "static"
    app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE.format(title=app.title), headers={
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
