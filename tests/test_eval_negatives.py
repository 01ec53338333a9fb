"""`summarizer eval gold --negatives DIR`: pages that report no violence must yield nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.cli_eval import app
from summarizer.eval.negatives import evaluate_negatives
from summarizer.settings import Settings


def _pages(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    d.mkdir()
    (d / "bake.txt").write_text("The church bake sale raised money for the new roof.\n", encoding="utf-8")
    (d / "raid.txt").write_text(
        "Gunmen killed three villagers in Kunar on Monday, police said.\n", encoding="utf-8"
    )
    return d


def test_negatives_count_pages_with_incidents_and_figures(tmp_path: Path) -> None:
    report = evaluate_negatives(_pages(tmp_path), Summarizer(Settings.from_env(offline=True)))
    m = report.metrics()
    assert m["pages"] == 2 and m["failed"] == 0
    # the scripted "raid" page is violent on purpose: the measure must be able to fail
    assert m["pages_with_incident"] == 1 and m["pages_with_figure"] == 1
    assert [p.name for p in report.pages if p.incidents] == ["raid.txt"]


def test_cli_negatives_without_gold_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["gold", "--negatives", str(_pages(tmp_path)), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert "pages_with_incident" in result.output


def test_cli_gold_needs_a_directory() -> None:
    result = CliRunner().invoke(app, ["gold", "--backend", "offline"])
    assert result.exit_code != 0
