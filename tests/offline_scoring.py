"""A small local scorer for offline-extractor tests: figure precision/recall and attribution accuracy.

Deliberately minimal (the project's real scorer lives elsewhere): a predicted
figure matches a gold figure when outcome, low and high agree; pairs are
taken one-to-one, preferring pairs whose source also agrees, so that a claim
and its denial (same number, different speakers) pair up correctly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from summarizer.schemas import ArticleDigest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def normalise_name(name: str) -> str:
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    name = re.sub(r"[^\w\s]", " ", name)
    return " ".join(w for w in name.split() if w not in ("a", "an", "the"))


def same_source(predicted: str, gold: list[str]) -> bool:
    """Fuzzy: equal, one inside the other, or close as token sets."""
    p = normalise_name(predicted)
    for g in gold:
        n = normalise_name(g)
        if not n or not p:
            continue
        if p == n or f" {n} " in f" {p} " or f" {p} " in f" {n} " or fuzz.token_set_ratio(p, n) >= 90:
            return True
    return False


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    stated_by_ok: int = 0
    status_ok: int = 0
    qualifier_ok: int = 0
    victims_ok: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "gold",
            "predicted",
            "matched",
            "stated_by_ok",
            "status_ok",
            "qualifier_ok",
            "victims_ok",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.extras += other.extras
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def stated_by_accuracy(self) -> float:
        return self.stated_by_ok / self.matched if self.matched else 1.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.matched if self.matched else 1.0


def load_gold(path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (FIXTURES / gold["text_file"]).read_text(encoding="utf-8")
    return gold, text


def score(digest: ArticleDigest, gold: dict[str, Any]) -> Score:
    gold_figs = [f for inc in gold["incidents"] for f in inc["casualties"]]
    pred = [f for inc in digest.incidents for f in inc.casualties]
    result = Score(gold=len(gold_figs), predicted=len(pred))
    free = list(range(len(pred)))
    pairs = []
    for want_source in (True, False):
        for gi, g in enumerate(gold_figs):
            if any(p[0] == gi for p in pairs):
                continue
            for pi in free:
                f = pred[pi]
                if (f.outcome.value, f.low, f.high) != (g["outcome"], g["low"], g["high"]):
                    continue
                if want_source and not (
                    same_source(f.stated_by, g["stated_by"]) and f.status.value == g["status"]
                ):
                    continue
                pairs.append((gi, pi))
                free.remove(pi)
                break
    for gi, pi in pairs:
        g, f = gold_figs[gi], pred[pi]
        result.matched += 1
        ok_source = same_source(f.stated_by, g["stated_by"])
        result.stated_by_ok += ok_source
        result.status_ok += f.status.value == g["status"]
        result.qualifier_ok += f.qualifier.value == g["qualifier"]
        result.victims_ok += f.victims.value == g["victims"]
        if not ok_source or f.status.value != g["status"]:
            got = f"{f.stated_by!r}/{f.status.value}"
            result.wrong.append(f"{g['outcome']} {g['low']}: got {got}, gold {g['stated_by']}/{g['status']}")
    matched_gold = {gi for gi, _ in pairs}
    result.misses = [
        f"{g['outcome']} {g['low']}-{g['high']} {g['stated_by'][0]}"
        for i, g in enumerate(gold_figs)
        if i not in matched_gold
    ]
    result.extras = [
        f"{pred[i].outcome.value} {pred[i].low}-{pred[i].high} {pred[i].stated_by}" for i in free
    ]
    return result
