"""`summarizer batch INPUTS.txt -o digests.jsonl`: many articles, resumable, cached.

Exit status: 0 when every input is ok, 1 when some failed (each failure is a
line in the output and counted on stderr), 2 when the batch could not start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from summarizer.cli import CONTEXT
from summarizer.cli.options import (
    FETCH_OPTIONS,
    MODEL_OPTIONS,
    VerboseOpt,
    messages,
    shared,
    usage_error,
)
from summarizer.inputs.options import FetchOptions
from summarizer.settings import Settings, SettingsError

#: Same as summarizer.batch.DEFAULT_CONCURRENCY (checked by tests/test_batch.py), without importing it.
DEFAULT_CONCURRENCY = 8

app = typer.Typer(add_completion=False, context_settings=CONTEXT, rich_markup_mode=None)


@app.command(
    context_settings=CONTEXT,
    epilog="Exit status: 0 every input ok, 1 some failed (recorded in the output), 2 could not start.",
)
@shared(settings=MODEL_OPTIONS, fetch=FETCH_OPTIONS)
def batch(
    inputs: Annotated[
        Path,
        typer.Argument(
            metavar="INPUTS",
            help="File of inputs, one a line: http(s) URLs, @path or a file path; # comments.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL results, one line per input.")],
    concurrency: Annotated[
        int, typer.Option(min=1, help="Model requests in flight at once (twice as many articles under way).")
    ] = DEFAULT_CONCURRENCY,
    per_host: Annotated[int, typer.Option(min=1, help="Fetches at once from any one host.")] = 4,
    resume: Annotated[bool, typer.Option("--resume", help="Skip inputs already ok in the output.")] = False,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed", help="With --resume: retry inputs that failed before (implies it)."),
    ] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Discard an existing output and start again.")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Cache directory (default: $SUMMARIZER_CACHE_DIR or the user cache dir)."),
    ] = None,
    price_in: Annotated[
        float | None, typer.Option(help="Price per million prompt tokens, for a cost estimate.")
    ] = None,
    price_out: Annotated[
        float | None, typer.Option(help="Price per million completion tokens, for a cost estimate.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    html: Annotated[
        Path | None,
        typer.Option(help="Also write the results as HTML pages here: one per article, index.html."),
    ] = None,
    via: Annotated[
        str,
        typer.Option(
            help="live: one request per article now; batch-api: one provider batch "
            "(/v1/files + /v1/batches, about half the price, results within 24 h)."
        ),
    ] = "live",
    poll_interval: Annotated[
        float, typer.Option(min=0.0, help="With --via batch-api: seconds between status checks.")
    ] = 30.0,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes sharing the per-article CPU work (default: number of cores)."),
    ] = None,
    prices: Annotated[
        Path | None,
        typer.Option(help="Your price table (TSV, like summarizer/data/prices.tsv); or $SUMMARIZER_PRICES."),
    ] = None,
    verbose: VerboseOpt = False,
    *,
    settings: Settings,
    fetch: FetchOptions,
) -> None:
    """Digest every input of a file into OUTPUT, one JSON line per input: resumable, cached."""
    if (price_in is None) != (price_out is None):
        usage_error("give both --price-in and --price-out, or neither")
    from summarizer.results import NotAResultsFile, check_output

    try:  # a file that holds no results (notes, the inputs file) is refused as such, untouched
        if output.is_file():
            check_output(output, inputs)
    except NotAResultsFile as exc:
        usage_error(str(exc))
    if output.is_file() and output.stat().st_size > 0 and not (resume or retry_failed or overwrite):
        usage_error(
            f"{output} already holds results: pass --resume to continue it, or --overwrite to start again"
        )
    import anyio

    from summarizer.api import Summarizer
    from summarizer.batch import BatchError, BatchInterrupted, Prices, run_batch
    from summarizer.costs import PriceFileError, PriceTable
    from summarizer.progress import RichProgress

    explicit = Prices(price_in, price_out) if price_in is not None and price_out is not None else None
    if via not in ("live", "batch-api"):
        usage_error(f"--via must be live or batch-api, not {via!r}")
    cache = None
    if not no_cache:
        from summarizer.cache import Cache

        cache = Cache(cache_dir)
    summarizer = Summarizer(settings, cache=cache, fetch=fetch)
    try:
        _ = summarizer.backend  # an unknown backend is a usage error, before any input is read
    except SettingsError as exc:
        usage_error(str(exc))
    try:
        summarizer.prices = PriceTable.load(prices)
    except PriceFileError as exc:
        usage_error(str(exc))
    with messages(verbose):
        try:
            if via == "batch-api":
                from summarizer.batchapi import run_batch_api

                report = run_batch_api(
                    inputs,
                    output,
                    summarizer=summarizer,
                    resume=resume,
                    retry_failed=retry_failed,
                    overwrite=overwrite,
                    poll_interval=poll_interval,
                    per_host=per_host,
                    prices=explicit,
                    say=None if quiet else lambda line: typer.echo(line, err=True),
                )
                _finish(report, output, html)
            from summarizer.workers import default_workers, run_batch_workers

            workers = default_workers() if workers is None else workers
            if workers > 1:
                report = run_batch_workers(
                    inputs,
                    output,
                    settings=settings,
                    workers=workers,
                    cache_dir=cache_dir,
                    use_cache=not no_cache,
                    price_file=prices,
                    concurrency=concurrency,
                    per_host=per_host,
                    resume=resume,
                    retry_failed=retry_failed,
                    overwrite=overwrite,
                    progress=None if quiet else RichProgress(),
                    prices=explicit,
                    fetch=fetch,
                )
                _finish(report, output, html)
            report = anyio.run(
                lambda: run_batch(
                    inputs,
                    output,
                    summarizer=summarizer,
                    concurrency=concurrency,
                    per_host=per_host,
                    resume=resume,
                    retry_failed=retry_failed,
                    overwrite=overwrite,
                    progress=None if quiet else RichProgress(),
                    prices=explicit,
                )
            )
        except BatchInterrupted as exc:  # started, then could not go on: what was written stays
            typer.echo(f"summarizer batch: {exc}", err=True)
            raise typer.Exit(1) from None
        except BatchError as exc:
            usage_error(str(exc))
    _finish(report, output, html)


def _finish(report: Any, output: Path, html: Path | None) -> NoReturn:
    """The summary line, the HTML pages when asked, and the exit status."""
    typer.echo(report.summary(), err=True)
    if html is not None:
        from summarizer.render_html import batch_to_html_dir

        pages = batch_to_html_dir(output, html)
        typer.echo(f"summarizer batch: {len(pages) - 1} HTML page(s) and an index in {html}", err=True)
    raise typer.Exit(0 if report.all_ok else 1)
