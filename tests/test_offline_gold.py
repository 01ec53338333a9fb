"""Figure precision/recall and attribution accuracy over every gold file in fixtures/gold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from offline_scoring import FIXTURES, Score, load_gold, score

from summarizer import pipeline
from summarizer.backends.rules import RulesBackend
from summarizer.pipeline import make_article

GOLD_FILES = sorted((FIXTURES / "gold").glob("*.json"))


def _score(path: Path) -> tuple[Score, dict]:
    gold, text = load_gold(path)
    digest = pipeline.digest(make_article(text, published=gold.get("published")), RulesBackend())
    for word in gold.get("summary_must_not", []):
        assert not re.search(rf"\b{re.escape(word)}\b", digest.summary.text, re.IGNORECASE), word
    assert digest.summary.checks_passed, digest.provenance.warnings
    for inc in digest.incidents:
        for e in [*inc.evidence, *(e for f in inc.casualties for e in f.evidence)]:
            assert text[e.start : e.end] == e.quote
    return score(digest, gold), gold


def test_there_are_enough_gold_files() -> None:
    names = [p.stem for p in GOLD_FILES]
    assert "seed-balochistan" in names
    assert sum(n.startswith("synthetic-") for n in names) >= 5


def test_seed_reaches_the_bar() -> None:
    s, _ = _score(FIXTURES / "gold" / "seed-balochistan.json")
    assert s.recall >= 0.9 and s.precision >= 0.9, (s.misses, s.extras)
    assert s.stated_by_accuracy >= 0.9 and s.status_accuracy >= 0.9, s.wrong


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_each_gold_file_stays_above_a_floor(path: Path) -> None:
    """A regression floor, not the target: held-out files are not tuned to reach 1.0."""
    s, _ = _score(path)
    assert s.recall >= 0.75 and s.precision >= 0.75, (s.misses, s.extras)
    assert s.stated_by_accuracy >= 0.75 and s.status_accuracy >= 0.75, s.wrong


def test_synthetic_development_set_aggregate() -> None:
    total = Score()
    for path in GOLD_FILES:
        s, gold = _score(path)
        if gold.get("synthetic") and not gold.get("held_out"):
            total.add(s)
    assert total.matched > 20
    assert total.precision >= 0.9 and total.recall >= 0.9
    assert total.stated_by_accuracy >= 0.9 and total.status_accuracy >= 0.9
