"""Machine instructions per seed article, counted by valgrind: a steady figure for A/B.

    python benchmarks/instructions.py               # rules backend and model path
    python benchmarks/instructions.py --only rules
    python benchmarks/instructions.py --scaling ../shared/eval/gva/dev.jsonl   # linearity

CPU time on a shared 2-core machine moves by 20-30% between runs with no code change, so
a change worth a few percent cannot be judged by `perf.py`'s milliseconds. The number of
instructions the interpreter executes for one digest does not move (same hash seed, same
input: runs of the rules backend agree to about 0.01%, of the model path, whose
event loop waits on a socket, to about 1%). Each workload runs twice under valgrind's cachegrind
(`--cache-sim=no`: the count only), digesting 2 and then 12 seed articles after the same
warm-up; the difference over 10 is the count per article, start-up and warm-up cancelled.
The table splits it by the C code that ran: how much is the regular-expression engine,
how much the bytecode interpreter. The stand-in model of the model path runs in its own
process, not traced. Needs valgrind (Debian package `valgrind`); takes about 3 minutes.

Instructions are not time: a regex engine's instructions run faster than the
interpreter's. The count tells whether a change did less work, not how many ms it saved.

`--scaling CORPUS` counts instead the rules backend's instructions per character at each
window size of `rules_scaling.py --corpus` (the same text cut into windows of 2 KB to 500 KB,
every window digested): whether the work grows with the text alone, read without the load
of other jobs that moves `perf.py`'s µs per character by more than the 1.3x target. Each
size is one traced process (warm-up, then the windows) less a traced warm-up alone; about
20 minutes on two idle cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "tests")]

from pages import SEED_TEXT  # noqa: E402

WORKLOADS = ("rules", "model")
SMALL, LARGE = 2, 12

#: C code by what it does, first match wins (file or function name of CPython 3.11+).
PARTS = [
    ("regular-expression engine (_sre)", re.compile(r"_sre")),
    ("character tables (\\w, case folding)", re.compile(r"unicodectype\.c")),
    ("bytecode interpreter and calls", re.compile(r"ceval|frame\.c|pycore_frame|call\.c|_PyEval_")),
    ("strings", re.compile(r"unicodeobject|stringlib|bytes_methods|codecs")),
    ("memory, reference counts, the collector", re.compile(r"obmalloc|malloc|gcmodule|mem(?:move|set|cpy)")),
    ("dicts, tuples, lists, attributes", re.compile(r"(?:dict|tuple|list|type)object|object\.c")),
]


def _articles(n: int) -> list[str]:
    return [f"{SEED_TEXT}\nEditor's note {i}.\n" for i in range(n)]


def _child_rules(n: int) -> None:
    from summarizer.backends.rules import RulesBackend
    from summarizer.pipeline import digest, make_article

    backend = RulesBackend()
    for text in _articles(3):  # warm-up: the gazetteer and the compiled patterns load here
        digest(make_article(text + "warm-up\n"), backend)
    for text in _articles(n):
        digest(make_article(text), backend)


def _child_model(n: int) -> None:
    from stub import Stub

    from summarizer.api import Summarizer
    from summarizer.pipeline import make_article
    from summarizer.settings import Settings

    with Stub(latency=0.0) as stub:
        client = Summarizer(Settings(base_url=stub.base_url, model="scripted-model", max_retries=0))

        async def run() -> None:
            for text in _articles(3):
                await client.asummarize_article(make_article(text + "warm-up\n"))
            for text in _articles(n):
                await client.asummarize_article(make_article(text))

        asyncio.run(run())


def _child_scaling(size: int, corpus: str, top: int) -> None:
    """Warm up as `rules_scaling.py --corpus` does, then digest the first `top` characters of
    `corpus` in windows of `size` (none when `size` is 0: the warm-up alone)."""
    import rules_scaling

    measured = rules_scaling.warm_up(rules_scaling.corpus_text(Path(corpus)), top)
    if size:
        rules_scaling._tiled(measured, size)


def read_counts(path: Path) -> Counter[str]:
    """Instructions by `file:function` from a cachegrind output file (event Ir only)."""
    counts: Counter[str] = Counter()
    fl = fn = ""
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("fl="):
            fl = line[3:]
        elif line.startswith("fn="):
            fn = line[3:]
        elif line[:1].isdigit():
            parts = line.split()
            if len(parts) >= 2:
                counts[f"{fl}:{fn}"] += int(parts[1])
    return counts


def _traced(workload: str, n: int, out: Path, *extra: str) -> Counter[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        f"--cachegrind-out-file={out}",
        sys.executable,
        __file__,
        "--child",
        workload,
        str(n),
        *extra,
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"instructions: the {workload} workload failed under valgrind: {tail}")
    return read_counts(out)


def per_article(workload: str) -> Counter[str]:
    """Instructions per seed article by `file:function`: (count at LARGE - count at SMALL) / 10."""
    with tempfile.TemporaryDirectory() as tmp:
        small = _traced(workload, SMALL, Path(tmp) / "small.out")
        large = _traced(workload, LARGE, Path(tmp) / "large.out")
    diff: Counter[str] = Counter()
    for key in small.keys() | large.keys():
        diff[key] = (large[key] - small[key]) // (LARGE - SMALL)
    return diff


def per_character(corpus: Path, top: int) -> dict[int, float]:
    """Rules-backend instructions per character at each window size of `rules_scaling.SIZES`
    (up to the characters the corpus has, at most `top`)."""
    import rules_scaling

    chars = min(top, len(rules_scaling.corpus_text(corpus)))
    out: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:

        def total(size: int) -> int:
            counts = _traced("scaling", size, Path(tmp) / f"{size}.out", str(corpus), str(top))
            return sum(counts.values())

        base = total(0)
        for size in (s for s in rules_scaling.SIZES if s <= chars):
            out[size] = (total(size) - base) / chars
            print(f"| {size:,} | {out[size]:,.0f} |", flush=True)
    return out


def split(counts: Counter[str]) -> list[tuple[str, int]]:
    """The counts summed by `PARTS`, the rest as "other"."""
    sums: Counter[str] = Counter()
    for key, value in counts.items():
        part = next((name for name, pattern in PARTS if pattern.search(key)), "other")
        sums[part] += value
    return [(name, sums[name]) for name, _ in PARTS] + [("other", sums["other"])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(WORKLOADS), help="rules, model or both (comma-separated)")
    parser.add_argument(
        "--scaling", type=Path, metavar="CORPUS", help="instructions per character by window size over CORPUS"
    )
    parser.add_argument("--top", type=int, default=500_000, help="characters of CORPUS read by --scaling")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        workload, n, *extra = args.child
        if workload == "scaling":
            _child_scaling(int(n), extra[0], int(extra[1]))
        else:
            {"rules": _child_rules, "model": _child_model}[workload](int(n))
        return 0
    if args.scaling is not None and not args.scaling.exists():
        parser.error(f"--scaling: no such corpus: {args.scaling}")
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload {unknown[0]!r}: choose from {', '.join(WORKLOADS)}")
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if args.scaling is not None:
        print(f"rules backend, instructions per character of the first {args.top:,} characters of")
        print(f"{args.scaling.name} cut into windows of each size:\n")
        print("| window | instructions per character |\n|---:|---:|")
        per_char = per_character(args.scaling, args.top)
        ratio = max(per_char.values()) / min(per_char.values())
        print(f"\nlargest / smallest: {ratio:.2f}x (issue 14's target for CPU time: within 1.3x)")
        return 0
    for workload in wanted:
        counts = per_article(workload)
        total = sum(counts.values())
        label = "rules backend (the digest)" if workload == "rules" else "model path, 0 ms model (client)"
        print(f"\n{label}: {total / 1e6:.1f} million instructions per seed article")
        print("| C code | million | share |\n|---|---:|---:|")
        for name, value in split(counts):
            print(f"| {name} | {value / 1e6:.1f} | {value / total:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
