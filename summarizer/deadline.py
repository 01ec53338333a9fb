"""A deadline for a whole HTTP exchange, status line and headers included.

httpx bounds each connect, read and write, never the exchange: a server that
drips its status line and headers, each piece within the read timeout, or that
answers `100 Continue` forever, holds a request for as long as it likes. The
network streams made by `AsyncDeadlineBackend` cut every read to what is left of the
deadline set with `within(seconds)` (a context variable: per request, per
thread or task), and fail with httpcore's `ReadTimeout` once it has passed, which
httpx and openai turn into their own timeout errors.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

import httpcore2

_ENDS: ContextVar[float | None] = ContextVar("summarizer_http_deadline", default=None)


class within:
    """Every read on a `AsyncDeadlineBackend` stream inside this block ends `seconds` from now.
    A sync and an async context manager, so it can join either kind of `with` statement."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._tokens: list[Any] = []

    def __enter__(self) -> None:
        self._tokens.append(_ENDS.set(time.monotonic() + self.seconds))

    def __exit__(self, *exc: object) -> None:
        _ENDS.reset(self._tokens.pop())

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        self.__exit__()


def _timeout(timeout: float | None) -> float | None:
    ends = _ENDS.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise httpcore2.ReadTimeout("the whole exchange took longer than its deadline")
    return left if timeout is None else min(timeout, left)


_is_socket_readable: Callable[[Any], bool] | None
try:  # httpcore's own readability test, on a socket
    from httpcore2._utils import is_socket_readable as _is_socket_readable
except ImportError:  # another layout: every question goes to the inner stream
    _is_socket_readable = None

_UNKNOWN = object()


class _AsyncStream(httpcore2.AsyncNetworkStream):
    def __init__(self, inner: httpcore2.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: Any = _UNKNOWN

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _timeout(timeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _timeout(timeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.AsyncNetworkStream:
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, _timeout(timeout)))

    def get_extra_info(self, info: str) -> Any:
        # The connection pool asks every idle connection whether its socket is readable (a
        # server's close) each time it assigns a request: at 32 in flight, about 18 times
        # per request. anyio answers by building a dict of every attribute of the stream to
        # find its socket; the socket is kept here instead, and asked the same way httpcore
        # asks it (`is_socket_readable`).
        if info == "is_readable" and _is_socket_readable is not None:
            sock = self._socket
            if sock is _UNKNOWN:
                sock = self._inner.get_extra_info("socket")
                # httpcore's test needs only the file descriptor; without one, the stream answers.
                sock = self._socket = sock if callable(getattr(sock, "fileno", None)) else None
            if sock is not None:
                return _is_socket_readable(sock)
        return self._inner.get_extra_info(info)


class AsyncDeadlineBackend(httpcore2.AsyncNetworkBackend):
    """Wraps a network backend so that its streams honour `within` (every client here is async)."""

    def __init__(self, inner: httpcore2.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            host, port, timeout=_timeout(timeout), local_address=local_address, socket_options=socket_options
        )
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        return _AsyncStream(await self._inner.connect_unix_socket(path, _timeout(timeout), socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def wrap_pools(client: Any, backend_type: type[AsyncDeadlineBackend]) -> None:
    """Put every connection pool of an httpx client (its transport and any proxy mounts)
    on a deadline backend. httpx takes no backend argument; its transports keep the pool
    in `_pool`, and the pool its backend in `_network_backend`."""
    for transport in [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]:
        wrap_transport(transport, backend_type)


def wrap_transport(transport: Any, backend_type: type[AsyncDeadlineBackend]) -> None:
    """Put one httpx transport's connection pool on a deadline backend (see `wrap_pools`)."""
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if inner is not None and not isinstance(inner, backend_type):
        pool._network_backend = backend_type(inner)  # type: ignore[union-attr]
