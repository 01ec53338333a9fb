"""The SSRF guard: fetch articles from the public internet only, unless told otherwise.

A URL given to the tool is a request to open a connection on the user's (or a
server's) behalf, so by default the tool refuses:

* schemes other than http and https (file:, data:, gopher:, ftp:, ...);
* URLs carrying a user name or password (`http://example.com@127.0.0.1/`
  reads as example.com to a person and connects to 127.0.0.1);
* hosts that are, or resolve to, loopback, private, link-local, shared
  (CGNAT), reserved, multicast or unspecified addresses, IPv4 or IPv6,
  including IPv4-mapped, NAT64 and 6to4 forms and the legacy numeric IPv4
  spellings (`http://2130706433/`, `http://0x7f.1/`, `http://0177.0.0.1/`).
  A host is refused when any one of its addresses is.

The address check runs inside the connection itself (`GuardedBackend`): the
host is resolved once, every address is checked, and the socket connects to
one of those checked addresses. A DNS answer that changes between the check
and the connection (DNS rebinding) therefore cannot slip a private address
through, and every redirect hop opens its connection through the same check.
TLS still verifies the certificate against the host name in the URL.

Because the guard must see the address it connects to, environment proxies
(HTTP_PROXY, HTTPS_PROXY) are not used for article fetches.

`NetPolicy(allow_private_hosts=True)` (CLI `--allow-private-hosts`) turns the
address check off for intranet sources and tests; the scheme and credential
rules stay. `allowed_hosts` exempts named hosts only.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import anyio.abc
import anyio.to_thread
import httpcore2
import httpx2

from summarizer.inputs.errors import BlockedURL, DNSError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: (host, port) -> the addresses to connect to, as strings. Injectable for tests.
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = ("http", "https")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LEGACY_IPV4 = re.compile(r"(?i)(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}\.?")
_HINT = "(use --allow-private-hosts, or allow_private_hosts=True, for a private network)"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for *_, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric host such as '2130706433' or '0x7f.1' stands for (inet_aton rules)."""
    if not _LEGACY_IPV4.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except (OSError, ValueError):
        return None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def parse_ip(host: str) -> IPAddress | None:
    """The IP address a URL host denotes literally, or None for a name."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        return legacy_ipv4(bare)


def blocked_reason(ip: IPAddress) -> str | None:
    """Why an address is not on the public internet, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d connects to a.b.c.d
            reason = blocked_reason(ip.ipv4_mapped)
            return f"an IPv6 form of {ip.ipv4_mapped}, {reason}" if reason else None
        embedded = ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo:
            embedded = ip.teredo[1]
        if embedded is not None and (reason := blocked_reason(embedded)):
            return f"an IPv6 form of {embedded}, {reason}"
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "the unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True)
class NetPolicy:
    """What the fetcher may connect to. The default is strict; see the module docstring."""

    allow_private_hosts: bool = False
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    resolver: Resolver = system_resolver

    def _exempt(self, host: str) -> bool:
        return self.allow_private_hosts or host.lower().rstrip(".") in self.allowed_hosts

    def check_url(self, url: str | httpx2.URL) -> httpx2.URL:
        """The parsed URL if its scheme, credentials and literal address are acceptable."""
        text = str(url)
        try:
            # White space around a pasted URL is no part of it (else " http://..." reads as
            # a URL without a scheme).
            parsed = url if isinstance(url, httpx2.URL) else httpx2.URL(url.strip())
        except httpx2.InvalidURL as exc:
            raise BlockedURL(text, f"refused: not a valid URL ({exc})") from None
        if parsed.scheme not in ALLOWED_SCHEMES:
            scheme = f"{parsed.scheme}: URLs are" if parsed.scheme else "URLs without a scheme are"
            raise BlockedURL(text, f"refused: {scheme} not fetched (only http and https)")
        if parsed.userinfo:
            raise BlockedURL(text, "refused: URLs with a user name or password are not fetched")
        host = parsed.host
        if not host:
            raise BlockedURL(text, "refused: the URL has no host")
        ip = parse_ip(host)
        if ip is not None and not self._exempt(host):
            reason = blocked_reason(ip)
            if reason:
                literal = _is_literal(host)
                where = f"{host} is" if literal else f"host {host} means {ip},"
                raise BlockedURL(text, f"refused: {where} {reason} {_HINT}")
        return parsed

    def addresses(self, host: str, port: int) -> list[str]:
        """Resolve `host` and return its addresses if every one is allowed."""
        try:
            found = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise DNSError(host, f"cannot resolve host {host} ({detail})") from None
        if not found:
            raise DNSError(host, f"cannot resolve host {host} (no addresses)")
        if self._exempt(host):
            return found
        for address in found:
            try:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
            except ValueError:
                raise BlockedURL(
                    host, f"refused: host {host} resolves to {address!r}, not an IP address"
                ) from None
            reason = blocked_reason(ip)
            if reason:
                where = f"{host} is" if host == address else f"host {host} resolves to {address},"
                raise BlockedURL(host, f"refused: {where} {reason} {_HINT}")
        return found


