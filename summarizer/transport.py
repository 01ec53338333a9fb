"""A whole-reply deadline under the openai client.

httpx's timeout bounds each connect, read and write, not the request: a server
that sends its reply a few bytes at a time, each piece within the read timeout,
holds the request for as long as it likes (a 0.3 s timeout let a dripping
server keep one request for 7 s in the fault suite). This client stops reading
a reply body once `deadline` seconds have passed since it was sent, with httpx's
own `ReadTimeout`, which openai turns into `APITimeoutError`: retried and
bounded like any other timeout.

The status line and headers are bounded by the same deadline (`deadline.py`): a
server that drips them, or answers `100 Continue` forever, is cut off too.
"""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import openai

from summarizer import aio
from summarizer.deadline import AsyncDeadlineBackend, within, wrap_pools

#: No chat completion is this large (a long extraction is tens of kilobytes): a reply over it
#: is cut off as it is read, so a broken or hostile server cannot fill memory.
MAX_REPLY_BYTES = 10_000_000

#: Statuses that refuse the credentials (`llm.AuthenticationFailed`): every request would get them.
REFUSED = frozenset({401, 403})


class BadReply(Exception):
    """A reply no retry or re-ask can mend. openai wraps it in APIConnectionError; the model
    client unwraps it (`llm.py`), never retries it, and names it."""


class ReplyTooLarge(BadReply):
    """The reply body passed `MAX_REPLY_BYTES`."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the model endpoint's reply is over the {limit / 1e6:g} MB limit")


#: Replies that are not one JSON chat completion, by media type.
_NOT_COMPLETIONS = {
    "text/html": "an HTML page (a proxy, a login or an error page?)",
    "application/xhtml+xml": "an HTML page (a proxy, a login or an error page?)",
    "text/event-stream": "a server-sent event stream (the endpoint streams; this client does not)",
}


def check_reply(response: httpx2.Response) -> None:
    """Refuse a successful reply that is not a chat completion: named for what it is, rather
    than as "a completion with no choices", and never re-asked (the next one would be the same)."""
    if response.status_code >= 300:
        return
    mtype = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    what = _NOT_COMPLETIONS.get(mtype)
    if what is None:
        head = response.content[:64].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            what = _NOT_COMPLETIONS["text/html"]
        elif head.startswith((b"data:", b"event:")):
            what = _NOT_COMPLETIONS["text/event-stream"]
    if what is not None:
        raise BadReply(
            f"the model endpoint answered HTTP {response.status_code} with {what}, not a chat completion"
        )


class _Counter:
    def __init__(self, limit: int) -> None:
        self.limit, self.seen = limit, 0

    def add(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise ReplyTooLarge(self.limit)


class _AsyncDeadline(httpx2.AsyncByteStream):
    def __init__(self, stream: Any, request: httpx2.Request, ends: float, deadline: float) -> None:
        self._stream, self._request, self._ends, self._deadline = stream, request, ends, deadline

    async def __aiter__(self) -> AsyncIterator[bytes]:
        counter = _Counter(MAX_REPLY_BYTES)
        async for chunk in self._stream:
            counter.add(chunk)
            if time.monotonic() > self._ends:
                raise httpx2.ReadTimeout(
                    f"the reply took longer than {self._deadline:g} s", request=self._request
                )
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


_SSL_CONTEXTS: dict[tuple[bool, str | None, str | None], ssl.SSLContext] = {}


def default_ssl_context(trust_env: bool = True) -> ssl.SSLContext:
    """httpx's default TLS context (system or certifi roots; `SSL_CERT_FILE`/`SSL_CERT_DIR`
    when `trust_env`), made once per process and per those settings. httpx makes a new one
    for every client: about 25 ms of CPU reading the root certificates, and the model client
    is made anew for every event loop (each call of a sync function). A context holds no
    per-connection state, so the clients can share it."""
    key = (trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    context = _SSL_CONTEXTS.get(key)
    if context is None:
        context = _SSL_CONTEXTS[key] = httpx2.create_ssl_context(trust_env=trust_env)
    return context


class AsyncDeadlineClient(openai.DefaultAsyncHttpxClient):
    """openai's default async httpx client, with every reply body read within `deadline`
    seconds, on the process's shared default TLS context unless given `verify`. (The sync
    paths run this one through `summarizer.aio.run_sync`.)"""

    def __init__(self, deadline: float, **kwargs: Any) -> None:
        if "verify" not in kwargs:
            kwargs["verify"] = default_ssl_context(kwargs.get("trust_env", True))
        super().__init__(**kwargs)
        self.deadline = deadline
        wrap_pools(self, AsyncDeadlineBackend)

    async def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        aio.end_turn()  # no turn on the CPU lane is held through a wait on the network
        async with aio.in_flight() as gate:
            ends = time.monotonic() + self.deadline
            with within(self.deadline):
                response = await super().send(request, stream=True, **kwargs)
            if gate is not None and response.status_code in REFUSED:
                gate.close()  # a refused key refuses them all: the requests waiting stay unsent
            response.stream = _AsyncDeadline(response.stream, request, ends, self.deadline)
            if not stream:
                try:
                    await response.aread()
                    check_reply(response)
                except BaseException:
                    await response.aclose()
                    raise
        if not stream and response.is_success:  # a reply to parse (not an error to retry after a sleep)
            await aio.reply_turn()
        return response
