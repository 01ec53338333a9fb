"""Run the pipeline over evaluation data and score it; one failing article never stops a run.

The MUC-4 scorer (`summarizer.eval.gtt`, `summarizer.eval.muc4`) is imported
when first needed, so the gold evaluation works without it.

A failed article (the pipeline raised) is scored as an empty prediction, so
its gold still counts against recall as it would in a published benchmark
run, and the error is recorded with it. An authentication failure stops the
run: every further request would fail the same way.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from summarizer.eval.gold import (
    DocReport,
    GoldError,
    GoldReport,
    aggregate,
    failed_document,
    gold_files,
    load_gold,
    score_digest,
    score_prediction,
)
from summarizer.eval.muc4_map import ROLES, Template, digest_to_templates
from summarizer.llm import AuthenticationFailed
from summarizer.schemas import ArticleDigest


class Digester(Protocol):
    """Anything that turns article text into a digest: a `Summarizer` over any backend
    (`replay` re-serves the digests of an earlier report)."""

    def summarize_text(self, text: str, *, published: str | None = None) -> ArticleDigest: ...


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def replay_digester(report: str | Path) -> Digester:
    """Digests saved in an earlier report (`--out`), served again through the `replay`
    backend: re-scoring a recorded run needs no model and gives the same predictions."""
    from summarizer.api import Summarizer
    from summarizer.backends import get_backend

    return Summarizer(backend=get_backend("replay", report=report))


# --- our gold -----------------------------------------------------------------------------------


def evaluate_gold(
    gold_dir: str | Path,
    summarizer: Digester,
    *,
    limit: int | None = None,
    base_dir: str | Path | None = None,
    keep_digests: bool = True,
    settings: dict[str, Any] | None = None,
) -> GoldReport:
    """Digest every gold article in `gold_dir` (name order, first `limit`) and score it."""
    documents: list[DocReport] = []
    for path in gold_files(gold_dir)[:limit]:
        try:
            doc = load_gold(path, base_dir)
        except GoldError as exc:
            documents.append(failed_document(exc.gold_id or path.stem, path, str(exc)))
            continue
        try:
            digest = summarizer.summarize_text(doc.text, published=doc.gold.published)
        except AuthenticationFailed:
            raise
        except Exception as exc:
            documents.append(score_prediction(doc, [], None, error=_describe(exc)))
            continue
        documents.append(score_digest(doc, digest, keep_digest=keep_digests))
    return aggregate(documents, settings)


# --- MUC-4 --------------------------------------------------------------------------------------


def _gtt() -> ModuleType:
    try:
        return importlib.import_module("summarizer.eval.gtt")
    except ImportError as exc:  # the scorer lives on its own branch until merged
        raise RuntimeError("the MUC-4 scorer (summarizer.eval.gtt) is not installed") from exc


def _muc4() -> ModuleType:
    try:
        return importlib.import_module("summarizer.eval.muc4")
    except ImportError as exc:
        raise RuntimeError("the MUC-4 loader (summarizer.eval.muc4) is not installed") from exc


def _dedupe(templates: list[Template]) -> list[Template]:
    kept: list[Template] = []
    for t in templates:
        if t not in kept:
            kept.append(t)
    return kept


def gold_templates(doc: Any) -> list[Template]:
    """A split document's gold as the scorer takes it: offsets dropped, exact repeats dropped."""
    if hasattr(doc, "gold_templates"):
        return list(doc.gold_templates())
    plain = [
        {
            "incident_type": t["incident_type"],
            **{role: [[pair[0] for pair in entity] for entity in t.get(role, [])] for role in ROLES},
        }
        for t in doc.templates
    ]
    return _dedupe(plain)


def _counts_json(counts: Any) -> Any:
    """The scorer's per-slot counts as plain JSON, whatever class it uses."""
    if dataclasses.is_dataclass(counts) and not isinstance(counts, type):
        return dataclasses.asdict(counts)
    if isinstance(counts, dict):
        return {k: _counts_json(v) for k, v in counts.items()}
    return vars(counts) if hasattr(counts, "__dict__") else counts


@dataclass
class Muc4DocResult:
    docid: str
    predicted: list[Template]
    gold_templates: int
    counts: dict[str, Any]
    error: str | None = None
    provenance: dict[str, Any] | None = None
    digest: dict[str, Any] | None = None


@dataclass
class Muc4Report:
    """The corpus score (a `gtt.GttScore`) with each document's templates and counts."""

    score: Any
    documents: list[Muc4DocResult] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def documents_failed(self) -> int:
        return sum(1 for d in self.documents if d.error)

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "score": self.score.to_dict(),
            "documents_failed": self.documents_failed,
            "documents": [dataclasses.asdict(d) for d in self.documents],
        }


def evaluate_muc4(
    split_path: str | Path,
    summarizer: Digester,
    limit: int | None = None,
    *,
    only_text_spans: bool = False,
    keep_digests: bool = True,
    settings: dict[str, Any] | None = None,
) -> Muc4Report:
    """Digest each split document, map the incidents to templates, score with the GTT metric."""
    gtt, muc4 = _gtt(), _muc4()
    pairs: list[tuple[list[Template], list[Template]]] = []
    results: list[Muc4DocResult] = []
    for doc in muc4.load_docs(split_path)[:limit]:
        gold = gold_templates(doc)
        error = provenance = saved = None
        try:
            digest = summarizer.summarize_text(doc.doctext)
            pred = digest_to_templates(digest, only_text_spans=only_text_spans)
            provenance = digest.provenance.model_dump(mode="json", exclude={"warnings"})
            saved = digest.model_dump(mode="json") if keep_digests else None
        except AuthenticationFailed:
            raise
        except Exception as exc:
            pred, error = [], _describe(exc)
        pairs.append((pred, gold))
        counts = _counts_json(gtt.score_document(pred, gold))
        results.append(Muc4DocResult(doc.docid, pred, len(gold), counts, error, provenance, saved))
    return Muc4Report(score=gtt.score_corpus(pairs), documents=results, settings=settings or {})


_DOCID = re.compile(r"^TST(\d+)-MUC\d+-(\d+)$")


def _doc_key(docid: str) -> int:
    m = _DOCID.match(docid)
    if m is None:
        raise ValueError(f"not a MUC-4 TST document id: {docid!r}")
    return int(m.group(1)) * 10000 + int(m.group(2))


def score_muc4_predictions(pred_path: str | Path, gold_path: str | Path) -> Any:
    """Score a GTT-format predictions file against a split; returns a `gtt.GttScore`."""
    gtt = _gtt()
    if hasattr(gtt, "score_gtt_predictions"):
        return gtt.score_gtt_predictions(pred_path, gold_path)
    gold = {_doc_key(d.docid): gold_templates(d) for d in _muc4().load_docs(gold_path)}
    raw = json.loads(Path(pred_path).read_text(encoding="utf-8"))
    predicted = {int(k): v.get("pred_templates", []) for k, v in raw.items()}
    unknown = sorted(predicted.keys() - gold.keys())
    if unknown:
        raise ValueError(f"predictions for documents not in {gold_path}: {unknown[:5]}")
    return gtt.score_corpus((predicted.get(k, []), g) for k, g in gold.items())
