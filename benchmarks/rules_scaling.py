"""Time per character of the rules backend from 2k to 500k characters (is it linear?).

Run: PYTHONPATH=. python benchmarks/rules_scaling.py [max_chars]

Three texts, each cut to every size: real-looking news (the seed article
repeated, paragraphs kept), and the two crafted worst cases of issue 15
item 9: "killed " repeated (one 455 KB sentence of outcome cues) and
"5 killed," repeated (a cue and a count every 9 characters). Linear cost
shows as a flat microseconds-per-character column.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from summarizer.pipeline import digest_offline, make_article

ROOT = Path(__file__).resolve().parent.parent
SIZES = [2_000, 10_000, 50_000, 100_000, 200_000, 500_000]


def texts() -> dict[str, str]:
    seed = (ROOT / "fixtures" / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")
    return {
        "news (seed repeated)": (seed.strip() + "\n\n") * (500_000 // len(seed) + 2),
        '"killed " repeated': "killed " * 72_000,
        '"5 killed," repeated': "5 killed," * 56_000,
    }


def main() -> None:
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    digest_offline(make_article("Gunmen killed two people in Quetta, police said."))  # warm the indexes
    digest_offline(make_article("killed " * 400))  # and the language detector (texts with no function words)
    print("| text | chars | seconds | µs/char |")
    print("|---|---:|---:|---:|")
    for name, text in texts().items():
        for size in (s for s in SIZES if s <= top):
            article = make_article(text[:size])
            started = time.perf_counter()
            digest_offline(article)
            took = time.perf_counter() - started
            print(f"| {name} | {size:,} | {took:.2f} | {took / size * 1e6:.1f} |", flush=True)


if __name__ == "__main__":
    main()
