"""MUC-4 template-filling score as reported for GTT (micro-F1 over six slots).

The metric, per document:

1. Mentions are normalised: lower-cased, ASCII punctuation deleted (not
   replaced by a space: ``"pena--alleged"`` becomes ``"penaalleged"``), the
   articles a/an/the dropped, white space squeezed.
2. Predicted templates are assigned one-to-one to gold templates; a
   predicted template may stay unassigned. A pair can only be formed when
   the predicted incident type is a substring of the gold one (``attack``
   fits ``attack / bombing``). Pairing incompatible templates would score the
   same as leaving both unassigned, so such pairs are never formed.
3. In a pair, per role, a predicted entity is correct when it has mentions
   and all of them are among one gold entity's mentions; a gold entity is
   found when some predicted entity is correct for it. One predicted entity
   can therefore be credited against several gold entities for recall, and
   each of several predicted entities fitting one gold entity is counted
   correct. The incident type counts as one correct slot on both sides.
4. Every predicted slot (one per template for the incident type, one per
   entity) is in the precision denominator, every gold slot in the recall
   denominator, assigned or not; so denominators do not depend on the
   assignment, and only the numerators do.
5. The assignment with the best micro-F1 (all six slots pooled) is kept.
   Ties go to the first best assignment in lexicographic order over the
   predicted templates in document order, where "unassigned" comes before
   the gold templates in document order.

Counts are summed over documents; a document with no gold (or no
prediction) only adds to the precision (recall) denominators.

Choices that reproduce the published GTT test figures (micro P/R/F1
61.69/42.36/50.23 on ``gtt_test_predictions.json``), found by trying the
variants against that table:

* Gold is ``test.jsonl`` with exact duplicate templates dropped (8
  templates in 6 documents), as in the gold embedded in the predictions file.
  Keeping the duplicates gives micro 62.77/41.97/50.30 and
  incident_type 82.52/56.46/67.05.
* Recall credits one predicted entity against every gold entity it fits
  (Weapon recall is 39/67 = 58.21; one-to-one entity matching gives 56.72).
* Tie-breaking only matters in two test documents (40078, 40088), where
  tied assignments differ in which role gets the credit. The order above
  reproduces the table; taking the last best assignment, or enumerating
  gold templates instead of predicted ones, moves PerpInd, Target and
  Victim (e.g. PerpInd F1 42.60 instead of 44.04), not the micro row.
* The GTT predictions have one mention per entity and no repeated entity,
  so the table cannot tell the multi-mention and duplicate rules in (3)
  from alternatives; they follow the metric's description literally.

Search: the assignment is a depth-first search over the predicted
templates in the tie-break order, with exact (``Fraction``) F1 and a
branch-and-bound cut: a branch is dropped when even the best partner for
every remaining predicted template, ignoring one-to-one, could not beat the
best F1 found so far. Pair scores are computed once per document. The
200 test documents (at most 3 predicted and 6 gold templates each) take
about 20 ms; the search stays exponential in the worst case (random 12x12
documents of one incident type take up to about a second).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from summarizer.eval.muc4 import ROLES, Template, load_docs, load_gtt_predictions

__all__ = [
    "ROLES",
    "SLOTS",
    "GttScore",
    "SlotCounts",
    "Template",
    "best_assignment",
    "normalize_mention",
    "score_corpus",
    "score_document",
    "score_gtt_predictions",
]

SLOTS: tuple[str, ...] = ("incident_type", *ROLES)
"""Scored slots in table order; micro-F1 pools all of them."""

_DROP_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_mention(text: str) -> str:
    """Canonical form for comparing mention strings (see module docstring, step 1)."""
    text = text.lower().translate(_DROP_PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class SlotCounts:
    """Counts behind one P/R/F1 triple; they add up across documents and slots."""

    p_num: int = 0  # correct predicted slots
    p_den: int = 0  # predicted slots
    r_num: int = 0  # gold slots found
    r_den: int = 0  # gold slots

    def __add__(self, other: SlotCounts) -> SlotCounts:
        return SlotCounts(
            self.p_num + other.p_num,
            self.p_den + other.p_den,
            self.r_num + other.r_num,
            self.r_den + other.r_den,
        )

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class GttScore:
    """Corpus totals per slot; the micro row is derived, never stored."""

    slots: dict[str, SlotCounts]
    documents: int = 0

    @property
    def micro(self) -> SlotCounts:
        return sum(self.slots.values(), SlotCounts())

    def rows(self) -> list[tuple[str, SlotCounts]]:
        return [*self.slots.items(), ("micro", self.micro)]

    def to_table(self) -> list[tuple[str, float, float, float]]:
        """(slot, P, R, F1) in percent, rounded to 2 decimals, micro last."""
        return [(name, _pct(c.precision), _pct(c.recall), _pct(c.f1)) for name, c in self.rows()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: raw counts and percentages per slot, plus the document count."""
        return {
            "documents": self.documents,
            "slots": {
                name: {
                    "p_num": c.p_num,
                    "p_den": c.p_den,
                    "r_num": c.r_num,
                    "r_den": c.r_den,
                    "precision": _pct(c.precision),
                    "recall": _pct(c.recall),
                    "f1": _pct(c.f1),
                }
                for name, c in self.rows()
            },
        }


