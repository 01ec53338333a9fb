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

from summarizer.dateline import parse_dateline
from summarizer.inputs.errors import ArticleError
from summarizer.schemas import ArticleMeta

_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(value: str) -> str:
    """`value` if it is a real calendar date written YYYY-MM-DD; raises ArticleError otherwise."""
    if not _ISO_DATE.fullmatch(value):
        raise ArticleError(f"published date {value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ArticleError(f"published date {value!r} is not a calendar date") from None
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
    published: str | None = None,
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
    if published is not None:
        check_date(published)
    dateline, _ = parse_dateline(text)
    return ArticleMeta(
        text=text,
        title=title,
        url=url,
        published=published,
        dateline=meta.pop("dateline", None) or dateline,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        **meta,
    )
