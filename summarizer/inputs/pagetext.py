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

The main-text sequence is trafilatura's `trafilatura_sequence` step for step (`_sequence`,
for our options: comments off, balanced focus) with two changes that cannot alter its
answer: its recall escalation asks whether the extraction covers under a fifth of the
page's text, `html2txt(tree)`, a copy, a regex-callback XPath and a text pass over the
whole page (0.7 ms of a 3.5 ms `extract` on the seed page). An upper bound of that
length, computed in C, answers "no" without it on most news pages; only when the bound
cannot decide is `html2txt` run. Likewise its readability fallback is skipped when a bound
on readability's answer proves it cannot replace the main extraction
(`_readability_cannot_win`). This follows one trafilatura release (`FOLLOWED_RELEASE`;
`tests/test_pagetext.py` pins its sources of these steps); under any other, trafilatura's
own sequence runs.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml.etree import Element, XPath
from lxml.html import HtmlElement
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

#: The trafilatura release whose main-text steps `_sequence` follows step for step (their
#: sources are pinned in tests/test_pagetext.py). Under any other release, or one laid out
#: otherwise, trafilatura's own `trafilatura_sequence` runs: slower, never different.
FOLLOWED_RELEASE = "2.3.1"
try:
    from trafilatura.baseline import baseline, html2txt
    from trafilatura.core import (
        ESCALATION_ACCEPT_RATIO,
        ESCALATION_JUSTEXT_RATIO,
        ESCALATION_MAX_LENGTH,
        ESCALATION_PAGE_SHARE,
        _forum_thread_page,
        _prepare_tree,
        _recall_retry,
    )
    from trafilatura.external import (
        JUSTEXT_OVERRIDE_RATIO,
        SANITIZED_XPATH,
        compare_extraction,
        justext_rescue,
    )
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.main_extractor import extract_content
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    FOLLOWS_TRAFILATURA = getattr(trafilatura, "__version__", None) == FOLLOWED_RELEASE
except ImportError:  # pragma: no cover - another trafilatura layout: its own sequence
    FOLLOWS_TRAFILATURA = False


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


#: An upper bound of `len(html2txt(element))`: its text, plus the two spaces `html2txt` may add
#: around each element (it pads only block elements, deletes some, then collapses whitespace:
#: none of which can make the text longer than this).
_TEXT_BOUND = XPath("string-length(.) + 2 * count(descendant-or-self::*)")


def _page_text_length_over(tree: Any, length: int) -> bool:
    """Whether `len(html2txt(tree)) * ESCALATION_PAGE_SHARE` could exceed `length` (trafilatura's
    escalation test), answered from an upper bound when it can be, else by `html2txt` itself."""
    if isinstance(tree, HtmlElement):
        body = tree.find(".//body")  # what html2txt reads (on a copy)
        bound = _TEXT_BOUND(tree if body is None else body)
        if length >= ESCALATION_PAGE_SHARE * bound:
            return False
    return length < ESCALATION_PAGE_SHARE * len(html2txt(tree))


#: For an upper bound of the length of readability's answer on a tree holding no raw-text element
#: (`_RAW_TEXT`): its summary is a subset of the page's text nodes outside script, style and
#: fencedframe (which it drops, keeping their tails), moved, never copied, serialized and parsed
#: back (which leaves such text as it was), then trimmed.
_LENGTH = XPath("string-length(.)")
_DROPPED = ("script", "style", "fencedframe")


def _dropped_length(tree: Any) -> int:
    """The text readability drops first: script, style and fencedframe elements (outermost ones)."""
    return sum(
        int(_LENGTH(el)) for el in tree.iter(*_DROPPED) if next(el.iterancestors(*_DROPPED), None) is None
    )


#: Elements whose text a serialize-and-parse round trip may change or lengthen: raw-text elements
#: (entities stay written out), `iframe` (readability writes 'VIDEO' into video frames), and an
#: empty `title` (written `<title/>`, which an HTML parser may read as an open title swallowing the
#: markup after it as text).
_RAW_TEXT = ("iframe", "noembed", "noframes", "noscript", "xmp", "plaintext", "title")


def _has_raw_text(tree: Any) -> bool:
    """Whether `tree` holds one of `_RAW_TEXT` (a title only when empty). `iter` with tag names
    runs in C; an XPath predicate of seven `self::` tests took 3.6 ms on the 200 KB page."""
    return any(el.tag != "title" or (el.text is None and len(el) == 0) for el in tree.iter(*_RAW_TEXT))


