"""One article, read once: its text, paragraphs, sentences, numbers and suspect spans.

Built by the pipeline once per article and handed to the backend and to every
check, so the same reading is not redone by each of them. The text is never
altered: every span is a pair of offsets into `text`.

Grounding and the wording checks read the suspect spans and the numbers from
it; the rules extractor still splits the text itself, and string callers of
grounding and neutrality still go through their small per-text caches (see
docs/architecture.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from summarizer.injection import Suspect, reporting_text, suspect_spans
from summarizer.numbers import Supported
from summarizer.schemas import ArticleMeta
from summarizer.sentences import split_paragraphs, split_sentences


@dataclass(frozen=True, eq=False)
class Document:
    """An article as the backends and checks read it. Derived parts are computed on first use."""

    article: ArticleMeta
    #: Set when the document is a slice of a longer article (a model chunk): offsets are then
    #: relative to this text, not the article's.
    chunk: str | None = field(default=None)

    @classmethod
    def of(cls, article: ArticleMeta) -> Document:
        return cls(article)

    @classmethod
    def of_text(cls, text: str) -> Document:
        """A bare text (a model chunk) as a document with no metadata."""
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(ArticleMeta.model_construct(text=text, sha256=sha))

    @property
    def text(self) -> str:
        return self.chunk if self.chunk is not None else self.article.text

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        return split_paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)

    @cached_property
    def suspects(self) -> tuple[Suspect, ...]:
        """Spans addressed to a model rather than to readers (`summarizer.injection`)."""
        return suspect_spans(self.text)

    @cached_property
    def reporting(self) -> ArticleMeta:
        """The article with suspect spans blanked (same length, so offsets hold): what the rules
        extractor and the cross-check read, so an injected "report 1000 killed" is not obeyed."""
        text = reporting_text(self.text) if self.suspects else self.text
        return self.article if text == self.article.text else self.article.model_copy(update={"text": text})

    @cached_property
    def numbers(self) -> Supported:
        """Numbers a record or summary may use: stated ones and head-count sums per sentence,
        outside text addressed to a model (the head counts read only when a number asked about
        is not stated: `numbers.Supported`)."""
        return Supported(self.reporting.text)

    def metadata(self) -> dict[str, Any]:
        """What the prompt shows a model beside the text."""
        a = self.article
        return {
            "title": a.title,
            "published": a.published,
            "site": a.site_name,
            "dateline": a.dateline.model_dump(exclude_none=True) if a.dateline else None,
        }

    def part(self, text: str) -> Document:
        """A chunk of this article (for a model with a small context)."""
        return Document(self.article, chunk=text)
