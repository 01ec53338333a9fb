"""docs/performance.md is the benchmark's own output, never edited by hand."""

from __future__ import annotations

import json

import pytest
from scenarios import ROOT, benchmark_script


def test_performance_doc_is_rendered_from_the_saved_results() -> None:
    saved = ROOT / "docs" / "performance.json"
    if not saved.exists():
        pytest.skip("no saved benchmark results")
    perf = benchmark_script("perf")
    data = json.loads(saved.read_text(encoding="utf-8"))
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert page == perf.render(data["results"], data["argv"]), (
        "docs/performance.md differs from what benchmarks/perf.py renders from docs/performance.json: "
        "rerun `python benchmarks/perf.py` (or `--from-json docs/performance.json`), do not edit by hand"
    )
