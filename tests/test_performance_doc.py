"""docs/performance.md is the benchmark's own output, never edited by hand."""

from __future__ import annotations

import importlib.util
import json

import pytest
from scenarios import ROOT


def test_performance_doc_is_rendered_from_the_saved_results() -> None:
    saved = ROOT / "docs" / "performance.json"
    if not saved.exists():
        pytest.skip("no saved benchmark results")
    spec = importlib.util.spec_from_file_location("perf_bench", ROOT / "benchmarks" / "perf.py")
    assert spec is not None and spec.loader is not None
    perf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(perf)  # it puts benchmarks/ on sys.path for its own imports
    data = json.loads(saved.read_text(encoding="utf-8"))
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert page == perf.render(data["results"], data["argv"]), (
        "docs/performance.md differs from what benchmarks/perf.py renders from docs/performance.json: "
        "rerun `python benchmarks/perf.py` (or `--from-json docs/performance.json`), do not edit by hand"
    )
