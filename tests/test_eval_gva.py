"""`summarizer eval gva`: the loader, the main-incident rule and the measures."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.cli_eval import app
from summarizer.eval.gva import GvaError, evaluate_gva, load_gva
from summarizer.settings import Settings

SAMPLE = Path(__file__).parent.parent / "fixtures" / "eval" / "gva" / "sample.jsonl"


def test_load_gva_reads_incidents_and_articles() -> None:
    incidents = load_gva(SAMPLE)
    assert [i.incident_id for i in incidents] == ["1", "2"]
    assert incidents[1].injured == 2 and len(incidents[1].articles) == 2
    assert incidents[0].articles[0].dct == "2015-03-01"


def test_load_gva_names_a_bad_file(tmp_path: Path) -> None:
    with pytest.raises(GvaError, match="no such GVA file"):
        load_gva(tmp_path)
    bad = tmp_path / "dev.jsonl"
    bad.write_text('{"incident_id": "1"}\n', encoding="utf-8")
    with pytest.raises(GvaError, match=r"dev\.jsonl:1"):
        load_gva(tmp_path)


def test_evaluate_gva_scores_main_incident() -> None:
    report = evaluate_gva(SAMPLE, Summarizer(Settings.from_env(offline=True)))
    rows = {r.doc_id: r for r in report.rows}
    assert (rows["a1"].killed, rows["a1"].injured) == (1, 0)
    assert (rows["b1"].killed, rows["b1"].injured) == (0, 2)
    assert rows["b2"].killed is None  # the bake sale has no incident: nothing found, never "0"
    m = report.metrics()
    assert m["articles"] == 3 and m["killed_exact"] == pytest.approx(2 / 3)
    assert m["nothing_found"] == pytest.approx(1 / 3)
    assert m["baseline_always_0_killed"] == pytest.approx(2 / 3)


def test_cli_gva_prints_the_measures(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["gva", str(SAMPLE), "--backend", "offline", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "killed_exact" in result.output and out.is_file()
