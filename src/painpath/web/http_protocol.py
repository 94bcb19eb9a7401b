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


PAUSE_PER_CONNECTION_SECONDS = 0.0005  # after an accept, per connection this worker already holds (expert estimate)
MAX_PAUSE_SECONDS = 0.005  # a new connection waits at most this long for a worker (expert estimate)


class FairAcceptLoop(asyncio.SelectorEventLoop):
    """An event loop that spreads new connections over the worker processes of `painpath serve --workers N`.

    The workers share one listening socket. asyncio accepts every connection waiting at once, so when a client
    opens its connections together (an EHR's connection pool, the CDS benchmark's 20 callers) the worker that
    wakes first takes all of them and keeps them: measured with 2 workers, one took 19 of 20 kept-alive
    connections, so one core served nearly all the calls while the other idled (p95 141 ms against a mean of
    68). This loop accepts one connection each time the socket is ready, then stops accepting for a moment that
    grows with the connections it already holds (0.5 ms each, at most 5 ms), so a worker with fewer connections
    takes the next ones. The listen backlog itself is not changed."""

    _accepted = 0

    def _accept_connection2(self, *args: Any, **kwargs: Any) -> Any:
        self._accepted += 1
        return super()._accept_connection2(*args, **kwargs)  # type: ignore[misc]

    def _accept_connection(self, protocol_factory: Any, sock: Any, sslcontext: Any = None, server: Any = None,
                           backlog: int = 100, *rest: Any) -> None:
        before = self._accepted
        super()._accept_connection(protocol_factory, sock, sslcontext, server, 1, *rest)  # type: ignore[misc]
        held = len(self._transports)  # type: ignore[attr-defined]
        if self._accepted == before or not held or sock.fileno() == -1:
            return
        self._remove_reader(sock.fileno())  # type: ignore[attr-defined]

        def resume() -> None:
            if sock.fileno() != -1 and (server is None or server.is_serving()):
                self._add_reader(sock.fileno(), self._accept_connection,  # type: ignore[attr-defined]
                                 protocol_factory, sock, sslcontext, server, backlog, *rest)

        self.call_later(min(held * PAUSE_PER_CONNECTION_SECONDS, MAX_PAUSE_SECONDS), resume)
