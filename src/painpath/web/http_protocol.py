"""uvicorn's HTTP/1.1 protocol (h11) with TCP_NODELAY set on every connection, and the event loop the worker
processes of `painpath serve --workers N` run (FairAcceptLoop: connections spread over the workers).

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
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # a socket already closing
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


class FairAcceptLoop(asyncio.SelectorEventLoop):
    """An event loop that accepts one connection each time the listening socket is ready, not up to 100.

    The worker processes of `painpath serve --workers N` share one listening socket. asyncio accepts every
    connection waiting at once, so when a client opens its connections together (an EHR's connection pool, the
    CDS benchmark's 20 callers) the worker that wakes first takes all of them and keeps them: measured with 2
    workers, one took 19 of 20 kept-alive connections, so one core served nearly all the calls while the other
    idled (p95 141 ms against a mean of 68). Accepting one at a time lets every awake worker take its share, and a
    busy worker, slower to come back to its loop, takes fewer. The listen backlog itself is not changed."""

    def _accept_connection(self, protocol_factory: Any, sock: Any, sslcontext: Any = None, server: Any = None,
                           backlog: int = 100, *rest: Any) -> None:
        super()._accept_connection(protocol_factory, sock, sslcontext, server, 1, *rest)  # type: ignore[misc]
