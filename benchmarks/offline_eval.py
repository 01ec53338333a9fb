"""Figure precision/recall and attribution accuracy of the offline extractor on fixtures/gold.

Run: PYTHONPATH=. python benchmarks/offline_eval.py

Uses the small local scorer in tests/offline_scoring.py (figures match on
outcome, low and high; stated_by matches fuzzily; status exactly).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from offline_scoring import Score, load_gold, score  # noqa: E402

from summarizer import pipeline  # noqa: E402
from summarizer.backends.rules import RulesBackend  # noqa: E402
from summarizer.pipeline import make_article  # noqa: E402


def main() -> None:
    groups = {"seed": Score(), "synthetic (development)": Score(), "synthetic (held out)": Score()}
    print("| file | gold | predicted | P | R | stated_by | status | incidents (got/gold) |")
    print("|---|---|---|---|---|---|---|---|")
    for path in sorted((ROOT / "fixtures" / "gold").glob("*.json")):
        gold, text = load_gold(path)
        digest = pipeline.digest(make_article(text, published=gold.get("published")), RulesBackend())
        s = score(digest, gold)
        key = (
            "synthetic (held out)"
            if gold.get("held_out")
            else "synthetic (development)"
            if gold.get("synthetic")
            else "seed"
        )
        groups[key].add(s)
        print(
            f"| {path.stem} | {s.gold} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | "
            f"{s.stated_by_accuracy:.2f} | {s.status_accuracy:.2f} | "
            f"{len(digest.incidents)}/{len(gold['incidents'])} |"
        )
        for line in s.misses:
            print(f"|   missed: {line} |")
        for line in s.extras:
            print(f"|   extra: {line} |")
        for line in s.wrong:
            print(f"|   wrong: {line} |")
    print()
    for name, s in groups.items():
        print(
            f"{name}: {s.matched}/{s.gold} gold figures found, {s.matched}/{s.predicted} predicted correct; "
            f"P {s.precision:.2f} R {s.recall:.2f} "
            f"stated_by {s.stated_by_accuracy:.2f} status {s.status_accuracy:.2f}"
        )


if __name__ == "__main__":
    main()
