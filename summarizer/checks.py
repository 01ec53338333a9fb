"""The checks of one reply, computed once and shared by the re-ask loop and the pipeline.

A model reply is checked inside instructor's validator (so a re-ask can name the
wrong quote or number) and its report travels with the reply to the pipeline,
which reuses it instead of checking the same extraction against the same text
again. Any other extraction (the rules backend's, a merge of chunks) is checked
once, in the pipeline.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from summarizer.document import Document
from summarizer.grounding import GroundingReport, ground_extraction
from summarizer.neutrality import check_text, confirmed_values
from summarizer.schemas import CasualtyFigure, Extraction


@dataclass
class CheckReport:
    """Grounding of an extraction in `text`, and the wording problems of its summary and
    descriptions (checked against `text` and the grounded figures)."""

    document: Document
    grounding: GroundingReport
    wording: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def figures(self) -> list[CasualtyFigure]:
        return [f for i in self.grounding.extraction.incidents for f in i.casualties]

    @functools.cached_property
    def confirmed(self) -> frozenset[int]:
        """The confirmed figures' numbers, once per report: rebuilt for every description,
        checking a reply was quadratic in its incidents."""
        return confirmed_values(self.figures)

    def wording_of(self, text: str) -> list[str]:
        """Problems of `text` (a summary or description), checked at most once per report."""
        if text not in self.wording:
            self.wording[text] = check_text(text, self.document, self.confirmed)
        return self.wording[text]

    def problems(self, extraction: Extraction) -> list[str]:
        """Every reason the reply is not yet acceptable, worded for a re-ask."""
        found = [p.message for p in self.grounding.problems]
        for text in [extraction.summary, *(i.description for i in extraction.incidents)]:
            found.extend(f"summary or description {p}" for p in self.wording_of(text))
        return found


def check_extraction(extraction: Extraction, document: Document | str) -> CheckReport:
    """Ground `extraction` in the document; wording is checked as it is asked for."""
    if isinstance(document, str):
        document = Document.of_text(document)
    return CheckReport(document=document, grounding=ground_extraction(extraction, document))
