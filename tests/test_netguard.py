"""The SSRF guard: schemes, credentials, encoded and resolved private addresses, redirect hops."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from pytest_httpserver import HTTPServer

from summarizer.inputs.errors import BlockedURL, ConnectError, DNSError, redact_url
from summarizer.inputs.fetch import FetchOptions, fetch_page
from summarizer.inputs.loader import fetch_article
from summarizer.inputs.netguard import NetPolicy, blocked_reason, legacy_ipv4, system_resolver

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

#: Rows of docs/reliability.md shared by several tests below.
RESOLVED = pytest.mark.reliability(
    "host name resolving to a private address", outcome="BlockedURL after resolution, before connecting"
)
REDIRECTED = pytest.mark.reliability(
    "redirect to a private address or another scheme", outcome="BlockedURL at the hop; nothing fetched there"
)


def public_resolver(mapping: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """A resolver answering from `mapping`, as a DNS server would, else the system's."""

    def resolve(host: str, port: int) -> list[str]:
        return mapping[host] if host in mapping else system_resolver(host, port)

    return resolve


@pytest.mark.reliability(
    "URL with another scheme (file:, data:, gopher:, ftp:, javascript:, none)",
    outcome="BlockedURL before any connection",
)
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "data:text/html,<p>hi</p>",
        "gopher://127.0.0.1:70/_x",
        "ftp://example.com/article.txt",
        "javascript:alert(1)",
        "example.com/no-scheme",
    ],
)
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(BlockedURL) as err:
        NetPolicy().check_url(url)
    assert "refused" in err.value.problem
    assert "\n" not in str(err.value)


@pytest.mark.reliability(
    "URL naming a private, loopback, link-local or metadata address (plain or encoded)",
    outcome="BlockedURL before any connection; allowed by the opt-out",
)
@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://2130706433/", "127.0.0.1"),  # decimal
        ("http://0x7f.1/", "127.0.0.1"),  # hex, short form
        ("http://0x7f000001/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        ("http://0x7f.0.0.1/", "127.0.0.1"),  # hex, dotted
        ("http://0177.1/", "127.0.0.1"),  # octal, short form
        ("http://017700000001/", "127.0.0.1"),  # octal, one number
        ("http://127.0.0.1./", "127.0.0.1"),  # trailing dot
        ("http://10.0.0.5/", "10.0.0.5"),
        ("http://192.168.1.1:8080/admin", "192.168.1.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),  # cloud metadata
        ("http://100.64.0.1/", "100.64.0.1"),  # shared address space (CGNAT)
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://240.0.0.1/", "240.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[::]/", "::"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[fc00::1]/", "fc00::1"),
        ("http://[ff02::1]/", "ff02::1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),  # IPv4-mapped
        ("http://[::ffff:a00:1]/", "::ffff:10.0.0.1"),
        ("http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1"),  # NAT64
        ("http://[2002:7f00:1::]/", "2002:7f00:1::"),  # 6to4
    ],
)
def test_private_and_encoded_addresses_are_refused(url: str, address: str) -> None:
    with pytest.raises(BlockedURL) as err:
        NetPolicy().check_url(url)
    assert "--allow-private-hosts" in err.value.problem
    assert blocked_reason(ipaddress.ip_address(address)) is not None
    NetPolicy(allow_private_hosts=True).check_url(url)  # the opt-out lets them through


@pytest.mark.reliability(
    "URL naming a private, loopback, link-local or metadata address (plain or encoded)",
    outcome="BlockedURL as an invalid URL, even with the opt-out",
)
@pytest.mark.parametrize("url", ["http://0177.0.0.1/", "http://127.000.000.001/"])
def test_zero_padded_octal_addresses_are_refused_as_invalid(url: str) -> None:
    """inet_aton reads 0177.0.0.1 as 127.0.0.1; the URL parser refuses it, so nothing connects."""
    for policy in (NetPolicy(), NetPolicy(allow_private_hosts=True)):
        with pytest.raises(BlockedURL, match="refused"):
            policy.check_url(url)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_legacy_numeric_hosts() -> None:
    assert str(legacy_ipv4("2130706433")) == "127.0.0.1"
    assert str(legacy_ipv4("0x7f.1")) == "127.0.0.1"
    assert str(legacy_ipv4("017700000001")) == "127.0.0.1"  # octal
    assert legacy_ipv4("example.com") is None
    assert legacy_ipv4("cafe.example") is None


@pytest.mark.reliability("user name or password in the URL", outcome="BlockedURL; the password never echoed")
@pytest.mark.parametrize(
    "url",
    ["http://example.com@127.0.0.1/", "http://user:secret@example.com/", "https://a@b@example.com/"],
)
def test_credentials_in_urls_are_refused_and_never_echoed(url: str) -> None:
    with pytest.raises(BlockedURL) as err:
        NetPolicy(allow_private_hosts=True).check_url(url)
    assert "user name or password" in err.value.problem
    assert "secret" not in str(err.value)


def test_redact_url_hides_passwords_and_tokens() -> None:
    shown = redact_url("https://bob:hunter2@example.com/a?id=4&api_key=XYZ&token=abc&page=2")
    assert "hunter2" not in shown and "XYZ" not in shown and "abc" not in shown
    assert "id=4" in shown and "page=2" in shown and "bob" in shown


@RESOLVED
def test_host_resolving_to_loopback_is_refused_at_connect_time() -> None:
    """A name (no literal address) passes the URL check; the connection is refused after resolution."""
    policy = NetPolicy(resolver=public_resolver({"evil.test": ["127.0.0.1"]}))
    policy.check_url("http://evil.test/")
    with pytest.raises(BlockedURL) as err:
        fetch_page("http://evil.test/", policy=policy)
    assert "evil.test resolves to 127.0.0.1, a loopback address" in err.value.problem
    assert err.value.source == "http://evil.test/"


@RESOLVED
@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.7", "private"),
        ("169.254.169.254", "link-local"),  # a name for the cloud metadata service
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
    ],
)
def test_dns_answer_naming_a_private_address_is_refused(address: str, kind: str) -> None:
    """The resolver is the attacker's: whatever it answers is checked before connecting."""
    policy = NetPolicy(resolver=public_resolver({"rebind.test": [address]}))
    with pytest.raises(BlockedURL, match=rf"rebind\.test resolves to .*, a {kind} address"):
        fetch_page("http://rebind.test/article", policy=policy)


