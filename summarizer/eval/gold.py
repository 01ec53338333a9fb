"""Scoring digests against the project's own gold files.

Per article: predicted incidents are paired one-to-one with gold incidents
(the pairing with the best summed score, searched exhaustively; a pair needs
a shared place or the same event type), then, within each pair, predicted
casualty figures are paired with gold figures that agree on outcome, low and
high. Counts are summed over articles (micro-averaged) and every miss is
listed per article for error analysis. Everything here serialises to JSON.

The score of an incident pair is the share of gold places found among the
predicted place names, plus one when the event types agree, plus at most
0.01 for figures in common (a tie-break between incidents in the same place,
such as a shelling and the demolitions that followed it).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, computed_field
from rapidfuzz import fuzz

from summarizer.eval.assign import best_assignment
from summarizer.eval.gold_format import (
    GoldArticle,
    GoldCasualty,
    GoldDoc,
    GoldError,
    GoldIncident,
    gold_files,
    load_gold,
    resolve_text_file,
)
from summarizer.neutrality import unattributed_figures, unsupported_numbers
from summarizer.schemas import ArticleDigest, CasualtyFigure, EventType, Incident, Status

__all__ = [
    "STATED_BY_THRESHOLD",
    "Counts",
    "DocReport",
    "GoldArticle",
    "GoldDoc",
    "GoldError",
    "GoldReport",
    "SummaryCheck",
    "aggregate",
    "check_summary",
    "failed_document",
    "gold_files",
    "load_gold",
    "resolve_text_file",
    "same_place",
    "score_digest",
    "score_prediction",
    "source_matches",
]

#: rapidfuzz token_set_ratio at or above which two source names are taken as the same source.
STATED_BY_THRESHOLD = 85.0

_PUNCT = str.maketrans({c: " " for c in string.punctuation + "‘’“”–—"})
_ARTICLES = {"the", "a", "an"}


def _norm(text: str) -> str:
    """Case, punctuation and articles removed: 'The Balochistan Post' -> 'balochistan post'."""
    return " ".join(w for w in text.casefold().translate(_PUNCT).split() if w not in _ARTICLES)


def _contains_words(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "


def same_place(gold: str, predicted: str) -> bool:
    """Case-insensitive, and whole-word containment either way ('Turbat' ~ 'Turbat district')."""
    g, p = _norm(gold), _norm(predicted)
    return bool(g and p) and (g == p or _contains_words(p, g) or _contains_words(g, p))


def _similar_source(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    return bool(na and nb) and fuzz.token_set_ratio(na, nb) >= STATED_BY_THRESHOLD


def source_matches(predicted: str, gold: GoldCasualty, incident: GoldIncident) -> bool:
    """Whether a predicted `stated_by` names the gold source.

    The perpetrator's aliases count too, but only when the perpetrator is the
    gold source ("BLA" for "Baloch Liberation Army"): a figure the article
    attributes to an outlet is not credited to the perpetrator it accuses.
    """
    names = list(gold.stated_by)
    if any(_similar_source(n, p) for n in gold.stated_by for p in incident.perpetrators):
        names += incident.perpetrators
    return any(_similar_source(predicted, n) for n in names)


# --- report types -------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class Counts(BaseModel):
    """Raw counts, summed over articles; every metric is a ratio of two of them."""

    incidents_matched: int = 0
    incidents_predicted: int = 0
    incidents_gold: int = 0
    event_type_correct: int = 0
    places_found: int = 0
    places_gold: int = 0
    figures_matched: int = 0
    figures_predicted: int = 0
    figures_gold: int = 0
    stated_by_correct: int = 0
    status_correct: int = 0
    summaries_checked: int = 0
    summaries_without_loaded_words: int = 0
    summaries_numbers_supported: int = 0
    summaries_figures_attributed: int = 0
    summaries_passed: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in Counts.model_fields})

    def metrics(self) -> dict[str, float | None]:
        """Named ratios; None where the denominator is zero (nothing to measure)."""
        return {
            "incident_precision": _ratio(self.incidents_matched, self.incidents_predicted),
            "incident_recall": _ratio(self.incidents_matched, self.incidents_gold),
            "incident_f1": _ratio(2 * self.incidents_matched, self.incidents_predicted + self.incidents_gold),
            "event_type_accuracy": _ratio(self.event_type_correct, self.incidents_matched),
            "place_recall": _ratio(self.places_found, self.places_gold),
            "figure_precision": _ratio(self.figures_matched, self.figures_predicted),
            "figure_recall": _ratio(self.figures_matched, self.figures_gold),
            "figure_f1": _ratio(2 * self.figures_matched, self.figures_predicted + self.figures_gold),
            "stated_by_accuracy": _ratio(self.stated_by_correct, self.figures_matched),
            "status_accuracy": _ratio(self.status_correct, self.figures_matched),
            "summary_no_loaded_words": _ratio(self.summaries_without_loaded_words, self.summaries_checked),
            "summary_numbers_supported": _ratio(self.summaries_numbers_supported, self.summaries_checked),
            "summary_figures_attributed": _ratio(self.summaries_figures_attributed, self.summaries_checked),
            "summary_all_checks": _ratio(self.summaries_passed, self.summaries_checked),
        }


class IncidentPair(BaseModel):
    gold_index: int
    gold_key: str
    pred_index: int
    gold_event_type: EventType
    pred_event_type: EventType
    places_found: list[str]
    places_missed: list[str]


class MissedIncident(BaseModel):
    gold_index: int
    gold_key: str


class SpuriousIncident(BaseModel):
    pred_index: int
    event_type: EventType
    places: list[str]
    description: str


class MissedFigure(BaseModel):
    gold_key: str
    figure: str


class SpuriousFigure(BaseModel):
    pred_index: int
    figure: str
    gold_key: str | None = Field(description="The gold incident paired with the figure's incident, if any.")


class AttributionError(BaseModel):
    gold_key: str
    figure: str
    gold_stated_by: list[str]
    predicted_stated_by: str


class StatusError(BaseModel):
    gold_key: str
    figure: str
    gold_status: Status
    predicted_status: Status


class SummaryCheck(BaseModel):
    """The machine-checkable summary rules; `summary_must` facts are left to a human reader."""

    present: bool
    loaded_words: list[str] = Field(default_factory=list)
    unsupported_numbers: list[int] = Field(default_factory=list)
    unattributed_sentences: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return (
            self.present
            and not self.loaded_words
            and not self.unsupported_numbers
            and not self.unattributed_sentences
        )


class DocReport(BaseModel):
    """One article's counts and misses; `error` says why it could not be (fully) scored."""

    id: str
    path: str | None = None
    error: str | None = None
    counts: Counts = Field(default_factory=Counts)
    incident_pairs: list[IncidentPair] = Field(default_factory=list)
    missed_incidents: list[MissedIncident] = Field(default_factory=list)
    spurious_incidents: list[SpuriousIncident] = Field(default_factory=list)
    missed_figures: list[MissedFigure] = Field(default_factory=list)
    spurious_figures: list[SpuriousFigure] = Field(default_factory=list)
    attribution_errors: list[AttributionError] = Field(default_factory=list)
    status_errors: list[StatusError] = Field(default_factory=list)
    summary: SummaryCheck | None = None
    provenance: dict[str, Any] | None = Field(default=None, description="Backend, model, tokens, latency.")
    digest: dict[str, Any] | None = Field(default=None, description="The prediction, for re-scoring.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def metrics(self) -> dict[str, float | None]:
        return self.counts.metrics()


class GoldReport(BaseModel):
    """Micro-averaged totals over articles, with each article's details."""

    documents: list[DocReport]
    settings: dict[str, Any] = Field(default_factory=dict, description="How the run was made.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def totals(self) -> Counts:
        return sum((d.counts for d in self.documents), Counts())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def metrics(self) -> dict[str, float | None]:
        return self.totals.metrics()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def documents_failed(self) -> int:
        return sum(1 for d in self.documents if d.error)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (what `--out` writes)."""
        return self.model_dump(mode="json")


def aggregate(documents: Iterable[DocReport], settings: dict[str, Any] | None = None) -> GoldReport:
    return GoldReport(documents=list(documents), settings=settings or {})


# --- scoring ------------------------------------------------------------------------------------


def _figure_key(outcome: str, low: int | None, high: int | None) -> tuple[str, int | None, int | None]:
    return (outcome, low, high)


def _predicted_label(f: CasualtyFigure) -> str:
    probe = GoldCasualty(outcome=f.outcome, low=f.low, high=f.high, stated_by=[f.stated_by], status=f.status)
    return probe.label()


def _places_found(gold: GoldIncident, pred: Incident) -> list[str]:
    return [g for g in gold.places if any(same_place(g, p.name) for p in pred.places)]


def _incident_pair_score(pred: Incident, gold: GoldIncident) -> float | None:
    found = len(_places_found(gold, pred))
    same_type = pred.event_type == gold.event_type
    if not found and not same_type:
        return None
    pred_keys = Counter(_figure_key(f.outcome, f.low, f.high) for f in pred.casualties)
    gold_keys = Counter(_figure_key(f.outcome, f.low, f.high) for f in gold.casualties)
    common = sum((pred_keys & gold_keys).values())
    return found / max(len(gold.places), 1) + float(same_type) + 0.01 * common / max(len(gold.casualties), 1)


def _score_figures(pred: Incident, gold: GoldIncident, pred_index: int, report: DocReport) -> None:
    """Pair figures on outcome + low + high; among equal keys, prefer right source and status."""
    c = report.counts

    def pair_score(i: int, j: int) -> float | None:
        p, g = pred.casualties[i], gold.casualties[j]
        if _figure_key(p.outcome, p.low, p.high) != _figure_key(g.outcome, g.low, g.high):
            return None
        return 1.0 + 0.1 * source_matches(p.stated_by, g, gold) + 0.1 * (p.status == g.status)

    pairs = best_assignment(len(pred.casualties), len(gold.casualties), pair_score)
    c.figures_matched += len(pairs)
    for i, j in pairs:
        p, g = pred.casualties[i], gold.casualties[j]
        if source_matches(p.stated_by, g, gold):
            c.stated_by_correct += 1
        else:
            report.attribution_errors.append(
                AttributionError(
                    gold_key=gold.key,
                    figure=g.label(),
                    gold_stated_by=g.stated_by,
                    predicted_stated_by=p.stated_by,
                )
            )
        if p.status == g.status:
            c.status_correct += 1
        else:
            report.status_errors.append(
                StatusError(
                    gold_key=gold.key, figure=g.label(), gold_status=g.status, predicted_status=p.status
                )
            )
    matched_pred = {i for i, _ in pairs}
    matched_gold = {j for _, j in pairs}
    for j, g in enumerate(gold.casualties):
        if j not in matched_gold:
            report.missed_figures.append(MissedFigure(gold_key=gold.key, figure=g.label()))
    for i, p in enumerate(pred.casualties):
        if i not in matched_pred:
            report.spurious_figures.append(
                SpuriousFigure(pred_index=pred_index, figure=_predicted_label(p), gold_key=gold.key)
            )


def _whole_word(term: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def check_summary(summary: str, article: str, gold: GoldArticle) -> SummaryCheck:
    """Loaded words from `summary_must_not`, numbers not in the article, unattributed gold figures.

    Attribution is checked against the gold figures: gold, not the prediction,
    decides which figures the article does not confirm.
    """
    if not summary.strip():
        return SummaryCheck(present=False)
    figures = [f.as_figure() for inc in gold.incidents for f in inc.casualties]
    return SummaryCheck(
        present=True,
        loaded_words=[w for w in gold.summary_must_not if _whole_word(w, summary)],
        unsupported_numbers=unsupported_numbers(summary, article),
        unattributed_sentences=unattributed_figures(summary, figures),
    )


def score_prediction(
    doc: GoldDoc, incidents: Sequence[Incident], summary: str | None, *, error: str | None = None
) -> DocReport:
    """Score predicted incidents and summary text against one gold article.

    `summary=None` skips the summary checks (no summary was produced, e.g. the
    pipeline failed); an empty string counts as a summary that fails them.
    """
    gold = doc.gold
    report = DocReport(id=gold.id, path=str(doc.path), error=error)
    c = report.counts
    c.incidents_predicted = len(incidents)
    c.incidents_gold = len(gold.incidents)
    c.figures_predicted = sum(len(i.casualties) for i in incidents)
    c.figures_gold = sum(len(i.casualties) for i in gold.incidents)
    c.places_gold = sum(len(i.places) for i in gold.incidents)

    pairs = best_assignment(
        len(incidents),
        len(gold.incidents),
        lambda i, j: _incident_pair_score(incidents[i], gold.incidents[j]),
    )
    c.incidents_matched = len(pairs)
    for i, j in pairs:
        pred, g = incidents[i], gold.incidents[j]
        found = _places_found(g, pred)
        c.places_found += len(found)
        c.event_type_correct += pred.event_type == g.event_type
        report.incident_pairs.append(
            IncidentPair(
                gold_index=j,
                gold_key=g.key,
                pred_index=i,
                gold_event_type=g.event_type,
                pred_event_type=pred.event_type,
                places_found=found,
                places_missed=[p for p in g.places if p not in found],
            )
        )
        _score_figures(pred, g, i, report)

    paired_gold = {j for _, j in pairs}
    paired_pred = {i for i, _ in pairs}
    for j, g in enumerate(gold.incidents):
        if j not in paired_gold:
            report.missed_incidents.append(MissedIncident(gold_index=j, gold_key=g.key))
            report.missed_figures.extend(MissedFigure(gold_key=g.key, figure=f.label()) for f in g.casualties)
    for i, pred in enumerate(incidents):
        if i not in paired_pred:
            report.spurious_incidents.append(
                SpuriousIncident(
                    pred_index=i,
                    event_type=pred.event_type,
                    places=[p.name for p in pred.places],
                    description=pred.description,
                )
            )
            report.spurious_figures.extend(
                SpuriousFigure(pred_index=i, figure=_predicted_label(f), gold_key=None)
                for f in pred.casualties
            )

    if summary is not None:
        check = check_summary(summary, doc.text, gold)
        report.summary = check
        c.summaries_checked = 1
        c.summaries_without_loaded_words = int(check.present and not check.loaded_words)
        c.summaries_numbers_supported = int(check.present and not check.unsupported_numbers)
        c.summaries_figures_attributed = int(check.present and not check.unattributed_sentences)
        c.summaries_passed = int(check.passed)
    return report


def score_digest(doc: GoldDoc, digest: ArticleDigest, *, keep_digest: bool = True) -> DocReport:
    """Score a pipeline digest; the digest is kept in the report so it can be re-scored later."""
    report = score_prediction(doc, digest.incidents, digest.summary.text)
    p = digest.provenance
    report.provenance = {
        "backend": p.backend,
        "model": p.model,
        "prompt_version": p.prompt_version,
        "tokens": p.tokens.model_dump(),
        "attempts": p.attempts,
        "latency_s": p.latency_s,
        "cache_hit": p.cache_hit,
        "warnings": [w.code for w in p.warnings],
        "summary_method": digest.summary.method,
    }
    if keep_digest:
        report.digest = digest.model_dump(mode="json")
    return report


def failed_document(gold_id: str, path: str | Path | None, error: str) -> DocReport:
    """A document that could not be scored at all (its gold or text could not be read)."""
    return DocReport(id=gold_id, path=str(path) if path is not None else None, error=error)
