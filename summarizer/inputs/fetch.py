"""Fetch one article page over HTTP(S), politely and defensively.

Redirects are followed here, one hop at a time (at most `max_redirects`), so
that every hop's URL passes `NetPolicy.check_url` and every connection the
guarded transport opens passes the address check. The body is streamed and
abandoned as soon as it passes `max_bytes` (counted after decompression, so
a small gzip bomb cannot expand past the cap either), and the whole fetch
has a deadline besides the per-read timeout, so a server that drips bytes
cannot hold a run forever.

All decisions live in `_Walk`; `afetch_page` is the one fetcher and
`fetch_page` its one-line facade for code without an event loop.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import time
from dataclasses import dataclass, field

import httpx2

from summarizer.aio import sync_facade
from summarizer.deadline import AsyncDeadlineBackend, within, wrap_transport
from summarizer.inputs.decoding import HTML_TYPES, TEXT_TYPES, describe_type, header_charset, media_type
from summarizer.inputs.errors import (
    BlockedURL,
    ConnectError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotAnArticle,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
    redact_url,
)
from summarizer.inputs.netguard import NetPolicy, guarded_transport
from summarizer.inputs.options import (  # re-exported: the fetch API in one place
    DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES,
)
from summarizer.inputs.options import DEFAULT_MAX_REDIRECTS as DEFAULT_MAX_REDIRECTS
from summarizer.inputs.options import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from summarizer.inputs.options import USER_AGENT as USER_AGENT
from summarizer.inputs.options import FetchOptions

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@functools.cache  # looking for the modules on every fetch cost 0.5 ms of CPU
def accept_encoding() -> str:
    """Only the encodings httpx2 can decode here: br only when a brotli module is importable."""
    codings = ["gzip", "deflate"]
    if importlib.util.find_spec("brotli") or importlib.util.find_spec("brotlicffi"):
        codings.append("br")
    return ", ".join(codings)


def _codings(header: str | None) -> list[str]:
    return [c.strip().lower() for c in (header or "").split(",") if c.strip()]


def _decodable() -> frozenset[str]:
    """Content codings httpx2 decodes here (what `accept_encoding` offers, and identity)."""
    return frozenset({"identity", *_codings(accept_encoding())})


@dataclass
class FetchedPage:
    """A fetched response body and what the server said about it."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, '' when the server sent none
    charset: str | None  # from the Content-Type header
    body: bytes
    redirects: list[str] = field(default_factory=list)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


