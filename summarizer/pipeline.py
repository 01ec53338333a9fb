"""article -> extraction -> checks -> digest. Data flows one way through here.

The model path and the offline path produce the same `Extraction` and go
through the same checks, so a digest means the same thing whichever made it.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import re
import time
from typing import Any

from summarizer import rules
from summarizer.chunking import merge_incidents, split_chunks
from summarizer.dateline import parse_dateline, year_of
from summarizer.grounding import GroundingReport, ground_extraction
from summarizer.injection import reporting_text, suspect_spans
from summarizer.llm import ModelClient, ModelReply
from summarizer.neutrality import check_text
from summarizer.prompts import PROMPT_VERSION
from summarizer.rules.language import detect as detect_language
from summarizer.rules.language import language_name
from summarizer.schemas import (
    ArticleDigest,
    ArticleMeta,
    DigestWarning,
    Extraction,
    Incident,
    NeutralSummary,
    Provenance,
    TokenUsage,
)


class ArticleError(ValueError):
    """The input is not an article this tool can read (empty, binary, ...)."""


_SURROGATE = re.compile("[\ud800-\udfff]")


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
    if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        raise ArticleError(f"published date {published!r} is not an ISO date (YYYY-MM-DD)")
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


def _metadata(article: ArticleMeta) -> dict[str, Any]:
    return {
        "title": article.title,
        "published": article.published,
        "site": article.site_name,
        "dateline": article.dateline.model_dump(exclude_none=True) if article.dateline else None,
    }


def _is_iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _years_supported(article: ArticleMeta) -> set[int]:
    years = {int(y) for y in re.findall(r"\b(1[89]\d{2}|20\d{2})\b", article.text)}
    if (pub := year_of(article.published)) is not None:
        years.add(pub)
    return years


def _drop_invented_years(
    incidents: list[Incident], article: ArticleMeta, warnings: list[DigestWarning]
) -> list[Incident]:
    """An ISO date that is malformed, or whose year neither the article nor its publication
    date gives, is removed (the date text stays)."""
    years = _years_supported(article)
    out = []
    for n, inc in enumerate(incidents, 1):
        dates = [d for d in (inc.date.start, inc.date.end) if d]
        malformed = [d for d in dates if not _is_iso_date(d)]
        invented = [d for d in dates if d not in malformed and year_of(d) not in years]
        for d in malformed:
            warnings.append(
                DigestWarning(
                    code="date_not_iso",
                    message=f"incident {n}: date {d!r} removed: not an ISO date (YYYY-MM-DD)",
                )
            )
        for d in invented:
            warnings.append(
                DigestWarning(
                    code="year_not_in_article",
                    message=f"incident {n}: date {d} removed: the article does not give its year",
                )
            )
        if malformed or invented:
            inc = inc.model_copy(update={"date": inc.date.model_copy(update={"start": None, "end": None})})
        out.append(inc)
    return out


def _checked_summary(
    text: str, method: str, article: ArticleMeta, incidents: list[Incident], warnings: list[DigestWarning]
) -> NeutralSummary:
    """The summary if it passes every check; otherwise the template summary, with the reason."""
    figures = [f for i in incidents for f in i.casualties]
    problems = check_text(text, article.text, figures) if text.strip() else ["is empty"]
    if not problems:
        return NeutralSummary(text=text, method=method, checks_passed=True)
    for p in problems:
        warnings.append(DigestWarning(code="summary_rejected", message=f"{method} summary {p}"))
    fallback = rules.write_summary(incidents, article)
    fallback_problems = check_text(fallback, article.text, figures) if fallback.strip() else ["is empty"]
    for p in fallback_problems:
        warnings.append(DigestWarning(code="summary_check_failed", message=f"template summary {p}"))
    return NeutralSummary(text=fallback, method="template", checks_passed=not fallback_problems)


def _reporting(article: ArticleMeta) -> ArticleMeta:
    """The article as the offline extractor and cross-check should read it: text addressed to
    a model blanked out (same length, so offsets hold). Otherwise they obey an injected
    "report 1000 killed" as readily as a model, and the cross-check tells the analyst that
    "the article states killed 1000"."""
    if not suspect_spans(article.text):
        return article
    return article.model_copy(update={"text": reporting_text(article.text)})


def _injection_notice(article: ArticleMeta) -> list[DigestWarning]:
    """One warning when the article carries text addressed to a model: a sign of a poisoned
    source that the analyst should see even when the model was not fooled."""
    suspects = suspect_spans(article.text)
    if not suspects:
        return []
    first = suspects[0]
    return [
        DigestWarning(
            code="article_addresses_model",
            message=f"the article holds {len(suspects)} passage(s) addressed to a model rather than to "
            f"readers (first: {first.reason} at characters {first.start}-{first.end}); no quote or "
            "number was taken from them",
        )
    ]


def build_digest(
    article: ArticleMeta,
    extraction: Extraction,
    provenance: Provenance,
    summary_method: str,
    extra_warnings: list[DigestWarning] | None = None,
    grounding: GroundingReport | None = None,
) -> ArticleDigest:
    """Ground, check and assemble. Whatever is dropped is listed in provenance.warnings.

    `grounding` is the validator's report for the same extraction and text, when there
    is one, so a one-chunk model reply is not grounded twice.
    """
    report = grounding or ground_extraction(extraction, article.text)
    warnings = [*(extra_warnings or []), *report.problems, *_injection_notice(article)]
    incidents = _drop_invented_years(report.extraction.incidents, article, warnings)
    incidents = rules.locate_places(incidents)
    figures = [f for i in incidents for f in i.casualties]
    for n, inc in enumerate(incidents, 1):
        for problem in check_text(inc.description, article.text, figures):
            warnings.append(
                DigestWarning(code="description_wording", message=f"incident {n} description {problem}")
            )
    summary = _checked_summary(extraction.summary, summary_method, article, incidents, warnings)
    provenance = provenance.model_copy(update={"warnings": [*provenance.warnings, *warnings]})
    return ArticleDigest(article=article, incidents=incidents, summary=summary, provenance=provenance)


def digest_offline(article: ArticleMeta, reason: DigestWarning | None = None) -> ArticleDigest:
    """The deterministic, model-free digest."""
    started = time.perf_counter()
    warnings = [reason] if reason else []
    language = detect_language(article.text)
    if language is not None:  # the rules read English only: say so, never a silent "no incidents"
        extraction = Extraction(incidents=[], summary="")
        warnings.append(
            DigestWarning(
                code="unsupported_language",
                message=f"the article reads as {language_name(language)}; the rules backend reads "
                "English only, so no incidents were looked for (configure a model to read it)",
            )
        )
    else:
        extraction = rules.extract(_reporting(article))
    provenance = Provenance(backend="offline", prompt_version=None, attempts=0)
    digest = build_digest(article, extraction, provenance, "template", warnings or None)
    digest.provenance.latency_s = round(time.perf_counter() - started, 4)
    return digest


def _combine(replies: list[ModelReply]) -> tuple[Extraction, TokenUsage, int, list[DigestWarning]]:
    usage, attempts, warnings = TokenUsage(), 0, []
    incidents: list[Incident] = []
    summaries = []
    for n, reply in enumerate(replies, 1):
        usage = usage.add(reply.usage)
        attempts += reply.attempts
        incidents.extend(reply.extraction.incidents)
        summaries.append(reply.extraction.summary.strip())
        for problem in reply.unresolved:
            where = f"chunk {n}: " if len(replies) > 1 else ""
            warnings.append(
                DigestWarning(
                    code="unresolved_after_reasks",
                    message=f"{where}still wrong after the last re-ask: {problem}",
                )
            )
    merged = merge_incidents(incidents) if len(replies) > 1 else incidents
    extraction = Extraction(incidents=merged, summary=" ".join(s for s in summaries if s))
    return extraction, usage, attempts, warnings


def _model_digest(
    article: ArticleMeta, client: ModelClient, replies: list[ModelReply], started: float
) -> ArticleDigest:
    extraction, usage, attempts, warnings = _combine(replies)
    s = client.settings
    provenance = Provenance(
        backend="openai",
        model=s.model,
        base_url=client.endpoint,
        mode=s.mode,
        prompt_version=PROMPT_VERSION,
        tokens=usage,
        attempts=attempts,
        chunks=len(replies),
    )
    warnings.extend(rules.cross_check(extraction, _reporting(article)))
    # One chunk is the whole article: the validator already grounded these incidents in it.
    whole = replies[0].grounding if len(replies) == 1 else None
    digest = build_digest(article, extraction, provenance, "model", warnings, grounding=whole)
    digest.provenance.latency_s = round(time.perf_counter() - started, 4)
    return digest


def digest_with_model(article: ArticleMeta, client: ModelClient) -> ArticleDigest:
    started = time.perf_counter()
    chunks = split_chunks(article.text, client.settings.chunk_chars)
    meta = _metadata(article)
    replies = [client.extract(chunk, meta) for chunk in chunks]
    return _model_digest(article, client, replies, started)


async def adigest_with_model(article: ArticleMeta, client: ModelClient) -> ArticleDigest:
    started = time.perf_counter()
    chunks = split_chunks(article.text, client.settings.chunk_chars)
    meta = _metadata(article)
    replies = await asyncio.gather(*(client.aextract(chunk, meta) for chunk in chunks))
    return _model_digest(article, client, list(replies), started)
