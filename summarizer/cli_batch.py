"""`summarizer batch INPUTS.txt -o digests.jsonl`: many articles, resumable, cached.

Exit status: 0 when every input is ok, 1 when some failed (each failure is a
line in the output and counted on stderr), 2 when the batch could not start.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Annotated

import typer

from summarizer.api import Summarizer
from summarizer.batch import DEFAULT_CONCURRENCY, BatchError, BatchInterrupted, Prices, run_batch
from summarizer.batchapi import run_batch_api
from summarizer.costs import PriceFileError, PriceTable
from summarizer.progress import RichProgress
from summarizer.settings import MODES, Settings, SettingsError
from summarizer.workers import default_workers, run_batch_workers

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"summarizer batch: {message}", err=True)
    return typer.Exit(code)


@app.command()
def batch(
    inputs: Annotated[
        Path,
        typer.Argument(
            help="File of inputs, one a line: http(s) URLs, @path or a file path; # comments.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSONL results, one line per input.")],
    concurrency: Annotated[
        int, typer.Option(min=1, help="Articles in flight at once (model requests).")
    ] = DEFAULT_CONCURRENCY,
    per_host: Annotated[int, typer.Option(min=1, help="Fetches at once from any one host.")] = 4,
    resume: Annotated[bool, typer.Option(help="Skip inputs already ok in the output.")] = False,
    retry_failed: Annotated[
        bool, typer.Option(help="With resume: retry inputs that failed before (implies --resume).")
    ] = False,
    overwrite: Annotated[bool, typer.Option(help="Discard an existing output and start again.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Cache directory (default: $SUMMARIZER_CACHE_DIR or the user cache dir)."),
    ] = None,
    backend: Annotated[
        str | None, typer.Option(help="auto, openai, rules (alias offline) or an installed plugin.")
    ] = None,
    offline: Annotated[bool, typer.Option(help="Use the rules backend, never a model.")] = False,
    model: Annotated[str | None, typer.Option(help="Model name.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint.")] = None,
    mode: Annotated[str | None, typer.Option(help=f"Structured-output mode: {', '.join(MODES)}.")] = None,
    allow_private_hosts: Annotated[
        bool, typer.Option(help="Allow fetching from private and loopback addresses.")
    ] = False,
    price_in: Annotated[
        float | None, typer.Option(help="Price per million prompt tokens, for a cost estimate.")
    ] = None,
    price_out: Annotated[
        float | None, typer.Option(help="Price per million completion tokens, for a cost estimate.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
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
        typer.Option(
            min=1, help="Processes sharing the per-article CPU work (default: the number of cores)."
        ),
    ] = None,
    prices: Annotated[
        Path | None,
        typer.Option(help="Your price table (TSV, like summarizer/data/prices.tsv); or $SUMMARIZER_PRICES."),
    ] = None,
) -> None:
    """Digest every input into OUTPUT, one JSON line per input, as each finishes."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # our retry messages say it once
    try:
        settings = Settings.from_env(
            model=model, base_url=base_url, mode=mode, backend=backend, offline=offline or None
        )
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    if (price_in is None) != (price_out is None):
        raise _fail("give both --price-in and --price-out, or neither")
    explicit = Prices(price_in, price_out) if price_in is not None and price_out is not None else None
    cache = None
    if not no_cache:
        from summarizer.cache import Cache

        cache = Cache(cache_dir)
    summarizer = Summarizer(settings, cache=cache)
    try:
        _ = summarizer.backend  # an unknown backend is a usage error, before any input is read
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    try:
        summarizer.prices = PriceTable.load(prices)
    except PriceFileError as exc:
        raise _fail(str(exc)) from None
    if via not in ("live", "batch-api"):
        raise _fail(f"--via must be live or batch-api, not {via!r}")
    try:
        if via == "batch-api":
            report = run_batch_api(
                inputs,
                output,
                summarizer=summarizer,
                resume=resume,
                retry_failed=retry_failed,
                overwrite=overwrite,
                poll_interval=poll_interval,
                per_host=per_host,
                allow_private_hosts=allow_private_hosts,
                prices=explicit,
                say=None if quiet else lambda line: typer.echo(line, err=True),
            )
            typer.echo(report.summary(), err=True)
            raise typer.Exit(0 if report.all_ok else 1)
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
                allow_private_hosts=allow_private_hosts,
                prices=explicit,
            )
            typer.echo(report.summary(), err=True)
            raise typer.Exit(0 if report.all_ok else 1)
        report = asyncio.run(
            run_batch(
                inputs,
                output,
                summarizer=summarizer,
                concurrency=concurrency,
                per_host=per_host,
                resume=resume,
                retry_failed=retry_failed,
                overwrite=overwrite,
                progress=None if quiet else RichProgress(),
                allow_private_hosts=allow_private_hosts,
                prices=explicit,
            )
        )
    except BatchError as exc:
        raise _fail(str(exc), 1 if isinstance(exc, BatchInterrupted) else 2) from None
    typer.echo(report.summary(), err=True)
    raise typer.Exit(0 if report.all_ok else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
