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
from summarizer.batch import DEFAULT_CONCURRENCY, BatchError, Prices, run_batch
from summarizer.progress import RichProgress
from summarizer.settings import MODES, Settings, SettingsError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"summarizer batch: {message}", err=True)
    return typer.Exit(2)


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
    offline: Annotated[bool, typer.Option(help="Use the offline extractor, never a model.")] = False,
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
    html: Annotated[
        Path | None,
        typer.Option(help="Also write the results as HTML pages here: one per article, index.html."),
    ] = None,
) -> None:
    """Digest every input into OUTPUT, one JSON line per input, as each finishes."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        settings = Settings.from_env(model=model, base_url=base_url, mode=mode, offline=offline or None)
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    if (price_in is None) != (price_out is None):
        raise _fail("give both --price-in and --price-out, or neither")
    prices = Prices(price_in, price_out) if price_in is not None and price_out is not None else None
    cache = None
    if not no_cache:
        from summarizer.cache import Cache

        cache = Cache(cache_dir)
    summarizer = Summarizer(settings, cache=cache)
    try:
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
                prices=prices,
            )
        )
    except BatchError as exc:
        raise _fail(str(exc)) from None
    typer.echo(report.summary(), err=True)
    if html is not None:
        from summarizer.render_html import batch_to_html_dir

        pages = batch_to_html_dir(output, html)
        typer.echo(f"summarizer batch: {len(pages) - 1} HTML page(s) and an index in {html}", err=True)
    raise typer.Exit(0 if report.all_ok else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
