"""Why an article could not be fetched or read, as typed errors with one-line messages.

Every error names the URL (or file) and the problem in words a user
understands; `str(err)` is "<source>: <problem>", and the CLI prints
`err.problem` after the input it was given. URLs in messages pass through
`redact_url` so that credentials or tokens in a URL never reach a terminal
or a log.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

from summarizer.pipeline import ArticleError

_SECRET_PARAM = re.compile(
    r"(?i)^(?:.*(?:key|token|secret|passw|signature).*|sig|auth|code|session|sessionid)$"
)


def redact_url(url: str) -> str:
    """The URL with any password and secret-looking query values replaced by '***'."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a bad IPv6 literal: redact by pattern, keep the rest readable
        url = re.sub(r"//([^/@:]*):[^/@]*@", r"//\1:***@", url)
        return re.sub(
            r"(?i)([?&][^=&#]*(?:key|token|secret|passw|signature|sig|auth|code|session)[^=&#]*=)[^&#]*",
            r"\1***",
            url,
        )
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    query = parts.query
    if query:
        pairs = []
        for pair in query.split("&"):
            name, eq, value = pair.partition("=")
            pairs.append(f"{name}=***" if eq and value and _SECRET_PARAM.match(name) else pair)
        query = "&".join(pairs)
    return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, query, parts.fragment))


class FetchError(Exception):
    """An article could not be fetched or read. `problem` is the one-line reason."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = redact_url(source) if "://" in source else source
        self.problem = " ".join(problem.split())  # one line, whatever the server sent
        super().__init__(f"{self.source}: {self.problem}")


class BlockedURL(FetchError):
    """The SSRF guard refused the URL: scheme, credentials or a non-public address."""


class DNSError(FetchError):
    """The host name does not resolve."""


class ConnectError(FetchError):
    """No connection could be made (refused, unreachable, TLS failure)."""


class FetchTimeout(FetchError):
    """Connecting, or reading the response, took longer than allowed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx, 5xx)."""

    def __init__(self, source: str, problem: str, status_code: int) -> None:
        super().__init__(source, problem)
        self.status_code = status_code


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a redirect loop."""


class TooLarge(FetchError):
    """The response is larger than the size cap."""


class UnsupportedContent(FetchError, ArticleError):
    """Not HTML or plain text (a PDF, an image, JSON, a binary file)."""


class NotAnArticle(FetchError, ArticleError):
    """The page was read but no article text was found in it."""