@dataclass
class _Walk:
    """The state of one fetch across redirect hops, and every decision about it."""

    url: str
    options: FetchOptions
    policy: NetPolicy
    hops: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    body: bytearray = field(default_factory=bytearray)

    def client_args(self) -> dict[str, object]:
        t = self.options.timeout
        return {
            "timeout": httpx2.Timeout(t, connect=t, read=t, write=t, pool=t),
            "follow_redirects": False,
            "trust_env": False,  # no proxies (see netguard) and no .netrc credentials
            "headers": {
                "user-agent": self.options.user_agent,
                "accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                "accept-encoding": accept_encoding(),
                "accept-language": "en;q=1.0, *;q=0.5",
            },
        }

    def first(self) -> httpx2.URL:
        target = self.policy.check_url(self.url)
        self.hops.append(str(target))
        return target

    def where(self) -> str:
        """The hop a problem happened on, for messages ('' on the first)."""
        return f" (after redirect to {redact_url(self.hops[-1])})" if len(self.hops) > 1 else ""

    def on_response(self, response: httpx2.Response) -> httpx2.URL | None:
        """The next hop for a redirect, None for a page to read; raises for anything else."""
        status = response.status_code
        if status in REDIRECT_CODES:
            location = response.headers.get("location")
            if not location:
                raise HTTPStatusError(
                    self.url, f"HTTP {status} redirect without a Location{self.where()}", status
                )
            try:
                target = response.url.join(location)
            except httpx2.InvalidURL:
                raise HTTPStatusError(self.url, f"HTTP {status} redirect to an invalid URL", status) from None
            if str(target) in self.hops:
                chain = " -> ".join(redact_url(h) for h in [*self.hops, str(target)])
                raise TooManyRedirects(self.url, f"redirect loop: {chain}")
            if len(self.hops) > self.options.max_redirects:
                raise TooManyRedirects(self.url, f"more than {self.options.max_redirects} redirects")
            try:
                checked = self.policy.check_url(target)
            except BlockedURL as exc:
                raise BlockedURL(self.url, f"redirect to {redact_url(str(target))} {exc.problem}") from None
            self.hops.append(str(checked))
            return checked
        if status >= 300 or status < 200:
            phrase = " ".join((response.reason_phrase or "").split())
            phrase = phrase if len(phrase) <= 80 else phrase[:79] + "…"  # a server may send pages of it
            raise HTTPStatusError(self.url, f"HTTP {status} {phrase}".strip() + self.where(), status)
        mtype = media_type(response.headers.get("content-type"))
        if mtype and mtype not in HTML_TYPES and mtype not in TEXT_TYPES:
            what = describe_type(mtype)
            raise UnsupportedContent(
                self.url,
                f"unsupported content type {mtype}{f' ({what})' if what else ''}: "
                "only HTML and plain-text articles can be read",
            )
        unknown = [c for c in _codings(response.headers.get("content-encoding")) if c not in _decodable()]
        if unknown:
            raise UnsupportedContent(
                self.url,
                f"the page is compressed with {unknown[0]!r}, which this installation cannot decode"
                + (" (install the 'brotli' package)" if unknown[0] == "br" else ""),
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.options.max_bytes:
            raise TooLarge(
                self.url,
                f"the response is {_mb(int(declared))}, over the {_mb(self.options.max_bytes)} limit",
            )
        return None

    def feed(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > self.options.max_bytes:
            raise TooLarge(
                self.url, f"the response is over the {_mb(self.options.max_bytes)} limit; download stopped"
            )
        if time.monotonic() - self.started > self.options.deadline:
            raise FetchTimeout(self.url, f"the download took longer than {self.options.deadline:g} s")

    def page(self, response: httpx2.Response) -> FetchedPage:
        if not self.body:
            raise NotAnArticle(
                self.url, f"the server sent an empty page (HTTP {response.status_code}){self.where()}"
            )
        content_type = response.headers.get("content-type")
        return FetchedPage(
            url=self.url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=media_type(content_type),
            charset=header_charset(content_type),
            body=bytes(self.body),
            redirects=self.hops[1:],
        )

    def translate(self, exc: Exception) -> FetchError:
        """A typed, one-line error for a transport failure."""
        where = self.where()
        t = self.options.timeout
        if isinstance(exc, FetchError):
            if exc.source == redact_url(self.url):  # raised by the walk itself: final
                return exc
            # raised by the guard while connecting, naming only the host
            if isinstance(exc, BlockedURL) and where:
                return BlockedURL(self.url, f"redirect to {redact_url(self.hops[-1])} {exc.problem}")
            return type(exc)(self.url, exc.problem + where)
        if (
            isinstance(exc, httpx2.TimeoutException)
            and time.monotonic() - self.started >= self.options.deadline
        ):
            return FetchTimeout(
                self.url, f"the server took longer than the {self.options.deadline:g} s deadline{where}"
            )
        if isinstance(exc, httpx2.ConnectTimeout):
            return FetchTimeout(self.url, f"could not connect within {t:g} s{where}")
        if isinstance(exc, httpx2.TimeoutException):
            return FetchTimeout(self.url, f"no response within {t:g} s{where}")
        if isinstance(exc, httpx2.ConnectError):
            return ConnectError(self.url, f"cannot connect: {_reason(exc)}{where}")
        if isinstance(exc, httpx2.DecodingError):
            return FetchError(self.url, f"the response could not be decompressed{where}")
        if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.WriteError)):
            return ConnectError(self.url, f"the connection broke: {_reason(exc)}{where}")
        if isinstance(exc, httpx2.InvalidURL):
            return BlockedURL(self.url, f"not a valid URL ({exc})")
        return FetchError(self.url, f"{type(exc).__name__}: {_reason(exc)}{where}")


def _reason(exc: BaseException) -> str:
    """The most specific line of a transport error ('[Errno 111] Connection refused').

    anyio wraps the socket error ('All connection attempts failed'); the OS's own
    words are further down the chain of causes.
    """
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo and len(seen) < 50:  # breadth first over causes, contexts and exception groups
        inner = todo.pop(0)
        if id(inner) in seen:
            continue
        seen.add(id(inner))
        if isinstance(inner, OSError) and inner.errno:
            return f"[Errno {inner.errno}] {os.strerror(inner.errno)}"
        todo += [e for e in (inner.__cause__, inner.__context__) if e is not None]
        todo += list(getattr(inner, "exceptions", ()))
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[-1]


_TRANSPORT_ERRORS = (httpx2.HTTPError, httpx2.InvalidURL, FetchError)


async def afetch_page(
    url: str, options: FetchOptions | None = None, policy: NetPolicy | None = None
) -> FetchedPage:
    """GET `url` within the options' limits; raises a `FetchError` subclass on any failure."""
    options = options or FetchOptions()
    walk = _Walk(url, options, policy or options.policy())
    target = walk.first()
    transport = guarded_transport(walk.policy)
    wrap_transport(transport, AsyncDeadlineBackend)  # headers in the deadline too
    async with (
        httpx2.AsyncClient(
            transport=transport,
            **walk.client_args(),  # type: ignore[arg-type]
        ) as client,
        within(options.deadline),
    ):
        while True:
            try:
                async with client.stream("GET", target) as response:
                    nxt = walk.on_response(response)
                    if nxt is None:
                        async for chunk in response.aiter_bytes():
                            walk.feed(chunk)
                        return walk.page(response)
            except _TRANSPORT_ERRORS as exc:
                raise walk.translate(exc) from None
            target = nxt


fetch_page = sync_facade(afetch_page)