def _pct(value: float) -> float:
    return round(100 * value, 2)


@dataclass(frozen=True)
class _Prepared:
    """A template with normalised mentions, entities as mention sets, per role."""

    incident_type: str
    roles: tuple[tuple[frozenset[str], ...], ...]  # indexed like ROLES


def _entity(mentions: Sequence[str]) -> frozenset[str]:
    # A bare string would silently become a set of characters.
    if isinstance(mentions, str):
        raise TypeError(f"an entity is a list of mention strings, got {mentions!r}")
    return frozenset(normalize_mention(m) for m in mentions)


def _prepare(template: Template) -> _Prepared:
    roles = tuple(tuple(_entity(entity) for entity in template.get(role, [])) for role in ROLES)
    return _Prepared(str(template.get("incident_type", "")).strip().lower(), roles)


def _compatible(pred: _Prepared, gold: _Prepared) -> bool:
    # An empty type would be a substring of everything; it matches nothing instead.
    return bool(pred.incident_type) and pred.incident_type in gold.incident_type


def _pair_gains(pred: _Prepared, gold: _Prepared) -> tuple[tuple[int, int], ...]:
    """(correct predicted, found gold) per slot, in SLOTS order, for a fitting pair."""
    gains = [(1, 1)]
    for pred_entities, gold_entities in zip(pred.roles, gold.roles, strict=True):
        hits = [[bool(p) and p <= g for g in gold_entities] for p in pred_entities]
        correct = sum(any(row) for row in hits)
        found = sum(any(row[j] for row in hits) for j in range(len(gold_entities)))
        gains.append((correct, found))
    return tuple(gains)


def _slot_totals(templates: list[_Prepared]) -> list[int]:
    """Slots per SLOTS entry: the denominators, which no assignment changes."""
    totals = [len(templates), *([0] * len(ROLES))]
    for template in templates:
        for k, entities in enumerate(template.roles, start=1):
            totals[k] += len(entities)
    return totals


def _micro_f1(p_num: int, r_num: int, p_den: int, r_den: int) -> Fraction:
    """Exact 2PR/(P+R), so that equal scores compare equal when breaking ties."""
    if p_num == 0 or r_num == 0:
        return Fraction(0)
    return Fraction(2 * p_num * r_num, p_num * r_den + r_num * p_den)


