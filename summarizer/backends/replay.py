"""The `replay` backend: digests saved in an earlier eval report (`--out`), served by text hash.

Re-scoring a recorded run this way needs no model and gives the same
predictions, so a scorer change can be measured on old runs. A recorded digest
was checked when it was made; the pipeline returns it as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from summarizer.backends import Draft
from summarizer.document import Document
from summarizer.schemas import ArticleDigest, Extraction
from summarizer.settings import Settings, SettingsError


def _digests_of(path: Path) -> list[ArticleDigest]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    saved = [d.get("digest") for d in raw.get("documents", [])]
    return [ArticleDigest.model_validate(d) for d in saved if d]


class ReplayBackend:
    """Recorded digests, from a report file (`report=`) or given directly (`digests=`)."""

    name = "replay"

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        report: str | Path | None = None,
        digests: Iterable[ArticleDigest] | None = None,
        **_: Any,
    ) -> None:
        if report is None and digests is None:
            raise SettingsError("the replay backend needs a saved report (--replay REPORT)")
        found = list(digests or []) + (_digests_of(Path(report)) if report is not None else [])
        self.digests = {d.article.sha256: d for d in found}

    def fingerprint(self, document: Document | None = None) -> dict[str, Any]:
        return {"recorded": hashlib.sha256("".join(sorted(self.digests)).encode()).hexdigest()[:16]}

    async def extract(self, document: Document) -> Draft:
        digest = self.digests.get(document.article.sha256)
        if digest is None:
            raise KeyError("no saved digest for this article text")
        # Already checked when it was recorded: the pipeline hands it back unchanged.
        extraction = Extraction.model_construct(incidents=digest.incidents, summary=digest.summary.text)
        return Draft(extraction, recorded=digest)
