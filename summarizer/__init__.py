"""summarizer: grounded incident records and neutral summaries from news articles.

Public API::

    from summarizer import summarize_text, Summarizer
    digest = summarize_text(text, published="2025-02-01")
    print(digest.summary.text)
"""

from summarizer.api import Summarizer, asummarize_text, summarize_text
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
    "CasualtyFigure",
    "Evidence",
    "Extraction",
    "Incident",
    "ModelError",
    "NeutralSummary",
    "Provenance",
    "Settings",
    "SettingsError",
    "Summarizer",
    "__version__",
    "asummarize_text",
    "summarize_text",
]
