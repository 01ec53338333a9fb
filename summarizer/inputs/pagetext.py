"""HTML page -> main-text tree and the metadata a digest uses, through trafilatura's own parts.

`trafilatura.bare_extraction` deep-copies a tree it is handed, and with metadata on
it also looks for categories, tags, licence, description and image, none of which a
digest keeps. Here the same trafilatura steps run in the same order on our tree
(already parsed and stripped of hidden text by `article.py`): its metadata steps for
title, author, canonical URL, date and site name only (`extract_metadata`, cut
before categories), then its main-text sequence. The tree is ours and used once, so
it is not copied first; trafilatura's own cleaning still works on its copy. The
author search is `inputs/author.py`: trafilatura's answer without its whole-tree copy
and per-element regex callbacks.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
from dataclasses import dataclass
from typing import Any

from trafilatura.core import trafilatura_sequence
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    find_date,  # htmldate's, as trafilatura imports it (no dependency of our own)
)
from trafilatura.settings import Document, Extractor, set_date_params

from summarizer.inputs.author import page_author


def _date_params() -> dict[str, Any]:
    """htmldate without its extensive search, as `article.py` asked of bare_extraction.

    Built per day, not once at import: its latest allowed date is today, and a long-running
    process (a batch, the review app) must accept a page dated after midnight."""
    return _params_for(datetime.date.today())


@functools.lru_cache(maxsize=2)
def _params_for(day: datetime.date) -> dict[str, Any]:
    return set_date_params(extensive=False) | {"max_date": day.isoformat()}


@dataclass
class PageParts:
    """What `article_from_html` takes from a page."""

    body: Any  # trafilatura's main-text tree, or None
    title: str | None
    author: str | None
    url: str | None
    date: str | None
    sitename: str | None


def _metadata(tree: Any, url: str | None) -> Document:
    """trafilatura's `extract_metadata`, steps for the digest's fields only, in its order."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.author:
        meta.author = page_author(tree)
    if not meta.url:
        meta.url = extract_url(tree, url)
    meta.date = find_date(tree, **{**_date_params(), "url": meta.url})
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (found := META_URL.match(meta.url)):
        meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


@functools.cache
def _options() -> Extractor:
    """trafilatura's options for the main text, built once: each build reads eight settings from
    its config and asks for the local time zone (0.04 ms, about 1.5% of an `extract`)."""
    return Extractor(output_format="python", comments=False, with_metadata=True)


def page_parts(tree: Any, url: str | None) -> PageParts | None:
    """Main text and metadata of a parsed page (the tree is consumed); None when trafilatura
    finds too little text (as `bare_extraction` returns None)."""
    options = copy.copy(_options())  # the page's URL is set on a copy, as `Extractor(url=url)` sets it
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    meta = _metadata(tree, url)
    body, text, _, comments = trafilatura_sequence(tree, options, url or meta.url)
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return None
    return PageParts(body, meta.title, meta.author, meta.url, meta.date, meta.sitename)
