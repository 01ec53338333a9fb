"""The public entry points: a `Summarizer` holding settings, and one-call functions."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.article import afetch_article, article_from_file, fetch_article
from summarizer.costs import PriceTable
from summarizer.fetch import FetchOptions
from summarizer.llm import ModelClient
from summarizer.pipeline import (
    adigest_with_model,
    check_size,
    digest_offline,
    digest_with_model,
    make_article,
)
from summarizer.schemas import ArticleDigest, ArticleMeta, DigestWarning
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.cache import Cache

log = logging.getLogger("summarizer")

OFFLINE_NOTICE = (
    "no model endpoint configured (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local "
    "server); using the offline extractor"
)


class Summarizer:
    """Settings and model clients kept for repeated use (connection reuse, one config).

    >>> s = Summarizer()                       # settings from the environment
    >>> digest = s.summarize_text(open("article.txt").read())
    >>> digest = s.summarize_url("https://example.com/news/story.html")

    `fetch` sets the limits and the SSRF policy of URL fetches (see `FetchOptions`).
    With `cache=Cache()` (summarizer.cache) an article already digested under
    the same settings is read from disk instead of asking the model again.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        fetch: FetchOptions | None = None,
        cache: Cache | None = None,
        **overrides: Any,
    ) -> None:
        self.settings = (settings or Settings.from_env()).with_(**overrides)
        self.fetch = fetch or FetchOptions()
        self.cache = cache
        self.prices: PriceTable | None = None
        self._client: ModelClient | None = None
        self._told_offline = False

    @property
    def client(self) -> ModelClient:
        if self._client is None:
            self._client = ModelClient(self.settings)
        return self._client

    def _offline_reason(self) -> DigestWarning | None:
        if self.settings.offline:
            return None
        if not self._told_offline:
            # Said once per Summarizer on stderr (logging's last-resort handler), and in
            # every digest's warnings, so a batch run is not flooded.
            log.warning("summarizer: %s", OFFLINE_NOTICE)
            self._told_offline = True
        return DigestWarning(code="offline_fallback", message=OFFLINE_NOTICE)

    def _cached(self, article: ArticleMeta) -> ArticleDigest | None:
        return self.cache.get(article, self.settings) if self.cache is not None else None

    def _stored(self, article: ArticleMeta, digest: ArticleDigest) -> ArticleDigest:
        if self.cache is not None:
            self.cache.put(article, self.settings, digest)
        return self.priced(digest)

    def priced(self, digest: ArticleDigest, *, batch: bool = False) -> ArticleDigest:
        """`digest` with the estimated cost of the tokens it spent this time (a cache hit: 0)."""
        p = digest.provenance
        if p.backend == "offline":
            return digest
        if self.prices is None:
            self.prices = PriceTable.load()
        p.estimated_cost_usd = self.prices.cost(p.model, p.tokens, batch=batch)
        return digest

    def summarize_article(self, article: ArticleMeta) -> ArticleDigest:
        check_size(article, self.settings.max_article_chars)
        if (hit := self._cached(article)) is not None:
            return self.priced(hit)
        if not self.settings.use_model:
            return self._stored(article, digest_offline(article, self._offline_reason()))
        return self._stored(article, digest_with_model(article, self.client))

    async def asummarize_article(self, article: ArticleMeta) -> ArticleDigest:
        check_size(article, self.settings.max_article_chars)
        if (hit := self._cached(article)) is not None:
            return self.priced(hit)
        if not self.settings.use_model:
            return self._stored(article, digest_offline(article, self._offline_reason()))
        return self._stored(article, await adigest_with_model(article, self.client))

    def summarize_text(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> ArticleDigest:
        """Digest of article text. `published` (YYYY-MM-DD) anchors year-less dates."""
        return self.summarize_article(make_article(text, title=title, url=url, published=published))

    async def asummarize_text(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> ArticleDigest:
        article = make_article(text, title=title, url=url, published=published)
        return await self.asummarize_article(article)

    def _fetch_options(self, allow_private_hosts: bool | None) -> FetchOptions:
        if allow_private_hosts is None:
            return self.fetch
        return replace(self.fetch, allow_private_hosts=allow_private_hosts)

    def summarize_url(
        self, url: str, *, published: str | None = None, allow_private_hosts: bool | None = None
    ) -> ArticleDigest:
        """Fetch an article page and digest it; the page's publication date anchors years.

        `published` overrides the page's date. Fetch failures raise `FetchError` subclasses.
        """
        article = fetch_article(url, published=published, options=self._fetch_options(allow_private_hosts))
        return self.summarize_article(article)

    async def asummarize_url(
        self, url: str, *, published: str | None = None, allow_private_hosts: bool | None = None
    ) -> ArticleDigest:
        options = self._fetch_options(allow_private_hosts)
        article = await afetch_article(url, published=published, options=options)
        return await self.asummarize_article(article)

    def summarize_file(self, path: str | Path, *, published: str | None = None) -> ArticleDigest:
        """Digest of a local .html/.htm/.xhtml page or a text file."""
        return self.summarize_article(article_from_file(path, published=published))


def summarize_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """One article's digest. Settings come from the environment unless given."""
    return Summarizer(settings, **overrides).summarize_text(text, title=title, url=url, published=published)


async def asummarize_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    return await Summarizer(settings, **overrides).asummarize_text(
        text, title=title, url=url, published=published
    )


def summarize_url(
    url: str,
    *,
    published: str | None = None,
    allow_private_hosts: bool = False,
    fetch: FetchOptions | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """Fetch an article page and digest it. Private and loopback hosts are refused unless
    `allow_private_hosts` is set (see `summarizer.netguard`)."""
    s = Summarizer(settings, fetch=fetch, **overrides)
    return s.summarize_url(url, published=published, allow_private_hosts=allow_private_hosts or None)


async def asummarize_url(
    url: str,
    *,
    published: str | None = None,
    allow_private_hosts: bool = False,
    fetch: FetchOptions | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    s = Summarizer(settings, fetch=fetch, **overrides)
    return await s.asummarize_url(url, published=published, allow_private_hosts=allow_private_hosts or None)


def summarize_file(
    path: str | Path,
    *,
    published: str | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """Digest of a local .html/.htm/.xhtml page or a text file."""
    return Summarizer(settings, **overrides).summarize_file(path, published=published)