def _search(
    gains: Sequence[Sequence[tuple[int, int] | None]], p_den: int, r_den: int
) -> tuple[int | None, ...]:
    """Best one-to-one partial assignment.

    ``gains[i][j]`` is the micro (correct, found) gain of pairing predicted
    template i with gold template j, or None when they cannot pair.
    """
    n = len(gains)
    options = [[j for j, g in enumerate(row) if g is not None] for row in gains]
    # Optimistic numerators still reachable from predicted template i onwards.
    rest_p = [0] * (n + 1)
    rest_r = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        row = [g for g in gains[i] if g is not None]
        rest_p[i] = rest_p[i + 1] + max((g[0] for g in row), default=0)
        rest_r[i] = rest_r[i + 1] + max((g[1] for g in row), default=0)

    current: list[int | None] = []
    best: tuple[int | None, ...] | None = None
    best_f1 = Fraction(0)

    def visit(i: int, used: int, p_num: int, r_num: int) -> None:
        nonlocal best, best_f1
        if i == n:
            f1 = _micro_f1(p_num, r_num, p_den, r_den)
            if best is None or f1 > best_f1:
                best, best_f1 = tuple(current), f1
            return
        # Later leaves replace the best only when strictly better: ``<=`` prunes safely.
        if best is not None and _micro_f1(p_num + rest_p[i], r_num + rest_r[i], p_den, r_den) <= best_f1:
            return
        current.append(None)
        visit(i + 1, used, p_num, r_num)
        current.pop()
        for j in options[i]:
            if not (used >> j) & 1:
                gain = gains[i][j]
                assert gain is not None
                current.append(j)
                visit(i + 1, used | (1 << j), p_num + gain[0], r_num + gain[1])
                current.pop()

    visit(0, 0, 0, 0)
    assert best is not None
    return best


def _assign(
    pred: list[_Prepared], gold: list[_Prepared]
) -> tuple[tuple[int | None, ...], list[list[tuple[tuple[int, int], ...] | None]]]:
    pair = [[_pair_gains(p, g) if _compatible(p, g) else None for g in gold] for p in pred]
    micro = [
        [None if s is None else (sum(x for x, _ in s), sum(y for _, y in s)) for s in row] for row in pair
    ]
    return _search(micro, sum(_slot_totals(pred)), sum(_slot_totals(gold))), pair


def best_assignment(pred: list[Template], gold: list[Template]) -> tuple[int | None, ...]:
    """For each predicted template, the index of its gold template, or None."""
    assignment, _ = _assign([_prepare(t) for t in pred], [_prepare(t) for t in gold])
    return assignment


def score_document(pred: list[Template], gold: list[Template]) -> dict[str, SlotCounts]:
    """Per-slot counts for one document under its best assignment."""
    pred_p = [_prepare(t) for t in pred]
    gold_p = [_prepare(t) for t in gold]
    assignment, pair = _assign(pred_p, gold_p)
    p_den, r_den = _slot_totals(pred_p), _slot_totals(gold_p)
    p_num = [0] * len(SLOTS)
    r_num = [0] * len(SLOTS)
    for i, j in enumerate(assignment):
        if j is None:
            continue
        gains = pair[i][j]
        assert gains is not None
        for k, (correct, found) in enumerate(gains):
            p_num[k] += correct
            r_num[k] += found
    return {slot: SlotCounts(p_num[k], p_den[k], r_num[k], r_den[k]) for k, slot in enumerate(SLOTS)}


def score_corpus(pairs: Iterable[tuple[list[Template], list[Template]]]) -> GttScore:
    """Sum per-document counts over (predicted, gold) template lists."""
    totals = {slot: SlotCounts() for slot in SLOTS}
    documents = 0
    for pred, gold in pairs:
        documents += 1
        for slot, counts in score_document(pred, gold).items():
            totals[slot] = totals[slot] + counts
    return GttScore(totals, documents)


def score_gtt_predictions(predictions_path: str | Path, gold_path: str | Path) -> GttScore:
    """Score a GTT-format predictions file against a MUC-4 ``.jsonl`` split.

    Gold comes from the split (de-duplicated), not from the predictions
    file's embedded copy. Every gold document is scored; one with no
    prediction counts as predicting nothing. A prediction for a document
    not in the split is an error, since it would silently go unscored.
    """
    gold = {doc.key: doc.gold_templates() for doc in load_docs(gold_path)}
    predictions = load_gtt_predictions(predictions_path)
    unknown = sorted(predictions.keys() - gold.keys())
    if unknown:
        raise ValueError(f"predictions for documents not in {gold_path}: {unknown[:5]}")
    return score_corpus(
        (predictions[key].pred_templates if key in predictions else [], templates)
        for key, templates in gold.items()
    )
