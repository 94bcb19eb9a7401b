"""Protections every request passes (issue 11, points 6 and 7): a request body larger than the configured limit is
refused with 413 before it is read or parsed, and every API response carries ``Cache-Control: no-store`` and
``X-Content-Type-Options: nosniff`` (most of them carry patient data; none is worth keeping in a shared cache).
The browser pages get their own headers (pages/base.py: CSP, nosniff, no-store on HTML)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIXES = ("/api/", "/fhir", "/openapi.json")


def too_large_body(limit: int) -> bytes:
    detail = (f"body: the request is larger than the limit of {limit:,} bytes (PAINPATH_MAX_BODY_BYTES): send "
              "less at once")
    return json.dumps({"detail": detail, "errors": [{"field": "body", "message": detail}]}).encode()


class RequestProtection:
    """Pure ASGI middleware: the size limit (a streamed body without Content-Length is buffered up to the limit,
    no further) and the API response headers."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        api = str(scope.get("path", "")).startswith(API_PREFIXES)
        if declared is None:  # a streamed body: read it here, up to the limit, and hand it on as it came
            buffered: list[Message] = []
            seen = 0
            while True:
                message = await receive()
                buffered.append(message)
                if message["type"] != "http.request":
                    break
                seen += len(message.get("body", b""))
                if seen > limit:
                    await _refuse(send, limit)
                    return
                if not message.get("more_body", False):
                    break

            async def replay() -> Message:
                return buffered.pop(0) if buffered else await receive()

            receive_next: Receive = replay
        else:
            receive_next = receive

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and api:
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive_next, send_with_headers)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = too_large_body(limit)
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": body})
