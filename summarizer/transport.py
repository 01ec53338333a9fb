"""A whole-reply deadline under the openai client.

httpx's timeout bounds each connect, read and write, not the request: a server
that sends its reply a few bytes at a time, each piece within the read timeout,
holds the request for as long as it likes (a 0.3 s timeout let a dripping
server keep one request for 7 s in the fault suite). This client stops reading
a reply body once `deadline` seconds have passed since it was sent, with httpx's
own `ReadTimeout`, which openai turns into `APITimeoutError`: retried and
bounded like any other timeout.

The headers themselves are still bounded only per read; a server that drips its
status line and headers is not cut short (see docs/reliability.md).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx2
import openai


class _AsyncDeadline(httpx2.AsyncByteStream):
    def __init__(self, stream: Any, request: httpx2.Request, ends: float, deadline: float) -> None:
        self._stream, self._request, self._ends, self._deadline = stream, request, ends, deadline

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            if time.monotonic() > self._ends:
                raise httpx2.ReadTimeout(
                    f"the reply took longer than {self._deadline:g} s", request=self._request
                )
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


class AsyncDeadlineClient(openai.DefaultAsyncHttpxClient):
    """openai's default async httpx client, with every reply body read within `deadline`
    seconds. (The sync paths run this one through `summarizer.aio.run_sync`.)"""

    def __init__(self, deadline: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deadline = deadline

    async def send(self, request: httpx2.Request, *, stream: bool = False, **kwargs: Any) -> httpx2.Response:
        ends = time.monotonic() + self.deadline
        response = await super().send(request, stream=True, **kwargs)
        response.stream = _AsyncDeadline(response.stream, request, ends, self.deadline)
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response
