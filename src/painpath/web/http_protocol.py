"""uvicorn's HTTP/1.1 protocol (h11) with TCP_NODELAY set on every connection.

With `painpath serve --workers N` uvicorn binds the listening socket itself (socket.socket(AF_INET, SOCK_STREAM),
protocol number 0) and hands it to the worker processes; asyncio only sets TCP_NODELAY on sockets whose protocol
number is IPPROTO_TCP, so the accepted connections kept Nagle's algorithm on. h11 writes a response's head and
body in two sends, so on a kept-alive connection the body waited for the client's delayed ACK: every request
after the first took about 40 ms more (measured: a hello-world app, 0.6 ms with one process, 44 ms with
--workers 2). One process (uvicorn binding by host and port) was not affected."""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # a socket already closing
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