@RESOLVED
def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    policy = NetPolicy(resolver=public_resolver({"mixed.test": ["93.184.216.34", "10.1.2.3"]}))
    with pytest.raises(BlockedURL, match=r"10\.1\.2\.3, a private address"):
        fetch_page("http://mixed.test/", policy=policy)


@RESOLVED
def test_localhost_by_name_is_refused_by_default(site: HTTPServer) -> None:
    with pytest.raises(BlockedURL, match="loopback"):
        fetch_article(f"http://localhost:{site.port}/seed.html")


def test_loopback_refused_by_default_and_allowed_with_the_opt_out(site: HTTPServer) -> None:
    url = site.url_for("/seed.html")
    with pytest.raises(BlockedURL) as err:
        fetch_article(url)
    assert str(err.value) == (
        f"{url}: refused: 127.0.0.1 is a loopback address "
        "(use --allow-private-hosts, or allow_private_hosts=True, for a private network)"
    )
    article = fetch_article(url, allow_private_hosts=True)
    assert article.title == "BLA claims coordinated attacks across Balochistan"


@REDIRECTED
def test_redirect_from_a_public_host_to_a_private_address_is_refused(site: HTTPServer) -> None:
    """news.test stands for a public site: resolved to the test server and exempted by name."""
    policy = NetPolicy(
        allowed_hosts=frozenset({"news.test"}),
        resolver=public_resolver({"news.test": ["127.0.0.1"]}),
    )
    ok = fetch_page(f"http://news.test:{site.port}/seed.html", policy=policy)
    assert ok.status == 200
    with pytest.raises(BlockedURL) as err:
        fetch_page(f"http://news.test:{site.port}/to-private", policy=policy)
    assert f"redirect to http://127.0.0.1:{site.port}/seed.html refused" in err.value.problem
    assert err.value.source == f"http://news.test:{site.port}/to-private"


