"""runtime.settle: after the first digest a process's long-lived objects leave the collector's walk."""

from __future__ import annotations

import os
import subprocess
import sys

from summarizer import runtime

PROBE = """
import gc, os
if os.environ.get("PROBE_THRESHOLD"):
    gc.set_threshold(int(os.environ["PROBE_THRESHOLD"]))
from summarizer.backends.rules import RulesBackend
from summarizer.pipeline import digest, make_article
before = gc.get_freeze_count()
digest(make_article("Gunmen killed two people in Quetta on Monday, police said."), RulesBackend())
after = gc.get_freeze_count()
digest(make_article("A man was shot and wounded in Dayton on Monday, police said."), RulesBackend())
print(before, after, gc.get_freeze_count(), gc.get_threshold()[0])
"""


def _run(env: dict[str, str]) -> list[int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env={**os.environ, **env}, capture_output=True, text=True, check=True
    )
    return [int(x) for x in out.stdout.split()]


def test_the_first_digest_freezes_the_process_once() -> None:
    before, after, later, young = _run({})
    # (Python 3.12 starts with a few hundred objects frozen already: counted from `before`.)
    assert after - before > 10_000  # the modules and indexes, at least
    assert later <= after  # once: what later articles create is collected as usual (not frozen)
    assert young == runtime.YOUNG_THRESHOLD  # Python's own (700; 2000 from 3.13) raised


def test_an_application_s_own_threshold_is_kept() -> None:
    assert _run({"PROBE_THRESHOLD": "500"})[3] == 500


def test_the_freeze_can_be_turned_off() -> None:
    before, after, later, young = _run({"SUMMARIZER_NO_GC_FREEZE": "1"})
    assert before == after == later and young == runtime._PYTHON_DEFAULT
