"""The codebase stays ruff- and mypy-clean: checked with the suite, so CI enforces it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for p in ("summarizer", "tests", "benchmarks", "examples") if (ROOT / p).exists()]


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", *SOURCES], ["ruff", "format", "--check", *SOURCES], ["mypy", "summarizer"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    exe = shutil.which(command[0], path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail(f"{command[0]} is not installed: pip install -e '.[dev]'")
    result = subprocess.run([exe, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