@REDIRECTED
def test_redirect_chain_public_then_public_then_private_is_refused_at_the_last_hop(site: HTTPServer) -> None:
    """news.test -> wire.test -> 127.0.0.1: each hop is checked, not only the first URL."""
    policy = NetPolicy(
        allowed_hosts=frozenset({"news.test", "wire.test"}),
        resolver=public_resolver({"news.test": ["127.0.0.1"], "wire.test": ["127.0.0.1"]}),
    )
    served = len(site.log)
    with pytest.raises(BlockedURL) as err:
        fetch_page(f"http://news.test:{site.port}/to-wire", policy=policy)
    assert f"redirect to http://127.0.0.1:{site.port}/seed.html refused" in err.value.problem
    assert err.value.source == f"http://news.test:{site.port}/to-wire"
    assert [req.path for req, _ in site.log[served:]] == ["/to-wire", "/to-private"]  # seed never asked


@REDIRECTED
def test_redirect_to_a_private_name_is_refused_at_connect_time(site: HTTPServer) -> None:
    policy = NetPolicy(
        allowed_hosts=frozenset({"news.test"}),
        resolver=public_resolver({"news.test": ["127.0.0.1"], "localhost": ["127.0.0.1"]}),
    )
    with pytest.raises(
        BlockedURL, match=r"redirect to .*localhost.* refused: host localhost resolves to 127\.0\.0\.1"
    ):
        fetch_page(f"http://news.test:{site.port}/to-localhost", policy=policy)


@REDIRECTED
def test_redirect_to_another_scheme_is_refused_even_when_private_hosts_are_allowed(site: HTTPServer) -> None:
    with pytest.raises(
        BlockedURL, match=r"redirect to file:///etc/passwd refused: file: URLs are not fetched"
    ):
        fetch_page(site.url_for("/to-file"), FetchOptions(allow_private_hosts=True))


def test_unresolvable_host_is_a_dns_error() -> None:
    def no_such_host(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(DNSError) as err:
        fetch_page("https://no-such-host.example/", policy=NetPolicy(resolver=no_such_host))
    assert str(err.value) == (
        "https://no-such-host.example/: cannot resolve host no-such-host.example (Name or service not known)"
    )


@RESOLVED
async def test_async_fetch_uses_the_same_guard(site: HTTPServer) -> None:
    from summarizer.inputs.fetch import afetch_page

    with pytest.raises(BlockedURL, match="loopback"):
        await afetch_page(site.url_for("/seed.html"))
    policy = NetPolicy(resolver=public_resolver({"evil.test": ["127.0.0.1"]}))
    with pytest.raises(BlockedURL, match=r"evil\.test resolves to 127\.0\.0\.1"):
        await afetch_page(f"http://evil.test:{site.port}/seed.html", policy=policy)
    page = await afetch_page(site.url_for("/seed.html"), FetchOptions(allow_private_hosts=True))
    assert page.status == 200


@pytest.mark.block_network(allowed_hosts=["127.0.0.1", "127.0.0.2"])
def test_a_refused_checked_address_falls_through_to_the_next_one(site: HTTPServer) -> None:
    """The guard connects to its checked addresses in turn, itself (no happy-eyeballs race):
    127.0.0.2 refuses (the site listens on 127.0.0.1 only), so the fetch uses 127.0.0.1;
    with only the refusing address it fails with the OS's words."""
    from summarizer.inputs import netguard

    assert netguard._DIRECT  # httpcore2 and anyio as installed: the direct connection is in use
    both = NetPolicy(
        allow_private_hosts=True, resolver=public_resolver({"news.test": ["127.0.0.2", "127.0.0.1"]})
    )
    page = fetch_page(f"http://news.test:{site.port}/seed.html", policy=both)
    assert page.status == 200 and page.body
    refusing = NetPolicy(allow_private_hosts=True, resolver=public_resolver({"news.test": ["127.0.0.2"]}))
    with pytest.raises(ConnectError, match=r"cannot connect: \[Errno \d+\] Connection refused"):
        fetch_page(f"http://news.test:{site.port}/seed.html", policy=refusing)
