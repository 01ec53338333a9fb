"""`summarizer ingest URL|FILE ... [--list FILE] --db ...`: digest articles and fuse them into events.

Each input is loaded through the one `Loader` (so every fetch option holds),
digested with the chosen backend and merged into the event store (`--db PATH`
or `--db postgresql://...`; default: a file in the user data directory). An
article already stored changes nothing. Exit status: 0 when everything worked,
1 when some inputs failed (one line each on stderr, the rest are stored), 2
when the store or the settings are unusable.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli import CONTEXT
from summarizer.cli.events import DbOpt, WhoOpt, _fail, _open
from summarizer.cli.options import (
    FETCH_OPTIONS,
    MODEL_OPTIONS,
    VerboseOpt,
    messages,
    one_line_error,
    shared,
    usage_error,
)
from summarizer.inputs.options import FetchOptions
from summarizer.settings import Settings, SettingsError

app = typer.Typer(add_completion=False, context_settings=CONTEXT, rich_markup_mode=None)


def _inputs(sources: list[str], list_file: Path | None) -> list[str]:
    out = list(sources)
    if list_file is not None:
        for line in list_file.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def _check_date(value: str | None) -> str | None:
    from summarizer.inputs.errors import ArticleError
    from summarizer.inputs.text import check_date

    try:
        return None if value is None else check_date(value)
    except ArticleError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command(context_settings=CONTEXT, epilog="Exit status: 0 all stored, 1 some failed, 2 could not start.")
@shared(settings=MODEL_OPTIONS, fetch=FETCH_OPTIONS)
def ingest(
    sources: Annotated[
        list[str] | None, typer.Argument(help="URLs or article files (.txt, .html).", show_default=False)
    ] = None,
    list_file: Annotated[
        Path | None,
        typer.Option("--list", exists=True, dir_okay=False, help="File of inputs, one a line; # comments."),
    ] = None,
    db: DbOpt = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for every input.", callback=_check_date),
    ] = None,
    who: WhoOpt = "ingest",
    verbose: VerboseOpt = False,
    *,
    settings: Settings,
    fetch: FetchOptions,
) -> None:
    """Digest each URL/FILE and merge it into the event store; an article already stored changes nothing."""
    import anyio

    from summarizer.api import Summarizer
    from summarizer.events.service import ServiceError
    from summarizer.events.store import StoreError
    from summarizer.inputs.loader import Loader
    from summarizer.inputs.sources import classify

    items = _inputs(sources or [], list_file)
    if not items:
        usage_error("nothing to ingest: give URLs, files or --list FILE")
    summarizer = Summarizer(settings, fetch=fetch)
    try:
        _ = summarizer.backend  # an unknown backend is a usage error, before anything is read
    except SettingsError as exc:
        usage_error(str(exc))
    loader = Loader(summarizer.fetch)
    base_dir = list_file.resolve().parent if list_file is not None else None
    store = _open(db)
    failed = new = 0
    with messages(verbose):
        for item in items:
            try:
                source = classify(item, base_dir)
                article = anyio.run(functools.partial(loader.load, source, published=published))
                digest = summarizer.summarize_article(article)
                result = store.ingest_digest(digest, who=who)
            except (ServiceError, StoreError) as exc:
                store.close()
                raise _fail(str(exc)) from None
            except Exception as exc:  # one bad input must not stop the others
                failed += 1
                one_line_error(item, exc)
                continue
            new += result.created
            state = "stored" if result.created else "already stored"
            events = ", ".join(str(e) for e in result.event_ids) or "none"
            typer.echo(f"{item}: {state} as article {result.article_id}; events {events}", err=True)
    counts = store.counts()
    store.close()
    typer.echo(
        f"summarizer: {new} new article(s), {failed} failed; store holds {counts['articles']} articles, "
        f"{counts['events']} events",
        err=True,
    )
    if failed:
        raise typer.Exit(1)
