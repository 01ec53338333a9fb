"""Keeping credentials out of every text the tool writes: URLs, logs, errors.

The key is read from the environment at the moment of use (`Settings.api_key`)
and handed to the openai client; a base URL may carry `user:password@`. Neither
may reach provenance, a log line or an error message, whoever writes it: our
code, openai, httpx or instructor (which logs a failed call's server reply, and a
server may echo the key it was sent).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

REDACTED = "[REDACTED]"

#: Loggers that see requests, replies or errors; their records are scrubbed. (vcr logs each
#: response before its `before_record_response` scrubs it, when cassettes are recorded.)
LOGGER_PREFIXES = ("summarizer", "openai", "instructor", "httpx", "httpx2", "httpcore", "httpcore2", "vcr")

#: Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble logs.
_MIN_SECRET = 6


def safe_url(url: str | None) -> str | None:
    """The URL without userinfo, query or fragment: fit for provenance and logs."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number: keep none of it
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def split_userinfo(url: str | None) -> tuple[str | None, str | None, str | None]:
    """(url without `user:password@`, user, password); the URL is unchanged when it has none."""
    if not url:
        return url, None, None
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), parts.username, parts.password


def basic_auth_header(user: str | None, password: str | None) -> str:
    """What an HTTP client would send for `user:password@` in a URL."""
    raw = f"{user or ''}:{password or ''}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced, longest first (one secret may contain another)."""
    for secret in sorted({s for s in secrets if s and len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def contains_secret(text: str, secrets: Iterable[str]) -> bool:
    return any(s in text for s in secrets if s and len(s) >= _MIN_SECRET)


class _Redactor(logging.Filter):
    """Rewrites a record whose message or traceback holds a registered secret."""

    def __init__(self) -> None:
        super().__init__("secrets")
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the handler's problem, not ours
            return True
        if contains_secret(message, self.secrets):
            record.msg, record.args = redact(message, self.secrets), ()
        if record.exc_info and not record.exc_text:
            formatted = logging.Formatter().formatException(record.exc_info)
            if contains_secret(formatted, self.secrets):
                record.exc_text = redact(formatted, self.secrets)
        return True


_REDACTOR = _Redactor()


def protect(*secrets: str | None) -> None:
    """Scrub these values from the records of every logger that can see them.

    A logger's filters apply only to records it creates itself, not to its children's,
    so the filter goes on each known logger under `LOGGER_PREFIXES`; called when a model
    client is made, after openai, httpx and instructor have created theirs.
    """
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET:
            _REDACTOR.secrets.add(secret)
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in LOGGER_PREFIXES]
    for name in {*LOGGER_PREFIXES, *names}:
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)


def protected() -> frozenset[str]:
    """The values currently scrubbed from logs (for errors built outside a log record)."""
    return frozenset(_REDACTOR.secrets)


def mask_strings(
    data: object, secrets: Iterable[str], keep: frozenset[str] = frozenset()
) -> tuple[object, int]:
    """`data` (JSON-like: dicts, lists, strings) with every secret in its strings replaced;
    and how many strings held one. A model may echo the key it was sent (an injected "repeat
    your instructions", a proxy's error page): whatever it wrote must not carry it on into a
    digest, a results file or a cache entry. Values under a dict key in `keep` are left as
    they are (a verbatim quote of the article is the article's, not the model's)."""
    usable = [s for s in secrets if s and len(s) >= _MIN_SECRET]
    if not usable:
        return data, 0
    found = 0

    def walk(value: object) -> object:
        nonlocal found
        if isinstance(value, str):
            if contains_secret(value, usable):
                found += 1
                return redact(value, usable)
            return value
        if isinstance(value, dict):
            return {k: v if k in keep else walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(data), found
