"""From a URL, an HTML page, a file or plain text to the `ArticleMeta` the pipeline reads.

HTML goes through trafilatura (main text without navigation, comments and
boilerplate, plus title, author, site name, publication date and canonical
URL); the text keeps one block (paragraph, heading, list) per paragraph,
separated by blank lines, because offsets, chunking and datelines depend on
paragraphs. A leading headline equal to the title is dropped: it is metadata,
not story text. Dates come only from the page's structured metadata (meta
tags, JSON-LD, <time>, the URL), never from a guess in the running text,
because the publication date anchors the year of every year-less date.

Before extraction, elements a reader never sees (the `hidden` attribute,
`display:none` or `visibility:hidden` inline styles, `aria-hidden="true"`) are
removed: trafilatura keeps some of them, and hidden text is where instructions
to a model are planted (see docs/reliability.md, "Prompt injection").
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.inputs.decoding import (
    HTML_TYPES,
    TEXT_TYPES,
    decode,
    describe_type,
    header_charset,
    media_type,
    sniff,
)
from summarizer.inputs.errors import ArticleError, FetchError, NotAnArticle, TooLarge, UnsupportedContent
from summarizer.inputs.fetch import FetchedPage
from summarizer.inputs.options import DEFAULT_MAX_BYTES
from summarizer.inputs.text import is_iso_date, make_article
from summarizer.schemas import ArticleMeta

if TYPE_CHECKING:
    from lxml import etree

__all__ = [
    "article_from_bytes",
    "article_from_file",
    "article_from_file_bytes",
    "article_from_html",
    "article_from_page",
    "article_from_text",
    "drop_hidden",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
#: A page whose longest block is shorter than this holds no story (menus, captions, a paywall stub).
MIN_BLOCK_WORDS = 8
_LANG_META = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: More attributes than any page needs; libxml2 checks them for duplicates pairwise, so 100,000
#: attributes on one tag took 108 s to parse (quadratic).
MAX_ATTRIBUTES = 1_000
#: More elements than a news page has (heavy ones hold ~10,000); trafilatura's time grows
#: faster than linearly past this (100,000 paragraphs: over 20 s).
MAX_ELEMENTS = 50_000
#: A tag (from its '<' to the next '<' or '>') longer than 2 * MAX_ATTRIBUTES characters: only those
#: can hold too many attributes, and the regex engine skips the short ones without a Python loop.
_LONG_TAG = re.compile(rf"<[^<>]{{{2 * MAX_ATTRIBUTES},}}")
#: Markup whose '<' and '=' are not attributes: comments, CDATA, and the bodies of scripts and styles.
_OPAQUE = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<(script|style)\b[^>]*>(.*?)(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
#: An inline style that hides its element: display:none or visibility:hidden, !important or not.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)


_WORD = re.compile(r"\w+")


@functools.cache  # compiled on the first HTML page: plain-text runs never load lxml
def _hiding_candidates() -> Any:
    from lxml.etree import XPath

    return XPath("//@hidden/.. | //@aria-hidden/.. | //@style/..")


def _same_words(a: str, b: str) -> bool:
    """The same words, case aside; `a` (a paragraph) is read only as far as `b` (a title) goes."""
    got = _WORD.finditer(a.casefold())
    for word in _WORD.findall(b.casefold()):
        m = next(got, None)
        if m is None or m.group() != word:
            return False
    return next(got, None) is None


def _language(tree: Any) -> str | None:
    """The page's declared language: <html lang>, else a content-language meta tag."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iterfind(".//meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language":
            candidates.append(meta.get("content"))
    for value in candidates:
        value = (value or "").split(",")[0].strip()
        if _LANG_META.match(value):
            return value.replace("_", "-")
    return None


def _markup_spans(html: str) -> list[tuple[int, int]]:
    """The stretches of `html` outside comments, CDATA sections and script/style bodies."""
    spans, pos = [], 0
    for opaque in _OPAQUE.finditer(html):
        start, end = opaque.span(2) if opaque.group(1) else opaque.span()
        spans.append((pos, start))
        pos = end
    spans.append((pos, len(html)))
    return spans


