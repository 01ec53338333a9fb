"""Validation of a model reply against its article, run inside instructor's re-ask loop.

instructor re-asks with the text of a validation error, so the errors raised
here are written to be acted on: they name the bad quote or the bad number.
The article reaches the validator through a context variable rather than
instructor's `context=`, which would render every message through Jinja and
could alter an article that contains `{{`.

On the last allowed attempt the validator records the problems instead of
raising, so the pipeline can keep what was verified and report what was not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from pydantic import model_validator

from summarizer.checks import CheckReport, check_extraction
from summarizer.document import Document
from summarizer.schemas import Extraction

#: More incidents than any one article (or chunk) reports: a reply over it is refused whole,
#: unchecked, rather than checked at length and kept.
MAX_INCIDENTS = 500


@dataclass
class CallState:
    """One model call's article (read once, for every reply and re-ask) and attempt counter."""

    article: str
    max_attempts: int
    document: Document | None = None
    attempts: int = 0
    last_problems: list[str] = field(default_factory=list)
    last_report: CheckReport | None = None

    @property
    def final_attempt(self) -> bool:
        return self.attempts >= self.max_attempts


_STATE: ContextVar[CallState | None] = ContextVar("summarizer_call_state", default=None)


@contextmanager
def checking(article: str, max_attempts: int, document: Document | None = None) -> Iterator[CallState]:
    """Make `article` the reference for validating replies inside this block. `document`: the
    pipeline's reading of this very text, when it has one (its suspect spans and numbers are
    then read once for the validator and the pipeline)."""
    if document is None or document.text != article:
        document = Document.of_text(article)
    state = CallState(article=article, max_attempts=max_attempts, document=document)
    token = _STATE.set(state)
    try:
        yield state
    finally:
        _STATE.reset(token)


def problems_for(extraction: Extraction, article: str | Document) -> tuple[list[str], CheckReport]:
    """Every reason the reply is not yet acceptable, worded for a re-ask, and the report
    (grounding and wording) that the pipeline reuses for the reply that is kept."""
    report = check_extraction(extraction, article)
    return report.problems(extraction), report


class CheckedExtraction(Extraction):
    """`Extraction` that must be grounded in the article being summarised."""

    @model_validator(mode="after")
    def _grounded(self) -> CheckedExtraction:
        state = _STATE.get()
        if state is None or len(self.incidents) > MAX_INCIDENTS:  # refused whole by the pipeline
            return self
        problems, state.last_report = problems_for(self, state.document or state.article)
        state.last_problems = problems
        if problems and not state.final_attempt:
            listing = "\n".join(f"- {p}" for p in problems[:20])
            raise ValueError(
                "The reply does not match the article. Fix these and answer again; copy every "
                f"quote character for character from the article:\n{listing}"
            )
        return self
