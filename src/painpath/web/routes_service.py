"""Service readiness: is this process able to serve (its database answers, at the schema this version needs)?

`/api/health` (routes_auth) says the process is up and does no database work (liveness); `/api/health/ready`
is what a load balancer, `make prod-up` and a deployment check before sending traffic here (readiness).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from painpath.adapters.db.database import head_revision, ping
from painpath.web.deps import Public

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/api/health/ready", dependencies=[Public], tags=["service"],
            responses={503: {"description": "the database does not answer or is not at this version's schema"}})
def ready(request: Request) -> JSONResponse:
    """200 when the database answers at the schema this version needs; 503 (with the reason) otherwise."""
    state = request.app.state
    body: dict[str, Any] = {"status": "ok", "database": "ok", "process": os.getpid()}
    try:
        current = ping(state.db_engine)
    except Exception as err:  # any driver error: the answer is the same, the log keeps the detail
        log.warning("readiness: the database does not answer: %s", err)
        return JSONResponse({**body, "status": "unavailable", "database": "not answering"}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    if getattr(state, "schema_head", None) is None:
        state.schema_head = head_revision(state.db_engine)
    body["schema"] = current
    if current != state.schema_head:
        return JSONResponse({**body, "status": "unavailable", "database": f"schema {current}, needs "
                             f"{state.schema_head}: run `painpath db upgrade`"}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