def _readability_cannot_win(tree: Any, body: Any, len_text: int, options: Extractor) -> bool:
    """True when trafilatura's `_prefer_readability` (balanced focus) must answer False whatever
    readability extracts from `tree`: its answer is at most twice as long as ours, and ours is not
    structurally deficient (paragraph text, no more tables than paragraphs) or the bound is small."""
    if len_text == 0 or not isinstance(tree, HtmlElement) or _has_raw_text(tree):
        return False
    # the subtree's text (a copy of `tree` keeps its tail too) less what readability drops first
    bound = _LENGTH(tree) + len(tree.tail or "") - _dropped_length(tree)
    if bound > 2 * len_text:
        return False
    deficient = not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p"))
    return bound <= options.min_extracted_size * 2 or not deficient


def _extract_and_compare(
    cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Extractor
) -> tuple[Any, str]:
    """trafilatura's `_extract_and_compare` (main extractor, then `compare_extraction`) for the
    balanced focus; readability is not run when it cannot change the answer, and the rest of
    `compare_extraction` (the justext check) runs as it would after readability lost."""
    postbody, temp_text = extract_content(cleaned_tree, options)
    if options.fast:
        return postbody, temp_text
    if not _readability_cannot_win(tree, postbody, len(temp_text), options):
        return compare_extraction(cleaned_tree_backup, copy.copy(tree), postbody, temp_text, options)
    body, text, len_text = postbody, temp_text, len(temp_text)
    unclean = bool(body.xpath(SANITIZED_XPATH))
    if unclean or len_text < options.min_extracted_size:
        body2, text2 = justext_rescue(cleaned_tree_backup, options)
        len_text2 = len(text2)
        if unclean:
            accept = len_text <= JUSTEXT_OVERRIDE_RATIO * len_text2 and (
                len_text2 > len_text or not options.images or body.find(".//graphic") is None
            )
        else:
            accept = len_text < len_text2
        if text2 and accept:
            body, text = body2, text2
    return body, text


def _sequence(tree: Any, options: Extractor, url: str | None) -> tuple[Any, str, Any, str]:
    """`trafilatura_sequence(tree, options, url)` for comments off and balanced focus, the same
    steps in the same order; the escalation's page-text measure goes through
    `_page_text_length_over` (see the module's docstring). Other options: trafilatura's own."""
    if options.comments or options.focus != "balanced" or not FOLLOWS_TRAFILATURA:
        return trafilatura_sequence(tree, options, url)
    is_forum = _forum_thread_page(tree)
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    if not is_forum:
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned_tree, cleaned_tree_backup = _prepare_tree(tree, options, url)
    commentsbody, temp_comments = Element("body"), ""
    postbody, temp_text = _extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    # 3. rescue: baseline on the original tree, accepted only if it adds text
    if len(temp_text) < options.min_extracted_size:
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text
    # 4. recall escalation
    if 0 < len(temp_text) < ESCALATION_MAX_LENGTH and _page_text_length_over(tree, len(temp_text)):
        r_options = copy.copy(options)
        r_options.focus = "recall"
        esc_tree = tree  # comments off: already pruned
        r_text = ""
        with contextlib.suppress(Exception):  # trafilatura logs and goes on
            r_body, r_text = _recall_retry(esc_tree, r_options, url)
        j_text = ""
        if not options.fast:
            with contextlib.suppress(Exception):
                j_body, j_text = justext_rescue(copy.copy(esc_tree), options)
        len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
        if j_len > r_len and j_len > ESCALATION_JUSTEXT_RATIO * len_text:
            postbody, temp_text = j_body, j_text
        elif r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len_text:
            postbody, temp_text = r_body, r_text
    return postbody, temp_text, commentsbody, temp_comments


def page_parts(tree: Any, url: str | None) -> PageParts | None:
    """Main text and metadata of a parsed page (the tree is consumed); None when trafilatura
    finds too little text (as `bare_extraction` returns None)."""
    options = copy.copy(_options())  # the page's URL is set on a copy, as `Extractor(url=url)` sets it
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    meta = _metadata(tree, url)
    body, text, _, comments = _sequence(tree, options, url or meta.url)
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return None
    return PageParts(body, meta.title, meta.author, meta.url, meta.date, meta.sitename)