class GuardedBackend(httpcore2.AsyncNetworkBackend):
    """httpcore's anyio backend, connecting only to addresses the policy has just checked.

    Name resolution (a blocking call) runs in a worker thread; an IP address written as one
    needs no look-up, so the system resolver answers it in the event loop without the thread.
    """

    def __init__(self, policy: NetPolicy) -> None:
        self._policy = policy
        self._inner = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        if self._policy.resolver is system_resolver and _is_literal(host):
            addresses = self._policy.addresses(host, port)  # getaddrinfo of a numeric host never blocks
        else:
            addresses = await anyio.to_thread.run_sync(self._policy.addresses, host, port)
        direct = _DIRECT and local_address is None and not socket_options
        last: Exception | None = None
        for address in addresses:
            try:
                if direct:
                    return await _connect_checked(address, port, timeout)
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore2.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        raise BlockedURL(path, "refused: unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


try:  # httpcore's stream over an anyio socket stream (not exported; without it, its backend connects)
    from httpcore2._backends.anyio import AnyIOStream as _AnyIOStream
except ImportError:  # pragma: no cover - another httpcore2 layout
    _DIRECT = False
else:  # anyio 4.7 and later
    _DIRECT = hasattr(anyio, "wait_writable") and hasattr(anyio.abc.SocketStream, "from_socket")


async def _connect_checked(address: str, port: int, timeout: float | None) -> httpcore2.AsyncNetworkStream:
    """A TCP connection to one address the policy has checked, as `httpcore2.AnyIOBackend` makes it
    (same errors: `ConnectTimeout`, `ConnectError` caused by the OS error) but without
    `anyio.connect_tcp`'s happy-eyeballs race (a task group, a task, an event and a cancellation),
    which is for a name with several addresses: here the addresses are tried in turn by the caller,
    and the race cost 0.3 ms of CPU of a 2 ms fetch."""
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        with anyio.fail_after(timeout):
            try:
                sock.connect((address, port))
            except BlockingIOError:  # in progress: wait until it is done, then read its outcome
                await anyio.wait_writable(sock)
                if error := sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    raise OSError(error, os.strerror(error)) from None
            stream = await anyio.abc.SocketStream.from_socket(sock)
    except TimeoutError as exc:
        sock.close()
        raise httpcore2.ConnectTimeout(str(exc) or "timed out connecting") from exc
    except OSError as exc:
        sock.close()
        raise httpcore2.ConnectError(str(exc)) from exc
    except BaseException:
        sock.close()
        raise
    return _AnyIOStream(stream)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying context (the OS trust store) per process: loading it costs ~35 ms."""
    return httpx2.create_ssl_context()


def guarded_transport(policy: NetPolicy) -> httpx2.AsyncHTTPTransport:
    """An async httpx2 transport whose every connection goes through `GuardedBackend`."""
    transport = httpx2.AsyncHTTPTransport(verify=_ssl_context(), retries=0)
    # httpx2 takes no network backend argument; its transport keeps the pool in `_pool`.
    transport._pool = httpcore2.AsyncConnectionPool(
        ssl_context=_ssl_context(), network_backend=GuardedBackend(policy)
    )
    return transport
