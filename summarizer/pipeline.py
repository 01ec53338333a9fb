"""article -> document -> backend draft -> checks -> digest. Data flows one way through here.

One entry point, `adigest(article, backend)` (and its sync facade `digest`):
whichever backend drafts the extraction (`summarizer.backends`), the pipeline
runs each check exactly once (grounding, dates, geocoding, wording, the
fallback summary, the cross-check against the text's own statements), so a
digest means the same thing whichever backend made it. A model reply's checks,
computed in the re-ask loop, come with its draft and are reused here.
"""

from __future__ import annotations

import logging
import re
import time

from summarizer import credentials, runtime
from summarizer.aio import cpu_lane, end_turn, sync_facade, turn_at_reply
from summarizer.backends import Backend, Draft, fingerprint_hash
from summarizer.checks import CheckReport, check_extraction
from summarizer.crosscheck import cross_check
from summarizer.dateline import year_of
from summarizer.document import Document
from summarizer.geo import locate_places
from summarizer.grounding import ground_names
from summarizer.inputs.errors import ArticleError as ArticleError  # re-exported: callers' import path
from summarizer.inputs.text import check_size as check_size
from summarizer.inputs.text import is_iso_date
from summarizer.inputs.text import make_article as make_article
from summarizer.memo import digest_scope
from summarizer.neutrality import check_text
from summarizer.schemas import (
    ArticleDigest,
    ArticleMeta,
    DigestWarning,
    Extraction,
    Incident,
    NeutralSummary,
    Provenance,
)
from summarizer.summary import write_summary

log = logging.getLogger(__name__)


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
    years: set[int] | None = None  # read from the article only for a date (speed only)
    out = []
    for n, inc in enumerate(incidents, 1):
        dates = [d for d in (inc.date.start, inc.date.end) if d]
        if not dates:
            out.append(inc)
            continue
        if years is None:
            years = _years_supported(article)
        malformed = [d for d in dates if not is_iso_date(d)]
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
    text: str,
    method: str,
    document: Document,
    incidents: list[Incident],
    warnings: list[DigestWarning],
    report: CheckReport,
) -> NeutralSummary:
    """The summary if it passes every check; otherwise the template summary, with the reason."""
    problems = report.wording_of(text) if text.strip() else ["is empty"]
    if not problems:
        return NeutralSummary(text=text, method=method, checks_passed=True)
    for p in problems:
        warnings.append(DigestWarning(code="summary_rejected", message=f"{method} summary {p}"))
    figures = [f for i in incidents for f in i.casualties]
    fallback = write_summary(incidents, document.article)
    fallback_problems = check_text(fallback, document, figures) if fallback.strip() else ["is empty"]
    for p in fallback_problems:
        warnings.append(DigestWarning(code="summary_check_failed", message=f"template summary {p}"))
    return NeutralSummary(text=fallback, method="template", checks_passed=not fallback_problems)


def _injection_notice(document: Document) -> list[DigestWarning]:
    """One warning when the article carries text addressed to a model: a sign of a poisoned
    source that the analyst should see even when the model was not fooled."""
    suspects = document.suspects
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


def _checked(
    document: Document,
    extraction: Extraction,
    provenance: Provenance,
    summary_method: str,
    warnings: list[DigestWarning],
    report: CheckReport | None,
) -> ArticleDigest:
    """Ground, check and assemble, each check once. Whatever is dropped is listed in
    provenance.warnings."""
    article = document.article
    report = report or check_extraction(extraction, document)
    warnings = [*warnings, *report.grounding.problems, *_injection_notice(document)]
    incidents = _drop_invented_years(report.grounding.extraction.incidents, article, warnings)
    incidents = ground_names(incidents, article.text, warnings)
    incidents = locate_places(incidents)
    for n, inc in enumerate(incidents, 1):
        for problem in report.wording_of(inc.description):
            warnings.append(
                DigestWarning(code="description_wording", message=f"incident {n} description {problem}")
            )
    summary = _checked_summary(extraction.summary, summary_method, document, incidents, warnings, report)
    provenance = provenance.model_copy(update={"warnings": [*provenance.warnings, *warnings]})
    return ArticleDigest(article=article, incidents=incidents, summary=summary, provenance=provenance)


def build_digest(
    article: ArticleMeta,
    extraction: Extraction,
    provenance: Provenance,
    summary_method: str,
    extra_warnings: list[DigestWarning] | None = None,
    checks: CheckReport | None = None,
) -> ArticleDigest:
    """The checks stage alone, for an extraction made elsewhere (tests, benchmarks).

    `checks` is an earlier report for this very extraction and text, when there is one.
    """
    with digest_scope():
        return _checked(
            Document.of(article), extraction, provenance, summary_method, extra_warnings or [], checks
        )


def finish(
    document: Document, draft: Draft, backend: Backend, notices: list[DigestWarning] | None = None
) -> ArticleDigest:
    """A backend's draft through every check, with provenance naming the backend."""
    with digest_scope():  # its own memo when not inside `adigest`'s (a Batch API reply)
        return _finish(document, draft, backend, notices)


def _finish(
    document: Document, draft: Draft, backend: Backend, notices: list[DigestWarning] | None
) -> ArticleDigest:
    warnings = [*(notices or []), *draft.warnings]
    if draft.cross_check:
        warnings.extend(cross_check(draft.extraction, document.reporting))
    provenance = Provenance(
        backend=backend.name,
        fingerprint=fingerprint_hash(backend.fingerprint(document)),
        **draft.provenance,
    )
    # Reused only when it checked this very text (a one-chunk model reply).
    report = draft.checks if draft.checks is not None and draft.checks.text == document.text else None
    return mask_secrets(
        _checked(document, draft.extraction, provenance, draft.summary_method, warnings, report)
    )


def mask_secrets(digest: ArticleDigest) -> ArticleDigest:
    """The digest with every registered secret (the API key, URL passwords) masked in what
    the backend wrote, and a warning saying so. Verbatim quotes are the article's and stay."""
    secrets = credentials.protected()
    if not secrets:
        return digest
    body = digest.model_dump(mode="json", exclude={"article"})
    masked, found = credentials.mask_strings(body, secrets, keep=frozenset({"quote"}))
    if not found:
        return digest
    notice = (
        f"{found} text(s) written by the model held a credential of this client (the API key or "
        f"a URL password); it was masked as {credentials.REDACTED}"
    )
    log.warning("summarizer: %s", notice)
    assert isinstance(masked, dict)
    masked["provenance"]["warnings"].append({"code": "secret_masked", "message": notice})
    return ArticleDigest.model_validate({**masked, "article": digest.article})


async def adigest(
    article: ArticleMeta, backend: Backend, *, notices: list[DigestWarning] | None = None
) -> ArticleDigest:
    """The digest of `article` drafted by `backend`. `notices` go first in its warnings."""
    started = time.perf_counter()
    document = Document.of(article)
    with digest_scope():  # the backend, its validator and the checks share one memo
        try:
            with turn_at_reply():  # a model reply is parsed and validated in a turn
                draft = await backend.extract(document)
        finally:
            end_turn()
        if draft.recorded is not None:
            return draft.recorded
        async with cpu_lane():  # and checked in the next: two shorter waits for the I/O
            result = finish(document, draft, backend, notices)
    result.provenance.latency_s = round(time.perf_counter() - started, 4)
    runtime.settle()
    return result


digest = sync_facade(adigest, keep_loop=True)
