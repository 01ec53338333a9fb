"""`summarizer eval gold|muc4|gtt ...`: measure the pipeline on our gold files or on MUC-4.

Prints a table and, with `-o`, writes the full JSON report (per-document
details and the digests themselves, so a run can be re-scored later with
`--replay` and no model).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from summarizer.api import Summarizer
from summarizer.backends import choose_backend, fingerprint_hash, requested
from summarizer.cli import CONTEXT
from summarizer.cli.options import MODEL_OPTIONS, OutputOpt, shared, usage_error
from summarizer.credentials import safe_url
from summarizer.eval.gold import GoldReport
from summarizer.eval.runner import (
    Digester,
    Muc4Report,
    evaluate_gold,
    evaluate_muc4,
    replay_digester,
    score_muc4_predictions,
)
from summarizer.settings import Settings, SettingsError

app = typer.Typer(
    help="Measure the summarizer against gold data.",
    add_completion=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    rich_markup_mode=None,
)


class Split(StrEnum):
    DEV = "dev"
    TEST = "test"


LimitOpt = Annotated[int | None, typer.Option(min=1, help="Only the first N documents.")]
ReplayOpt = Annotated[
    Path | None,
    typer.Option(help="Re-score the digests saved in an earlier -o report; no model is asked."),
]


def _digester(settings: Settings, replay: Path | None) -> tuple[Digester, dict[str, Any]]:
    """The digest source and a description of it for the report (never containing a key).

    Asking for openai without an endpoint is an error, not a fallback to rules.
    """
    if replay is not None:
        return replay_digester(replay), {"replay": str(replay)}
    name = requested(settings)
    if name == "replay":
        usage_error("--backend replay needs --replay REPORT")
    if name == "openai" and not settings.endpoint_configured:
        usage_error("--backend openai needs OPENAI_API_KEY (or the key variable) or --base-url")
    try:
        chosen = choose_backend(settings).backend
    except SettingsError as exc:
        usage_error(str(exc))
    model_used = chosen.name == "openai"
    info = {
        "backend": chosen.name,
        "fingerprint": fingerprint_hash(chosen.fingerprint()),
        "model": settings.model if model_used else None,
        "base_url": safe_url(settings.base_url) if model_used else None,
        "mode": settings.mode if model_used else None,
    }
    return Summarizer(settings), info


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


_GOLD_ROWS: list[tuple[str, str, str]] = [
    ("incident_precision", "incidents_matched", "incidents_predicted"),
    ("incident_recall", "incidents_matched", "incidents_gold"),
    ("incident_f1", "", ""),
    ("event_type_accuracy", "event_type_correct", "incidents_matched"),
    ("place_recall", "places_found", "places_gold"),
    ("figure_precision", "figures_matched", "figures_predicted"),
    ("figure_recall", "figures_matched", "figures_gold"),
    ("figure_f1", "", ""),
    ("stated_by_accuracy", "stated_by_correct", "figures_matched"),
    ("status_accuracy", "status_correct", "figures_matched"),
    ("summary_no_loaded_words", "summaries_without_loaded_words", "summaries_checked"),
    ("summary_numbers_supported", "summaries_numbers_supported", "summaries_checked"),
    ("summary_figures_attributed", "summaries_figures_attributed", "summaries_checked"),
    ("summary_all_checks", "summaries_passed", "summaries_checked"),
]


def gold_table(report: GoldReport) -> Table:
    table = Table(
        title=f"Gold evaluation: {len(report.documents)} documents, {report.documents_failed} failed"
    )
    table.add_column("metric")
    table.add_column("%", justify="right")
    table.add_column("count", justify="right")
    metrics, totals = report.metrics, report.totals
    for name, num, den in _GOLD_ROWS:
        count = f"{getattr(totals, num)}/{getattr(totals, den)}" if num else ""
        table.add_row(name, _pct(metrics[name]), count)
    return table


def gtt_table(score: Any, title: str) -> Table:
    table = Table(title=title)
    for column in ("slot", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "slot" else "right")
    for name, p, r, f1 in score.to_table():
        table.add_row(name, f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}")
    return table


def _print_errors(console: Console, documents: list[Any], name: str) -> None:
    for d in documents:
        if d.error:
            console.print(f"[red]failed[/red] {getattr(d, name)}: {d.error}", markup=True, highlight=False)


def _write(out: Path | None, data: dict[str, Any], console: Console) -> None:
    if out is None:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    console.print(f"report written to {out}", highlight=False)


@app.command("gold", context_settings=CONTEXT)
@shared(settings=MODEL_OPTIONS)
def gold(
    gold_dir: Annotated[
        Path | None, typer.Argument(metavar="GOLD_DIR", help="Directory of gold JSON files.")
    ] = None,
    limit: LimitOpt = None,
    output: OutputOpt = None,
    base_dir: Annotated[
        Path | None, typer.Option(help="Directory `text_file` is relative to (default: found upwards).")
    ] = None,
    replay: ReplayOpt = None,
    negatives: Annotated[
        Path | None,
        typer.Option(help="Pages that report no violence (HTML or text): all must yield nothing."),
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Score digests against our own gold files (figures, sources, certainty, summary checks)."""
    if gold_dir is None and negatives is None:
        raise typer.BadParameter("give a gold directory, --negatives DIR, or both", param_hint="GOLD_DIR")
    console = Console()
    digester, info = _digester(settings, replay)
    data: dict[str, Any] = {}
    failed = False
    if gold_dir is not None:
        report = evaluate_gold(gold_dir, digester, limit=limit, base_dir=base_dir, settings=info)
        console.print(gold_table(report))
        _print_errors(console, report.documents, "id")
        data = report.to_dict()
        failed = bool(report.documents) and report.documents_failed == len(report.documents)
    if negatives is not None:
        from summarizer.eval.negatives import evaluate_negatives

        try:
            neg = evaluate_negatives(negatives, digester, limit=limit)
        except NotADirectoryError as exc:
            raise typer.BadParameter(str(exc), param_hint="--negatives") from exc
        console.print(negatives_table(neg))
        _print_errors(console, neg.pages, "name")
        data["negatives"] = neg.to_dict()
        failed = failed or (bool(neg.pages) and neg.metrics()["failed"] == len(neg.pages))
    _write(output, data, console)
    if failed:
        raise typer.Exit(1)


