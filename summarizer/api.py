"""The public entry points: a `Summarizer` holding settings, and one-call functions."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.aio import sync_facade
from summarizer.backends import AUTO_RULES_NOTICE, Backend, Choice, choose_backend
from summarizer.costs import PriceTable
from summarizer.inputs.html import article_from_file
from summarizer.inputs.loader import afetch_article
from summarizer.inputs.options import FetchOptions
from summarizer.pipeline import adigest, check_size, make_article
from summarizer.schemas import ArticleDigest, ArticleMeta, DigestWarning
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.cache import Cache

log = logging.getLogger("summarizer")

#: Kept under its old name: what `auto` says when it falls back to the rules backend.
OFFLINE_NOTICE = AUTO_RULES_NOTICE


class Summarizer:
    """Settings and a backend kept for repeated use (connection reuse, one config).

    >>> s = Summarizer()                       # settings from the environment
    >>> digest = s.summarize_text(open("article.txt").read())
    >>> digest = s.summarize_url("https://example.com/news/story.html")

    `backend` is a name (`auto`, `openai`, `rules`, `replay`, a plugin's) or a `Backend`;
    by default `settings.backend`. `fetch` sets the limits and the SSRF policy of URL
    fetches (see `FetchOptions`). With `cache=Cache()` (summarizer.cache) an article
    already digested by the same backend and fingerprint is read from disk instead.

    The async methods are the implementation; each sync method is a one-line facade.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        fetch: FetchOptions | None = None,
        cache: Cache | None = None,
        backend: Backend | str | None = None,
        **overrides: Any,
    ) -> None:
        self.settings = (settings or Settings.from_env()).with_(**overrides)
        self.fetch = fetch or FetchOptions()
        self.cache = cache
        self.prices: PriceTable | None = None
        self._given = backend
        self._choice: Choice | None = None
        self._told = False

    @property
    def choice(self) -> Choice:
        """The backend that runs and why `auto` chose it; resolved on first use."""
        if self._choice is None:
            given = self._given
            if given is None or isinstance(given, str):
                self._choice = choose_backend(self.settings, given)
            else:
                self._choice = Choice(given)
        return self._choice

    @property
    def backend(self) -> Backend:
        return self.choice.backend

    def _notices(self) -> list[DigestWarning]:
        choice = self.choice
        if not choice.fallback or choice.reason is None:
            return []
        if not self._told:
            # Said once per Summarizer on stderr (logging's last-resort handler), and in
            # every digest's warnings, so a batch run is not flooded.
            log.warning("summarizer: %s", choice.reason)
            self._told = True
        return [DigestWarning(code="offline_fallback", message=choice.reason)]

    async def asummarize_article(self, article: ArticleMeta) -> ArticleDigest:
        check_size(article, self.settings.max_article_chars)
        backend = self.backend
        if self.cache is not None and (hit := self.cache.get(article, backend)) is not None:
            return self.priced(hit)
        digest = await adigest(article, backend, notices=self._notices())
        if self.cache is not None:
            self.cache.put(article, backend, digest)
        return self.priced(digest)

    def priced(self, digest: ArticleDigest, *, batch: bool = False) -> ArticleDigest:
        """`digest` with the estimated cost of the tokens it spent this time (a cache hit: 0)."""
        p = digest.provenance
        if p.model is None:  # the rules backend: no tokens, no price
            return digest
        if self.prices is None:
            self.prices = PriceTable.load()
        p.estimated_cost_usd = self.prices.cost(p.model, p.tokens, batch=batch)
        return digest

    summarize_article = sync_facade(asummarize_article)

    async def asummarize_text(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> ArticleDigest:
        """Digest of article text. `published` (YYYY-MM-DD) anchors year-less dates."""
        article = make_article(text, title=title, url=url, published=published)
        return await self.asummarize_article(article)

    summarize_text = sync_facade(asummarize_text)

    def _fetch_options(self, allow_private_hosts: bool | None) -> FetchOptions:
        if allow_private_hosts is None:
            return self.fetch
        return replace(self.fetch, allow_private_hosts=allow_private_hosts)

    async def asummarize_url(
        self, url: str, *, published: str | None = None, allow_private_hosts: bool | None = None
    ) -> ArticleDigest:
        """Fetch an article page and digest it; the page's publication date anchors years.

        `published` overrides the page's date. Fetch failures raise `FetchError` subclasses.
        """
        options = self._fetch_options(allow_private_hosts)
        article = await afetch_article(url, published=published, options=options)
        return await self.asummarize_article(article)

    summarize_url = sync_facade(asummarize_url)

    async def asummarize_file(self, path: str | Path, *, published: str | None = None) -> ArticleDigest:
        """Digest of a local .html/.htm/.xhtml page or a text file."""
        return await self.asummarize_article(article_from_file(path, published=published))

    summarize_file = sync_facade(asummarize_file)


async def asummarize_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """One article's digest. Settings come from the environment unless given."""
    return await Summarizer(settings, **overrides).asummarize_text(
        text, title=title, url=url, published=published
    )


async def asummarize_url(
    url: str,
    *,
    published: str | None = None,
    allow_private_hosts: bool = False,
    fetch: FetchOptions | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """Fetch an article page and digest it. Private and loopback hosts are refused unless
    `allow_private_hosts` is set (see `summarizer.inputs.netguard`)."""
    s = Summarizer(settings, fetch=fetch, **overrides)
    return await s.asummarize_url(url, published=published, allow_private_hosts=allow_private_hosts or None)


async def asummarize_file(
    path: str | Path,
    *,
    published: str | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> ArticleDigest:
    """Digest of a local .html/.htm/.xhtml page or a text file."""
    return await Summarizer(settings, **overrides).asummarize_file(path, published=published)


summarize_text = sync_facade(asummarize_text)
summarize_url = sync_facade(asummarize_url)
summarize_file = sync_facade(asummarize_file)