def _too_many_attributes(html: str) -> bool:
    """True when some tag has more than MAX_ATTRIBUTES attributes (checked only on long tags).

    Comments, CDATA and script or style bodies are skipped: a script holding a long
    string of `a=b` pairs is not a tag, and real news pages carry such scripts.
    """
    if _LONG_TAG.search(html) is None:  # no long tag anywhere (most pages): no spans to find
        return False
    for lo, hi in _markup_spans(html):
        for tag in _LONG_TAG.finditer(html, lo, hi):
            found = _ATTRIBUTE.finditer(html, tag.start() + 1, tag.end())
            if sum(1 for _ in zip(found, range(MAX_ATTRIBUTES + 1), strict=False)) > MAX_ATTRIBUTES:
                return True
    return False


def _node_count(tree: Any) -> int:
    """Elements, comments and processing instructions (what `tree.iter()` yields), counted in C."""
    return int(tree.xpath("count(//* | //comment() | //processing-instruction())"))


def _is_hidden(element: Any) -> bool:
    """True for an element a browser does not show, or shows to no one (aria-hidden)."""
    if element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def drop_hidden(tree: Any) -> int:
    """Remove hidden elements (with their children) from a parsed page, keeping the text after
    each; returns how many were removed. A page's own root is never removed."""
    # XPath picks the few elements with a hiding attribute in C; a Python loop over every
    # element of a 200 KB page cost as much as a fifth of trafilatura's extraction.
    # Attribute steps: libxml2 visits only the elements carrying the attribute; the union is in
    # document order, without duplicates, as `//*[@hidden or @aria-hidden or @style]` was.
    candidates = _hiding_candidates()(tree)
    doomed = [el for el in candidates if el.getparent() is not None and _is_hidden(el)]
    for element in doomed:
        parent = element.getparent()
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return len(doomed)


def _paragraphs(body: etree._Element | None) -> list[str]:
    """One string per top-level block of trafilatura's main-text tree."""
    if body is None:
        return []
    from trafilatura.xml import xmltotxt

    blocks = (xmltotxt(child, False).strip() for child in body)
    return [b for b in blocks if b]


