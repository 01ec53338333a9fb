"""The `openai` backend: any OpenAI-compatible server, through `summarizer.llm`.

Long articles are split on paragraphs (`chunking`) and the chunks asked
concurrently; each reply comes back already checked by the validator inside
instructor's re-ask loop, and a one-chunk reply's checks travel with the draft
so the pipeline does not redo them.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarizer.backends import Draft
from summarizer.chunking import merge_incidents, split_chunks
from summarizer.document import Document
from summarizer.prompts import PROMPT_VERSION
from summarizer.schemas import DigestWarning, Extraction, Incident, TokenUsage
from summarizer.settings import Settings
from summarizer.validation import MAX_INCIDENTS

if TYPE_CHECKING:
    from summarizer.llm import ModelClient, ModelReply


@functools.cache
def schema_hash() -> str:
    """The reply schema the model is held to: a schema change must not serve old digests."""
    blob = json.dumps(Extraction.model_json_schema(), sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _combine(replies: list[ModelReply]) -> tuple[Extraction, TokenUsage, int, list[DigestWarning]]:
    usage, attempts, warnings = TokenUsage(), 0, []
    incidents: list[Incident] = []
    summaries = []
    for n, reply in enumerate(replies, 1):
        usage = usage.add(reply.usage)
        attempts += reply.attempts
        if len(reply.extraction.incidents) > MAX_INCIDENTS:
            from summarizer.llm import ModelError

            raise ModelError(
                f"the model's reply lists {len(reply.extraction.incidents):,} incidents, more than the "
                f"limit of {MAX_INCIDENTS} for one article or chunk; not used",
                reply.attempts,
            )
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


class OpenAIBackend:
    """A model behind an OpenAI-compatible API (OpenAI, vLLM, Ollama, llama.cpp...)."""

    name = "openai"

    def __init__(self, settings: Settings | None = None, **_: Any) -> None:
        self.settings = settings or Settings.from_env()
        self._client: ModelClient | None = None

    @property
    def client(self) -> ModelClient:
        if self._client is None:
            from summarizer.llm import ModelClient  # openai and instructor: imported when used

            self._client = ModelClient(self.settings)
        return self._client

    def fingerprint(self, document: Document | None = None) -> dict[str, Any]:
        """Model, mode, server host (not port, path or credentials), temperature, prompt
        version and schema; the chunk size only for a document long enough to be split."""
        s = self.settings
        host = urlsplit(s.base_url).hostname if s.base_url else "api.openai.com"
        parts: dict[str, Any] = {
            "model": s.model,
            "mode": s.mode,
            "host": (host or "").lower(),
            "temperature": s.temperature,
            "prompt_version": PROMPT_VERSION,
            "schema": schema_hash(),
        }
        if document is not None and len(document.text) > s.chunk_chars:
            parts["chunk_chars"] = s.chunk_chars
        return parts

    async def extract(self, document: Document) -> Draft:
        client = self.client
        chunks = split_chunks(document.text, self.settings.chunk_chars)
        meta = document.metadata()
        if len(chunks) == 1:  # the common case: no task to make and schedule
            replies = [await client.aextract(chunks[0], meta, document)]
        else:
            asked = (client.aextract(chunk, meta, document) for chunk in chunks)
            replies = list(await asyncio.gather(*asked))
        return self.draft(replies)

    def draft(self, replies: list[ModelReply]) -> Draft:
        """The draft of an article from its chunks' replies, live or from a batch API's output."""
        client = self.client
        extraction, usage, attempts, warnings = _combine(replies)
        s = self.settings
        return Draft(
            extraction,
            summary_method="model",
            provenance={
                "model": s.model,
                "base_url": client.endpoint,
                "mode": s.mode,
                "prompt_version": PROMPT_VERSION,
                "tokens": usage,
                "attempts": attempts,
                "chunks": len(replies),
            },
            warnings=warnings,
            # One chunk is the whole article: the validator already checked this extraction in it.
            checks=replies[0].checks if len(replies) == 1 else None,
        )
