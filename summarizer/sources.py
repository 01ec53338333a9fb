"""Batch inputs: lines naming articles (URLs or files), turned into `ArticleMeta`.

An inputs file holds one input a line: an http(s) URL, `@path`, or the path
of an existing file. Blank lines and lines starting with `#` are skipped, and
a line given twice is one input. Relative paths are tried against the current
directory first, then against the inputs file's own directory.

Fetching and file reading live in `summarizer.article` (another module, with
its own rules on redirects, private hosts and charsets); it is imported when
first needed so this module works, for files, without it.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.pipeline import ArticleError, make_article
from summarizer.schemas import ArticleMeta

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class InputError(ValueError):
    """An input line names nothing this tool can read."""


class FetchUnavailable(RuntimeError):
    """URLs need `summarizer.article`, which this installation lacks."""


@dataclass(frozen=True)
class Source:
    """One input: `line` as written (the key of its result record) and what it names."""

    line: str
    kind: str  # "url" or "file"
    target: str  # the URL, or the resolved file path

    @property
    def host(self) -> str:
        if self.kind != "url":
            return ""
        try:
            return (urlsplit(self.target).hostname or "").lower()
        except ValueError:  # 'http://[::ffff:127.1]/': the fetch refuses it with a typed error
            return ""


def read_lines(path: str | os.PathLike[str]) -> list[str]:
    """The inputs in a file: stripped, blank lines and `#` comments skipped, duplicates dropped."""
    return unique_lines(Path(path).read_text(encoding="utf-8-sig").splitlines())


def unique_lines(lines: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for raw in lines:
        line = raw.strip()
        if line and not line.startswith("#"):
            seen.setdefault(line, None)
    return list(seen)


def classify(line: str, base_dir: Path | None = None) -> Source:
    """What an input line names; raises InputError when it names nothing readable."""
    lowered = line.lower()
    if lowered.startswith(("http://", "https://")):
        return Source(line, "url", line)
    if _SCHEME.match(line):
        raise InputError(f"unsupported URL scheme in {line[:200]!r}: only http and https are fetched")
    explicit = line.startswith("@")
    name = line[1:].strip() if explicit else line
    candidates = [Path(name).expanduser()]
    if base_dir is not None and not candidates[0].is_absolute():
        candidates.append(base_dir / name)
    for path in candidates:
        if path.is_file():
            return Source(line, "file", str(path))
    if explicit:
        raise InputError(f"no such file: {name[:200]!r}")
    raise InputError(f"not an http(s) URL and no such file: {line[:200]!r}")


def _read_file(path: str) -> ArticleMeta:
    """The article in a file, through `summarizer.article` when present, else as UTF-8 text."""
    try:
        from summarizer.article import article_from_file  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        pass
    else:
        result: ArticleMeta = article_from_file(path)
        return result
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text") from None
    return make_article(text)


class Loader:
    """Loads sources into articles, at most `per_host` fetches at once to any one host."""

    def __init__(self, *, per_host: int = 4, allow_private_hosts: bool = False) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self.allow_private_hosts = allow_private_hosts
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _limit(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.per_host)
        return self._hosts[host]

    async def load(self, source: Source) -> ArticleMeta:
        if source.kind == "file":
            # Read in the loop: a local article is read in microseconds, less than a
            # hop to a worker thread costs.
            return _read_file(source.target)
        try:
            from summarizer.article import afetch_article  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise FetchUnavailable(
                "fetching URLs needs summarizer.article, which this installation lacks"
            ) from None
        async with self._limit(source.host):
            article: ArticleMeta = await afetch_article(
                source.target, allow_private_hosts=self.allow_private_hosts
            )
        return article