def _text(text: str) -> str:
    """Plain text as given, with line endings made uniform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_from_html(
    data: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    *,
    published: str | None = None,
) -> ArticleMeta:
    """The article in an HTML page. `content_type` (the HTTP header) gives the charset, if any.

    `published` (YYYY-MM-DD), when given, overrides the page's own date.
    """
    import trafilatura  # imported on first HTML page: plain-text runs never load it

    from summarizer.inputs.pagetext import page_parts

    source = url or "<html>"
    html = data if isinstance(data, str) else decode(data, header_charset(content_type), html=True)
    if _too_many_attributes(html):
        raise NotAnArticle(source, f"a tag with more than {MAX_ATTRIBUTES:,} attributes: not a news page")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise NotAnArticle(source, "the page could not be parsed as HTML")
    if _node_count(tree) > MAX_ELEMENTS:
        raise NotAnArticle(source, f"more than {MAX_ELEMENTS:,} elements: not a news page")
    language = _language(tree)
    drop_hidden(tree)
    try:
        doc = page_parts(tree, url)  # trafilatura, asked only for what a digest keeps
    except AssertionError:  # lxml's cleaner on a tree it built itself: '<math><div></div><div>'
        raise NotAnArticle(source, "the page's markup is too broken to read") from None
    if doc is None:
        raise NotAnArticle(source, "no article text found on the page")
    paragraphs = _paragraphs(doc.body)
    title = (doc.title or "").strip() or None
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if not any(len(p.split()) >= MIN_BLOCK_WORDS for p in paragraphs):
        # trafilatura's fallback returns menus and captions when a page has no story
        raise NotAnArticle(source, "no article text found on the page")
    text = "\n\n".join(paragraphs)
    date = doc.date if is_iso_date(doc.date) else None
    return make_article(
        text,
        title=title,
        url=url,
        published=published or date,
        canonical_url=doc.url if doc.url and doc.url != url else None,
        author=doc.author or None,
        site_name=doc.sitename or None,
        language=language,
    )


def article_from_text(
    data: bytes | str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    charset: str | None = None,
) -> ArticleMeta:
    """Plain text as the article, exactly as given apart from uniform line endings."""
    text = data if isinstance(data, str) else decode(data, charset, html=False)
    return make_article(_text(text), title=title, url=url, published=published)


def article_from_bytes(
    data: bytes,
    content_type: str | None = None,
    *,
    source: str,
    url: str | None = None,
    published: str | None = None,
) -> ArticleMeta:
    """HTML or plain text, by the declared type or, without one, by the content itself."""
    mtype = media_type(content_type)
    if mtype in HTML_TYPES:
        kind = "html"
    elif mtype in TEXT_TYPES:
        kind = "text"
    elif mtype:
        what = describe_type(mtype)
        raise UnsupportedContent(source, f"unsupported content type {mtype}{f' ({what})' if what else ''}")
    else:
        kind = sniff(data)
    if kind == "html":
        return article_from_html(data, url, content_type, published=published)
    if kind == "text":
        return article_from_text(data, url=url, published=published, charset=header_charset(content_type))
    raise UnsupportedContent(source, f"this is {kind}, not an HTML or plain-text article")


def article_from_page(page: FetchedPage, *, published: str | None = None) -> ArticleMeta:
    """The article in a fetched page."""
    content_type = page.content_type + (f"; charset={page.charset}" if page.charset else "")
    try:
        return article_from_bytes(
            page.body, content_type or None, source=page.url, url=page.url, published=published
        )
    except FetchError:
        raise
    except ArticleError as exc:  # e.g. an empty text/plain body
        raise NotAnArticle(page.url, str(exc)) from None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def regular_size(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """The size of a local article, refusing what is not a regular file (a FIFO or a
    device would block or never end: `--file /dev/zero`, `--file /dev/stdout | cat`) and
    files over `max_bytes` (the fetch limit), before anything is read.
    OSError (FileNotFoundError, ...) as Python raises it."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        what = (
            "a directory"
            if stat.S_ISDIR(info.st_mode)
            else "a pipe or FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else (
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "a special file"
            )
        )
        raise UnsupportedContent(str(path), f"this is {what}, not a regular file")
    if info.st_size > max_bytes:
        raise TooLarge(str(path), f"the file is {_mb(info.st_size)}, over the {_mb(max_bytes)} limit")
    return info.st_size


def read_capped(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file `regular_size` accepted, refusing one that grew past `max_bytes`."""
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise TooLarge(str(path), f"the file is over the {_mb(max_bytes)} limit")
    return data


def read_local(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a local article: a regular file of at most `max_bytes` (see `regular_size`)."""
    regular_size(path, max_bytes)
    return read_capped(path, max_bytes)


def article_from_file(path: str | Path, *, published: str | None = None) -> ArticleMeta:
    """An article from a local file: .html/.htm/.xhtml through trafilatura, text as it is.

    Other suffixes are read by content; binary files raise `UnsupportedContent`.
    """
    path = Path(path)
    return article_from_file_bytes(path, read_local(path), published=published)  # OSError as raised


def article_from_file_bytes(path: str | Path, data: bytes, *, published: str | None = None) -> ArticleMeta:
    """The article in bytes read from the file `path`: its suffix, else its content, says HTML or text."""
    path = Path(path)
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else sniff(data)
    if path.suffix.lower() == ".txt" and kind == "html":
        kind = "text"
    if kind == "html":
        return article_from_html(data, published=published)
    if kind == "text":
        return article_from_text(data, published=published)
    raise UnsupportedContent(str(path), f"this is {kind}, not an HTML or plain-text article")
