"""CPU cost of starting the command: `summarizer --version` and a one-article rules run.

Run: python benchmarks/startup.py [runs]      (default 5 runs each; prints medians)

Each command runs as a child process with no model configured (the rules
backend); its CPU time (user + system) is read with resource.getrusage
(RUSAGE_CHILDREN) around the child, so the figures do not depend on how busy
the machine is, only on what the process does. Wall time is printed too, for
information. Targets (issue 10): --version < 0.5 s, one article < 1.5 s.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "balochistan-ians.txt"
PAGE = ROOT / "fixtures" / "articles" / "seed.html"


def _command() -> list[str]:
    found = shutil.which("summarizer", path=str(Path(sys.executable).parent)) or shutil.which("summarizer")
    return [found] if found else [sys.executable, "-m", "summarizer"]


def measure(args: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child run; fails loudly if the command fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    base = _command()
    cases = {
        "summarizer --version": [*base, "--version"],
        "one article, rules (text file)": [*base, "--file", str(ARTICLE), "--format", "json"],
        "one article, rules (HTML page)": [*base, "--file", str(PAGE), "--format", "json"],
    }
    header = f"{'command':<34} {'CPU s (median)':>15} {'min':>6} {'max':>6} {'wall s (median)':>16}"
    print(f"{header}   runs={runs}")
    for name, args in cases.items():
        samples = [measure(args) for _ in range(runs)]
        cpu = [s[0] for s in samples]
        wall = [s[1] for s in samples]
        print(
            f"{name:<34} {statistics.median(cpu):>15.3f} {min(cpu):>6.3f} {max(cpu):>6.3f} "
            f"{statistics.median(wall):>16.3f}"
        )


if __name__ == "__main__":
    main()
