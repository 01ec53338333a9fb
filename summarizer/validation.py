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

from summarizer.grounding import GroundingReport, ground_extraction
from summarizer.neutrality import check_text, confirmed_values
from summarizer.schemas import Extraction

#: More incidents than any one article (or chunk) reports: a reply over it is refused whole,
#: unchecked, rather than checked at length and kept.
MAX_INCIDENTS = 500


@dataclass
class CallState:
    """One model call's article and attempt counter."""

    article: str
    max_attempts: int
    attempts: int = 0
    last_problems: list[str] = field(default_factory=list)
    last_report: GroundingReport | None = None

    @property
    def final_attempt(self) -> bool:
        return self.attempts >= self.max_attempts


_STATE: ContextVar[CallState | None] = ContextVar("summarizer_call_state", default=None)


@contextmanager
def checking(article: str, max_attempts: int) -> Iterator[CallState]:
    """Make `article` the reference for validating replies inside this block."""
    state = CallState(article=article, max_attempts=max_attempts)
    token = _STATE.set(state)
    try:
        yield state
    finally:
        _STATE.reset(token)


def problems_for(extraction: Extraction, article: str) -> tuple[list[str], GroundingReport]:
    """Every reason the reply is not yet acceptable, worded for a re-ask, and its grounding."""
    report = ground_extraction(extraction, article)
    problems = [p.message for p in report.problems]
    figures = confirmed_values(f for i in report.extraction.incidents for f in i.casualties)
    for text in [extraction.summary, *(i.description for i in extraction.incidents)]:
        problems.extend(f"summary or description {p}" for p in check_text(text, article, figures))
    return problems, report


class CheckedExtraction(Extraction):
    """`Extraction` that must be grounded in the article being summarised."""

    @model_validator(mode="after")
    def _grounded(self) -> CheckedExtraction:
        state = _STATE.get()
        if state is None or len(self.incidents) > MAX_INCIDENTS:  # refused whole by the pipeline
            return self
        problems, state.last_report = problems_for(self, state.article)
        state.last_problems = problems
        if problems and not state.final_attempt:
            listing = "\n".join(f"- {p}" for p in problems[:20])
            raise ValueError(
                "The reply does not match the article. Fix these and answer again; copy every "
                f"quote character for character from the article:\n{listing}"
            )
        return self
