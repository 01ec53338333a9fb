"""Time per character of the rules backend from 2k to 500k characters (is it linear?).

Run: PYTHONPATH=. python benchmarks/rules_scaling.py [max_chars] [runs] [--corpus PATH]

Without `--corpus`, three texts, each cut to every size: real-looking news (the seed
article repeated, paragraphs kept: incident-dense text), and the two crafted worst cases
of issue 15 item 9: "killed " repeated (one 455 KB sentence of outcome cues) and
"5 killed," repeated (a cue and a count every 9 characters). The repeated seed flatters
large sizes: a digest reads each distinct sentence once (`summarizer.memo`), so a large
cut is mostly sentences already read.

With `--corpus` (real articles the repository does not hold: a JSON-lines file whose rows
carry `text` or `articles: [{"text": ...}]`, such as the GVA set, or a folder of .txt
files), the articles are joined into one distinct text, and at every size the same first
`max_chars` of it are cut into consecutive windows of that size and each window digested:
the per-character cost at a size is the windows' CPU over their characters, so every size
reads the same text. Another stretch of the corpus is digested first (windows of 2k and
20k), so the one-time loads (patterns compiled on first use) fall on no size.

Each cell is the median CPU time (this process's, `time.process_time`) of `runs` digests
(default 3), with the range: CPU time, not wall time, because on a shared machine the wall
clock mostly measures the other jobs. Linear cost shows as a flat microseconds-per-character
column; the last table gives, per text, the largest over the smallest per-character median
(issue 14's target: within 1.3x from 2 KB to 500 KB).
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def corpus_text(path: Path) -> str:
    """The corpus's articles joined by blank lines, in file order."""
    if path.is_dir():
        return "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(path.glob("*.txt")))
    texts: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for item in row.get("articles") or [row]:
            if (item.get("text") or "").strip():
                texts.append(item["text"].strip())
    return "\n\n".join(texts)


def _tiled(text: str, size: int) -> float:
    """CPU seconds to digest `text` cut into consecutive windows of `size` characters."""
    return sum(_digest_rules(text[i : i + size]) for i in range(0, len(text), size))


def warm_up(joined: str, top: int) -> str:
    """The first `top` characters of `joined`, after digesting another stretch of it (windows of
    2k and 20k), so the one-time loads (patterns compiled on first use) fall on no size."""
    measured, rest = joined[:top], joined[top:] or joined[: min(top, 100_000)]
    _digest_rules("Gunmen killed two people in Quetta, police said.")  # warm the indexes
    for size in (2_000, 20_000):
        _tiled(rest[:100_000], size)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("max_chars", nargs="?", type=int, default=500_000)
    parser.add_argument("runs", nargs="?", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="real articles to join (JSON lines or a folder of .txt)")
    args = parser.parse_args()
    top, runs = args.max_chars, args.runs
    _digest_rules("Gunmen killed two people in Quetta, police said.")  # warm the indexes
    _digest_rules("killed " * 400)  # and the language detector (texts with no function words)
    per_char: dict[str, list[float]] = {}
    if args.corpus:
        joined = corpus_text(args.corpus)
        measured = warm_up(joined, top)
        print(f"{args.corpus.name}: the first {len(measured):,} characters of {len(joined):,}, cut into")
        print(f"windows of each size; CPU time of all windows, median of {runs} runs (range).\n")
        print("| windows of | windows | CPU s | µs/char |")
        print("|---:|---:|---:|---:|")
        for size in (s for s in SIZES if s <= len(measured)):
            took = [_tiled(measured, size) for _ in range(runs)]
            med = statistics.median(took)
            per_char.setdefault(f"{args.corpus.name} (distinct articles)", []).append(
                med / len(measured) * 1e6
            )
            count = -(-len(measured) // size)
            spread = f"{min(took):.2f}-{max(took):.2f}"
            print(
                f"| {size:,} | {count} | {med:.2f} ({spread}) | {med / len(measured) * 1e6:.2f} |", flush=True
            )
    else:
        print(f"CPU time per digest, median of {runs} runs (range).\n")
        print("| text | chars | CPU s | µs/char |")
        print("|---|---:|---:|---:|")
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
