"""Time per character of the rules backend from 2k to 500k characters (is it linear?).

Run: PYTHONPATH=. python benchmarks/rules_scaling.py [max_chars] [runs]

Three texts, each cut to every size: real-looking news (the seed article
repeated, paragraphs kept: incident-dense text), and the two crafted worst
cases of issue 15 item 9: "killed " repeated (one 455 KB sentence of outcome
cues) and "5 killed," repeated (a cue and a count every 9 characters).

Each cell is the median CPU time (this process's, `time.process_time`) of
`runs` digests (default 3), with the range: CPU time, not wall time, because
on a shared machine the wall clock mostly measures the other jobs. Linear
cost shows as a flat microseconds-per-character column; the last table gives,
per text, the largest over the smallest per-character median (issue 14's
target: within 1.3x from 2 KB to 500 KB).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from summarizer.backends.rules import RulesBackend
from summarizer.pipeline import digest, make_article

ROOT = Path(__file__).resolve().parent.parent
SIZES = [2_000, 10_000, 50_000, 100_000, 200_000, 500_000]
TARGET = 1.3


def _digest_rules(text: str) -> float:
    """CPU seconds of one digest of `text` with the rules backend."""
    article = make_article(text)
    started = time.process_time()
    digest(article, RulesBackend())
    return time.process_time() - started


def texts() -> dict[str, str]:
    seed = (ROOT / "fixtures" / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")
    return {
        "news (seed repeated)": (seed.strip() + "\n\n") * (500_000 // len(seed) + 2),
        '"killed " repeated': "killed " * 72_000,
        '"5 killed," repeated': "5 killed," * 56_000,
    }


def main() -> None:
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    _digest_rules("Gunmen killed two people in Quetta, police said.")  # warm the indexes
    _digest_rules("killed " * 400)  # and the language detector (texts with no function words)
    print(f"CPU time per digest, median of {runs} runs (range).\n")
    print("| text | chars | CPU s | µs/char |")
    print("|---|---:|---:|---:|")
    per_char: dict[str, list[float]] = {}
    for name, text in texts().items():
        for size in (s for s in SIZES if s <= top):
            took = [_digest_rules(text[:size]) for _ in range(runs)]
            med = statistics.median(took)
            per_char.setdefault(name, []).append(med / size * 1e6)
            spread = f"{min(took):.2f}-{max(took):.2f}"
            print(f"| {name} | {size:,} | {med:.2f} ({spread}) | {med / size * 1e6:.1f} |", flush=True)
    print(f"\n| text | largest / smallest µs/char | within {TARGET}x |")
    print("|---|---:|---|")
    for name, values in per_char.items():
        ratio = max(values) / min(values)
        print(f"| {name} | {ratio:.2f} | {'yes' if ratio <= TARGET else 'no'} |")


if __name__ == "__main__":
    main()
