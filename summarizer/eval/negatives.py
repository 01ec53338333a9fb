"""Pages that report no violence (negatives): anything the tool finds there is invented.

`summarizer eval gold --negatives DIR` reads every page of DIR (HTML through
the input layer, as `summarize FILE` does; anything else as text) and counts
the pages with at least one incident and with at least one casualty figure
(goal: 0 and 0). Pages the backend cannot read (a language warning) are
counted apart: an empty result there is not a finding that nothing happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer.article import article_from_file
from summarizer.schemas import ArticleDigest

__all__ = ["NegativePage", "NegativesReport", "evaluate_negatives", "negative_pages"]

#: Warning codes that say the backend could not read the page's language.
LANGUAGE_WARNINGS = frozenset({"unsupported_language"})


def negative_pages(directory: str | Path) -> list[Path]:
    """The pages of a directory (files, hidden ones skipped), in name order."""
    d = Path(directory)
    if not d.is_dir():
        raise NotADirectoryError(f"{d} is not a directory")
    return sorted(
        p for p in d.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
    )


@dataclass
class NegativePage:
    name: str
    incidents: int = 0
    figures: int = 0
    language_warning: str | None = None
    event_types: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class NegativesReport:
    directory: str
    pages: list[NegativePage] = field(default_factory=list)

    def metrics(self) -> dict[str, Any]:
        return {
            "pages": len(self.pages),
            "failed": sum(1 for p in self.pages if p.error),
            "pages_with_incident": sum(1 for p in self.pages if p.incidents),
            "pages_with_figure": sum(1 for p in self.pages if p.figures),
            "incidents": sum(p.incidents for p in self.pages),
            "figures": sum(p.figures for p in self.pages),
            "pages_with_language_warning": sum(1 for p in self.pages if p.language_warning),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "metrics": self.metrics(),
            "pages": [asdict(p) for p in self.pages],
        }


def _digest(digester: Any, path: Path) -> ArticleDigest:
    article = article_from_file(path)
    if hasattr(digester, "summarize_article"):
        digest: ArticleDigest = digester.summarize_article(article)
        return digest
    text_digest: ArticleDigest = digester.summarize_text(article.text)
    return text_digest


def evaluate_negatives(
    directory: str | Path,
    digester: Any,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> NegativesReport:
    """Digest every page and record what was (wrongly) found on it."""
    paths = negative_pages(directory)[:limit]
    report = NegativesReport(str(directory))
    for n, path in enumerate(paths, 1):
        page = NegativePage(path.name)
        try:
            digest = _digest(digester, path)
        except Exception as exc:  # one unreadable page never stops a run
            page.error = f"{type(exc).__name__}: {exc}"
        else:
            page.incidents = len(digest.incidents)
            page.figures = sum(len(i.casualties) for i in digest.incidents)
            page.event_types = [str(i.event_type) for i in digest.incidents]
            page.evidence = [e.quote for i in digest.incidents for e in i.evidence[:1]]
            page.language_warning = next(
                (w.message for w in digest.provenance.warnings if w.code in LANGUAGE_WARNINGS), None
            )
        report.pages.append(page)
        if progress is not None:
            progress(n, len(paths))
    return report
