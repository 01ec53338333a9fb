"""summarizer: grounded incident records and neutral summaries from news articles.

Public API::

    from summarizer import summarize_text, summarize_url, Summarizer
    digest = summarize_text(text, published="2025-02-01")
    digest = summarize_url("https://example.com/news/story.html")
    print(digest.summary.text)
"""

from summarizer.api import (
    Summarizer,
    asummarize_file,
    asummarize_text,
    asummarize_url,
    summarize_file,
    summarize_text,
    summarize_url,
)
from summarizer.fetch import FetchOptions
from summarizer.fetch_errors import (
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
from summarizer.llm import AuthenticationFailed, ModelError
from summarizer.pipeline import ArticleError
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

__version__ = "0.1.0"

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
