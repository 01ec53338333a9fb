"""summarizer: grounded incident records and neutral summaries from news articles.

Public API::

    from summarizer import summarize_text, summarize_url, Summarizer
    digest = summarize_text(text, published="2025-02-01")
    digest = summarize_url("https://example.com/news/story.html")
    print(digest.summary.text)

Names are imported on first use (PEP 562), so `import summarizer` and
`summarizer --version` load neither the model client nor the HTML extractor.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: The one place the version is written (pyproject.toml reads it: [tool.hatch.version]).
__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "Summarizer": "summarizer.api",
    "asummarize_file": "summarizer.api",
    "asummarize_text": "summarizer.api",
    "asummarize_url": "summarizer.api",
    "summarize_file": "summarizer.api",
    "summarize_text": "summarizer.api",
    "summarize_url": "summarizer.api",
    "FetchOptions": "summarizer.inputs.options",
    "ArticleError": "summarizer.inputs.errors",
    "BlockedURL": "summarizer.inputs.errors",
    "ConnectError": "summarizer.inputs.errors",
    "DNSError": "summarizer.inputs.errors",
    "FetchError": "summarizer.inputs.errors",
    "FetchTimeout": "summarizer.inputs.errors",
    "HTTPStatusError": "summarizer.inputs.errors",
    "NotAnArticle": "summarizer.inputs.errors",
    "TooLarge": "summarizer.inputs.errors",
    "TooManyRedirects": "summarizer.inputs.errors",
    "UnsupportedContent": "summarizer.inputs.errors",
    "AuthenticationFailed": "summarizer.llm",
    "ModelError": "summarizer.llm",
    "ArticleDigest": "summarizer.schemas",
    "ArticleMeta": "summarizer.schemas",
    "CasualtyFigure": "summarizer.schemas",
    "Evidence": "summarizer.schemas",
    "Extraction": "summarizer.schemas",
    "Incident": "summarizer.schemas",
    "NeutralSummary": "summarizer.schemas",
    "Provenance": "summarizer.schemas",
    "Settings": "summarizer.settings",
    "SettingsError": "summarizer.settings",
}

__all__ = [
    "ArticleDigest",
    "ArticleError",
    "ArticleMeta",
    "AuthenticationFailed",
    "BlockedURL",
    "CasualtyFigure",
    "ConnectError",
    "DNSError",
    "Evidence",
    "Extraction",
    "FetchError",
    "FetchOptions",
    "FetchTimeout",
    "HTTPStatusError",
    "Incident",
    "ModelError",
    "NeutralSummary",
    "NotAnArticle",
    "Provenance",
    "Settings",
    "SettingsError",
    "Summarizer",
    "TooLarge",
    "TooManyRedirects",
    "UnsupportedContent",
    "__version__",
    "asummarize_file",
    "asummarize_text",
    "asummarize_url",
    "summarize_file",
    "summarize_text",
    "summarize_url",
]

if TYPE_CHECKING:
    from summarizer.api import (
        Summarizer,
        asummarize_file,
        asummarize_text,
        asummarize_url,
        summarize_file,
        summarize_text,
        summarize_url,
    )
    from summarizer.inputs.errors import (
        ArticleError,
        BlockedURL,
        ConnectError,
        DNSError,
        FetchError,
        FetchTimeout,
        HTTPStatusError,
        NotAnArticle,
        TooLarge,
        TooManyRedirects,
        UnsupportedContent,
    )
    from summarizer.inputs.options import FetchOptions
    from summarizer.llm import AuthenticationFailed, ModelError
    from summarizer.schemas import (
        ArticleDigest,
        ArticleMeta,
        CasualtyFigure,
        Evidence,
        Extraction,
        Incident,
        NeutralSummary,
        Provenance,
    )
    from summarizer.settings import Settings, SettingsError


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
