"""docs/reliability.md's tables are the suite's own counts (tests/reliability_tally.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_reliability_tally_in_the_docs_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "reliability_tally.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
