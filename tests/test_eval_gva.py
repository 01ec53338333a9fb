"""`summarizer eval gva`: the loader, the main-incident rule and the measures."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.cli import app
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
    result = CliRunner().invoke(app, ["eval", "gva", str(SAMPLE), "--backend", "offline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "killed_exact" in result.output and out.is_file()


def test_clusters_save_digests_and_replay_them(tmp_path: Path) -> None:
    import json

    saved, first, second = tmp_path / "d.jsonl", tmp_path / "r1.json", tmp_path / "r2.json"
    base = ["eval", "gva", str(SAMPLE), "--backend", "offline", "--clusters"]
    result = CliRunner().invoke(app, [*base, "--save-digests", str(saved), "-o", str(first)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc_id"] for line in saved.read_text().splitlines()] == ["a1", "b1", "b2"]
    result = CliRunner().invoke(app, [*base, "--replay", str(saved), "-o", str(second)])
    assert result.exit_code == 0, result.output
    one, two = (json.loads(p.read_text())["metrics"] for p in (first, second))
    assert two["digests_replayed"] and not one["digests_replayed"]
    for key in ("tool", "events", "per_article_killed_exact", "incident_killed_exact_conservative"):
        assert one[key] == two[key]
    saved.write_text(saved.read_text().splitlines()[0] + "\n")
    result = CliRunner().invoke(app, [*base, "--replay", str(saved)])
    assert result.exit_code == 2 and "no digest for 2 articles" in result.output
    result = CliRunner().invoke(app, ["eval", "gva", str(SAMPLE), "--replay", str(saved)])
    assert result.exit_code == 2 and "--clusters" in result.output
