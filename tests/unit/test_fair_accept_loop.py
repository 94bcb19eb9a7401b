"""The worker processes of `painpath serve --workers N` accept one connection each time the shared listening socket
is ready (FairAcceptLoop), so a burst of new connections is spread over the workers instead of all going to the one
that woke first."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from painpath.web.http_protocol import FairAcceptLoop


def _accepted_in_one_readiness(loop: asyncio.AbstractEventLoop, waiting: int) -> int:
    """Connections taken from a listening socket with ``waiting`` pending, in one call of the loop's accept."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.setblocking(False)
    clients = [socket.create_connection(server.getsockname()) for _ in range(waiting)]
    made: list[Any] = []
    try:
        asyncio.set_event_loop(loop)
        loop._accept_connection(lambda: asyncio.Protocol(), server, None, None, 100)  # type: ignore[attr-defined]
        left = 0
        while True:
            try:
                conn, _ = server.accept()
            except BlockingIOError:
                break
            made.append(conn)
            left += 1
        loop.run_until_complete(asyncio.sleep(0.05))  # let the accepted connections' tasks finish
        return waiting - left
    finally:
        for sock in [*clients, *made, server]:
            sock.close()
        loop.close()
        asyncio.set_event_loop(None)


def test_a_fair_worker_takes_one_waiting_connection_and_leaves_the_rest_to_the_others() -> None:
    assert _accepted_in_one_readiness(FairAcceptLoop(), 5) == 1


def test_the_plain_asyncio_loop_takes_every_waiting_connection_at_once() -> None:
    """The behaviour FairAcceptLoop exists to change (and the check that the private hook it overrides still
    exists under this name: if asyncio renames it, this twin fails first)."""
    assert _accepted_in_one_readiness(asyncio.SelectorEventLoop(), 5) == 5


def test_pausing_between_accepts_still_takes_every_connection_within_milliseconds() -> None:
    """After each accept the worker stops accepting for 0.5 ms per connection it holds (at most 5 ms), so a
    worker with fewer connections takes the next ones; alone, it still takes all of them, soon."""
    loop = FairAcceptLoop()
    made: list[Any] = []

    class Count(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            made.append(transport)

    try:
        server = loop.run_until_complete(loop.create_server(Count, "127.0.0.1", 0))
        address = server.sockets[0].getsockname()
        clients = [socket.create_connection(address) for _ in range(6)]
        loop.run_until_complete(asyncio.sleep(0.1))
        assert len(made) == 6
        server.close()
        loop.run_until_complete(server.wait_closed())
        late = socket.socket()
        late.settimeout(1)
        assert late.connect_ex(address) != 0  # a closed server does not start accepting again after a pause
        late.close()
        for client in clients:
            client.close()
        for transport in made:
            transport.close()
        loop.run_until_complete(asyncio.sleep(0.01))
    finally:
        loop.close()
