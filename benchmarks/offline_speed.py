"""Articles per second for the offline digest of the seed article, on one core.

Run: PYTHONPATH=. python benchmarks/offline_speed.py [runs]

The process is pinned to one CPU where the OS allows it. The prebuilt gazetteer
index is read once before timing (its one-off cost is printed separately). "warm" runs
repeat the same article, so the few whole-article caches (normalised text, suspect
spans, the article's numbers) help; "caches cleared" empties them before every run.
What one digest reads several times (sentences, numbers, cue hits) is kept for that
digest only (`summarizer.memo`), so no run reuses another's. Neither sees a cost paid once
per distinct text and kept (a regex compiled for the words one text holds, say): the
last line digests every fixture article once, each a text the process has not seen,
as a batch of real news does. A speed change must not raise it.
"""

from __future__ import annotations

import os
import sys
import time
import timeit
from pathlib import Path

from summarizer import grounding, injection, neutrality, pipeline, rules
from summarizer.backends.rules import RulesBackend
from summarizer.pipeline import make_article

RULES = RulesBackend()
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    article = make_article(
        (ROOT / "fixtures" / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")
    )
    started = time.perf_counter()
    pipeline.digest(article, RULES)
    print(f"first call (reads the prebuilt gazetteer index): {time.perf_counter() - started:.2f} s")

    def clear() -> None:
        grounding._normalised.cache_clear()
        injection.suspect_spans.cache_clear()
        neutrality._article_values.cache_clear()

    def cold() -> None:
        clear()
        pipeline.digest(article, RULES)

    fixtures = ROOT / "fixtures"
    distinct = sorted(fixtures.glob("articles/*.txt")) + sorted(fixtures.glob("gva/*.txt"))
    first_seen = [make_article(p.read_text(encoding="utf-8", errors="replace")) for p in distinct]

    cases = [
        ("rules.extract, warm", lambda: rules.extract(article)),
        ("pipeline.digest (rules), warm", lambda: pipeline.digest(article, RULES)),
        ("pipeline.digest (rules), caches cleared", cold),
    ]
    for name, fn in cases:
        best = min(timeit.repeat(fn, number=runs, repeat=3))
        per = best / runs * 1000
        print(f"{name}: best of 3 x {runs} runs: {per:.1f} ms/article, {runs / best:.0f} articles/s")
    started = time.process_time()
    for each in first_seen:
        pipeline.digest(each, RULES)
    per = (time.process_time() - started) / len(first_seen) * 1000
    print(f"pipeline.digest (rules), {len(first_seen)} fixture articles, each seen once: {per:.1f} ms each")


if __name__ == "__main__":
    main()
