"""Inputs: what a command-line argument or an inputs-file line names (a URL, a file, stdin).

An inputs file holds one input a line: an http(s) URL, `@path`, or the path
of an existing file. Blank lines and lines starting with `#` are skipped, and
a line given twice is one input. Relative paths are tried against the current
directory first, then against the inputs file's own directory.

`summarizer.inputs.loader` turns a `Source` into an `ArticleMeta`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from summarizer.inputs.errors import ArticleError

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class InputError(ArticleError):
    """An input line names nothing this tool can read."""


@dataclass(frozen=True)
class Source:
    """One input: `line` as written (the key of its result record) and what it names."""

    line: str
    kind: str  # "url", "file" or "stdin"
    target: str  # the URL, the resolved file path, or "-"

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


STDIN = Source("-", "stdin", "-")


def classify(line: str, base_dir: Path | None = None, *, dash_is_stdin: bool = False) -> Source:
    """What an input line names; raises InputError when it names nothing readable.

    On the command line (`dash_is_stdin`) a lone '-' means standard input.
    """
    if dash_is_stdin and line == "-":
        return STDIN
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