def negatives_table(report: Any) -> Table:
    m = report.metrics()
    table = Table(title=f"Negatives: {m['pages']} pages that report no violence, {m['failed']} failed")
    table.add_column("metric")
    table.add_column("count (goal 0)", justify="right")
    for name in ("pages_with_incident", "pages_with_figure", "incidents", "figures"):
        table.add_row(name, str(m[name]))
    table.add_row("pages_with_language_warning", str(m["pages_with_language_warning"]))
    return table


_GVA_ROWS = [
    "killed_exact",
    "killed_within_1",
    "injured_exact",
    "injured_within_1",
    "nothing_found",
    "killed_exact_on_0_killed",
    "killed_exact_on_deadly",
    "deadly_without_killed_figure",
    "no_incident_among_casualty_articles",
    "typed_battle_or_protest",
    "marked_political_violence",
    "baseline_always_0_killed",
    "baseline_always_1_injured",
]


@app.command("gva", context_settings=CONTEXT)
@shared(settings=MODEL_OPTIONS)
def gva(
    path: Annotated[Path, typer.Argument(help="GVA dev.jsonl (or the directory holding it).")],
    limit: LimitOpt = None,
    every: Annotated[int, typer.Option(min=1, help="Only every N-th article (a quick sample).")] = 1,
    output: OutputOpt = None,
    clusters: Annotated[
        bool,
        typer.Option(
            "--clusters",
            help="Cross-article measures: ingest every article into an event store, score the fused "
            "events (MUC, B3, CEAF-e, CoNLL F1) and reconciled incident figures.",
        ),
    ] = False,
    db: Annotated[
        str | None, typer.Option(help="With --clusters: the event store (default: a temporary SQLite file).")
    ] = None,
    save_digests: Annotated[
        Path | None,
        typer.Option(help="With --clusters: also write every article's digest here (JSON Lines)."),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(help="With --clusters: ingest the digests a --save-digests run wrote (no digesting)."),
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Real shooting news: killed/injured of each article's main incident against the GVA record."""
    from summarizer.eval.gva import GvaError, evaluate_gva

    console = Console()
    if clusters:
        _gva_clusters(path, db, limit, output, console, save_digests=save_digests, replay=replay)
        return
    if save_digests is not None or replay is not None:
        usage_error("--save-digests and --replay go with --clusters")
    digester, info = _digester(settings, None)
    try:
        report = evaluate_gva(path, digester, limit=limit, every=every, settings=info)
    except GvaError as exc:
        raise typer.BadParameter(str(exc), param_hint="PATH") from exc
    metrics = report.metrics()
    table = Table(
        title=f"GVA: {metrics['articles']} articles, {metrics['incidents']} incidents, "
        f"{metrics['failed']} failed"
    )
    table.add_column("metric")
    table.add_column("%", justify="right")
    for name in _GVA_ROWS:
        table.add_row(name, _pct(metrics[name]))
    console.print(table)
    _write(output, report.to_dict(), console)
    if report.rows and metrics["failed"] == len(report.rows):
        raise typer.Exit(1)


def _gva_clusters(
    path: Path,
    db: str | None,
    limit: int | None,
    out: Path | None,
    console: Console,
    *,
    save_digests: Path | None = None,
    replay: Path | None = None,
) -> None:
    import tempfile

    from summarizer.eval.gva import GvaError
    from summarizer.eval.gva_events import evaluate_clusters

    with tempfile.TemporaryDirectory() as tmp:
        try:
            report = evaluate_clusters(
                path,
                db=db or str(Path(tmp) / "gva-events.sqlite"),
                limit=limit,
                save_digests=save_digests,
                replay=replay,
            )
        except GvaError as exc:
            raise typer.BadParameter(str(exc), param_hint="PATH") from exc
    m = report.metrics
    table = Table(
        title=f"GVA clusters: {m['articles']} articles, {m['incidents']} incidents, {m['events']} events"
    )
    for col in ("clustering", "MUC F1", "B3 F1", "CEAF-e F1", "CoNLL F1"):
        table.add_column(col, justify="right" if col != "clustering" else "left")
    for name in ("tool", "baseline_every_article_alone", "baseline_same_date_and_city"):
        score = m[name]
        table.add_row(
            name, *(f"{score[k]['f1']:.1f}" for k in ("muc", "b3", "ceaf_e")), f"{score['conll_f1']:.1f}"
        )
    console.print(table)
    for key in (
        "per_article_killed_exact",
        "incident_killed_exact_conservative",
        "incident_killed_exact_best",
        "per_article_injured_exact",
        "incident_injured_exact_best",
        "ingest_wall_s",
    ):
        console.print(f"{key}: {m[key]}")
    _write(out, report.to_dict(), console)


@app.command("muc4", context_settings=CONTEXT)
@shared(settings=MODEL_OPTIONS)
def muc4(
    split: Annotated[Split, typer.Option(help="dev for tuning; test only for final figures.")] = Split.DEV,
    data_dir: Annotated[Path, typer.Option(help="Directory holding dev.jsonl and test.jsonl.")] = Path(
        "fixtures/eval/muc4"
    ),
    predictions: Annotated[
        Path | None, typer.Option(help="Score a GTT-format predictions file instead of running the pipeline.")
    ] = None,
    limit: LimitOpt = None,
    output: OutputOpt = None,
    replay: ReplayOpt = None,
    only_text_spans: Annotated[
        bool, typer.Option(help="Drop mentions that are not found in the article text.")
    ] = False,
    *,
    settings: Settings,
) -> None:
    """MUC-4 template filling, scored with the GTT micro-F1."""
    console = Console()
    split_path = data_dir / f"{split.value}.jsonl"
    if not split_path.is_file():
        raise typer.BadParameter(f"{split_path} not found", param_hint="--data-dir")
    if predictions is not None:
        if limit is not None:
            raise typer.BadParameter("--limit does not apply to --predictions", param_hint="--limit")
        score = score_muc4_predictions(predictions, split_path)
        console.print(gtt_table(score, f"GTT micro-F1, {predictions.name} on {split.value}"))
        _write(
            output, {"predictions": str(predictions), "split": split.value, "score": score.to_dict()}, console
        )
        return
    if split == Split.TEST:
        print("note: the test split is for final figures; tune on dev", file=sys.stderr)
    digester, info = _digester(settings, replay)
    info |= {"split": split.value, "only_text_spans": only_text_spans}
    report: Muc4Report = evaluate_muc4(
        split_path, digester, limit, only_text_spans=only_text_spans, settings=info
    )
    failed = report.documents_failed
    console.print(gtt_table(report.score, f"GTT micro-F1 on {split.value}: {failed} documents failed"))
    _print_errors(console, report.documents, "docid")
    _write(output, report.to_dict(), console)
    if report.documents and failed == len(report.documents):
        raise typer.Exit(1)


@app.command("gtt", context_settings=CONTEXT)
def gtt(
    predictions: Annotated[Path, typer.Argument(metavar="PREDICTIONS", help="GTT-format predictions JSON.")],
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="MUC-4 .jsonl split.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Score a GTT-format predictions file against any MUC-4 split file (the GTT micro-F1)."""
    from summarizer.eval.gtt import score_gtt_predictions

    score = score_gtt_predictions(predictions, gold)
    if as_json:
        typer.echo(json.dumps(score.to_dict(), indent=2))
        return
    Console().print(gtt_table(score, f"GTT micro-F1, {predictions.name} on {gold.name}"))
