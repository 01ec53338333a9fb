"""Article text validation: what the pipeline may assume about every `ArticleMeta` it gets.

Every loader (URL, file, standard input, a string in code) ends here, so an
empty, binary or malformed input is refused once, with one message, before
any backend sees it.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from pydantic import ValidationError

from summarizer.dateline import parse_dateline
from summarizer.inputs.errors import ArticleError
from summarizer.schemas import ArticleMeta

_SURROGATE = re.compile("[\ud800-\udfff]")
# ASCII digits only: `\d` and `int()` accept any script's digits (full-width "２０２５").
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_iso_date(value: object) -> bool:
    """A real calendar date written YYYY-MM-DD in ASCII digits ('2025-02-30' and
    '9999-99-99' are not)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_date(value: str) -> str:
    """`value` if it is a real calendar date written YYYY-MM-DD; raises ArticleError otherwise."""
    if not is_iso_date(value):
        raise ArticleError(f"published date {str(value)[:40]!r} is not a real date written YYYY-MM-DD")
    return value


def _published(value: object) -> str | None:
    """The publication date as YYYY-MM-DD; a `datetime.date` is accepted and written so."""
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        raise ArticleError(f"published must be a YYYY-MM-DD string or a date, not {type(value).__name__}")
    return check_date(value)


def _meta_text(name: str, value: object) -> str | None:
    """A metadata string (title, url...), checked as the text is: a wrong type or a lone
    surrogate would otherwise fail later, untyped, or make a digest that cannot be written."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(f"{name} must be a string, not {type(value).__name__}")
    if (bad := _SURROGATE.search(value)) is not None:
        raise ArticleError(f"{name} is not valid Unicode: a lone surrogate at offset {bad.start()}")
    return value


def check_size(article: ArticleMeta, max_chars: int) -> None:
    """Refuse an article longer than `max_chars`: time, memory and model cost grow with it."""
    if len(article.text) > max_chars:
        raise ArticleError(
            f"article text is {len(article.text)} characters, more than max_article_chars={max_chars}"
        )


def make_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | datetime.date | None = None,
    **meta: Any,
) -> ArticleMeta:
    """Validate raw text and wrap it with its metadata; the text is kept exactly as given."""
    if not isinstance(text, str):
        raise ArticleError("article text must be a string")
    if "\x00" in text:
        raise ArticleError("article text contains NUL bytes: this looks like a binary file")
    if not text.strip():
        raise ArticleError("article text is empty")
    if (bad := _SURROGATE.search(text)) is not None:
        # Bytes decoded with errors="surrogateescape" land here; they cannot be hashed,
        # sent to a model or written as UTF-8.
        raise ArticleError(f"article text is not valid Unicode: a lone surrogate at offset {bad.start()}")
    if not any(ch.isalnum() for ch in text):
        # Zero-width characters, direction marks and punctuation alone are not an article.
        raise ArticleError("article text has no letters or digits")
    published = _published(published)
    title, url = _meta_text("title", title), _meta_text("url", url)
    for name in ("canonical_url", "author", "site_name", "language"):
        if name in meta:
            meta[name] = _meta_text(name, meta[name])
    dateline, _ = parse_dateline(text)
    try:
        return ArticleMeta(
            text=text,
            title=title,
            url=url,
            published=published,
            dateline=meta.pop("dateline", None) or dateline,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            **meta,
        )
    except ValidationError as exc:  # a metadata field of the wrong type
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "metadata"
        raise ArticleError(f"article metadata {where}: {first.get('msg', 'invalid')}") from None
