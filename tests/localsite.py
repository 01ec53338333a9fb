"""A small news site on 127.0.0.1 for the fetch, SSRF and CLI tests.

It serves the HTML fixtures in fixtures/articles with the headers a real
server would send, and the awkward cases: a PDF, JSON, an empty page,
redirect chains and loops, a 404, a slow answer, bodies over the size cap
(declared, streamed and gzip-expanded), and redirects to private addresses
and other schemes.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
BIG = 6_000_000  # over the 5 MB default cap
SLOW_SECONDS = 1.5


def _page(name: str, content_type: str | None, **headers: str) -> Response:
    response = Response((ARTICLES / name).read_bytes(), headers=headers)
    if content_type is None:
        del response.headers["Content-Type"]
    else:
        response.headers["Content-Type"] = content_type
    return response


def _redirect(location: str, status: int = 302) -> Response:
    return Response("", status=status, headers={"Location": location})


def _slow(_: Request) -> Response:
    time.sleep(SLOW_SECONDS)
    return _page("seed.html", "text/html; charset=utf-8")


def _streamed(_: Request) -> Response:
    def chunks() -> Iterator[bytes]:
        block = b"<p>" + b"filler " * 9000 + b"</p>\n"
        sent = 0
        while sent < BIG:
            yield block
            sent += len(block)

    return Response(chunks(), content_type="text/html; charset=utf-8")


def start_site() -> HTTPServer:
    """A started server with every route registered; stop it with `.stop()`."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    routes: dict[str, Response] = {
        "/seed.html": _page("seed.html", "text/html; charset=utf-8"),
        "/seed-gzip.html": Response(
            gzip.compress((ARTICLES / "seed.html").read_bytes()),
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        ),
        "/untyped": _page("seed.html", None),
        "/seed.txt": _page("balochistan-ians.txt", "text/plain; charset=utf-8"),
        "/cp1252.html": _page("cp1252-header.html", "text/html; charset=windows-1252"),
        "/latin1-meta.html": _page("latin1-meta.html", "text/html"),
        "/undeclared.txt": _page("cp1252-undeclared.txt", "text/plain"),
        "/report.pdf": _page("report.pdf", "application/pdf"),
        "/data.json": Response('{"headline": "x"}', content_type="application/json"),
        "/empty.html": _page("empty.html", "text/html; charset=utf-8"),
        "/missing": Response("<h1>Not Found</h1>", status=404, content_type="text/html"),
        "/big-declared": Response(b"x" * BIG, content_type="text/html"),
        "/big-gzip.html": Response(
            gzip.compress(b"<html><body>" + b"<p>filler text</p>" * (BIG // 18 + 1) + b"</body></html>"),
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        ),
        "/loop/a": _redirect("/loop/b"),
        "/loop/b": _redirect(f"{base}/loop/a", 301),
        "/to-private": _redirect(f"{base}/seed.html"),
        "/to-localhost": _redirect(f"http://localhost:{server.port}/seed.html", 307),
        "/to-file": _redirect("file:///etc/passwd"),
        "/to-wire": _redirect(f"http://wire.test:{server.port}/to-private"),  # public -> public -> private
        "/no-location": Response("", status=302),
    }
    for n in range(1, 8):  # /hop/N: N redirects, then the seed page
        routes[f"/hop/{n}"] = _redirect(f"/hop/{n - 1}" if n > 1 else "/seed.html", 301 if n % 2 else 308)
    for path, response in routes.items():
        server.expect_request(path).respond_with_response(response)
    server.expect_request("/slow").respond_with_handler(_slow)
    server.expect_request("/big-streamed").respond_with_handler(_streamed)
    return server
