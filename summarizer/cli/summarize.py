"""`summarizer [summarize] URL|-|--file F ...`: the default command, one report for the given inputs.

Exit status: 0 when every input was digested, 1 when some failed (each
failure is one `summarizer: error: <input>: <message>` line on stderr, the
others are still printed), 2 for a usage error.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from summarizer.cli import CONTEXT
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

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.schemas import ArticleDigest

_SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "md",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}
Format = Literal["terminal", "md", "json", "jsonl", "csv", "html"]

app = typer.Typer(add_completion=False, context_settings=CONTEXT, rich_markup_mode=None)


def _check_date(value: str | None) -> str | None:
    from summarizer.inputs.errors import ArticleError
    from summarizer.inputs.text import check_date

    if value is None:
        return None
    try:
        return check_date(value)
    except ArticleError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2025-02-01") from None


def _spinner(console: Console, message: str) -> contextlib.AbstractContextManager[object]:
    return console.status(message) if console.is_terminal else contextlib.nullcontext()


def _choose_format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "md")
    return "terminal" if sys.stdout.isatty() else "md"


def _write(digests: list[ArticleDigest], fmt: str, many: bool, output: Path | None) -> None:
    from rich.console import Console

    from summarizer.render import print_terminal, render_text
    from summarizer.results import open_text_output

    if fmt == "terminal":
        if output is None:
            print_terminal(digests, Console())
        else:
            with open_text_output(output) as fh:
                print_terminal(digests, Console(file=fh, width=100))
        return
    if fmt == "html" and output is not None and output.is_dir():
        from summarizer.render_html import write_html_dir

        write_html_dir(digests, output)
        return
    text = render_text(digests, fmt, many)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        with open_text_output(output) as fh:
            fh.write(text)


@app.command(
    context_settings=CONTEXT,
    epilog="Other commands: 'summarizer batch -h', 'summarizer eval -h'. "
    "Exit status: 0 all inputs digested, 1 some failed, 2 usage error.",
)
@shared(settings=MODEL_OPTIONS, fetch=FETCH_OPTIONS)
def summarize(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="URL|FILE|-",
            help="Article URLs (http/https), local files, or '-' to read an article (text or HTML) "
            "from standard input.",
            show_default=False,
        ),
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option(
            "--file", "-f", help="A local article: .html/.htm/.xhtml page or text file. Repeatable."
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-F",
            help="Output format. Default: terminal report on a terminal, md otherwise "
            "(or from the -o file's suffix).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the output to this file. With --format html and an existing directory: "
            "one page per article and an index.html.",
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD: anchors year-less dates (overrides a page's own date).",
            callback=_check_date,
        ),
    ] = None,
    verbose: VerboseOpt = False,
    *,
    settings: Settings,
    fetch: FetchOptions,
) -> None:
    """Incident records and a neutral, attributed summary from conflict news articles.

    summarizer https://example.com/story.html

    summarizer --file story.html --format json -o story.json

    cat story.txt | summarizer - --published 2025-02-01
    """
    if not inputs and not files:
        usage_error("give one or more URLs, --file FILE, or - to read standard input")
    chosen = _choose_format(fmt, output)
    with messages(verbose):
        failures = _run(inputs or [], files or [], published, settings, fetch, chosen, output)
    if failures:
        raise typer.Exit(1)


def _run(
    inputs: list[str],
    files: list[Path],
    published: str | None,
    settings: Settings,
    fetch: FetchOptions,
    fmt: str,
    output: Path | None,
) -> int:
    import anyio
    from rich.console import Console

    from summarizer.api import Summarizer
    from summarizer.inputs.errors import redact_url
    from summarizer.inputs.loader import Loader
    from summarizer.inputs.sources import Source, classify

    summarizer = Summarizer(settings, fetch=fetch)
    loader = Loader(summarizer.fetch)
    err = Console(stderr=True)
    try:
        engine = summarizer.backend
    except SettingsError as exc:
        usage_error(str(exc))
    working = f"Asking {settings.model}" if engine.name == "openai" else f"Extracting ({engine.name})"
    digests = []
    failures = 0
    lines = [(x, None) for x in inputs] + [(str(p), Source(str(p), "file", str(p))) for p in files]
    for line, given in lines:
        shown = "<stdin>" if line == "-" and given is None else line
        try:
            source = given or classify(line, dash_is_stdin=True)
            fetching = f"Fetching {redact_url(line)}" if source.kind == "url" else f"Reading {shown}"
            with _spinner(err, fetching):
                article = anyio.run(functools.partial(loader.load, source, published=published))
            with _spinner(err, f"{working}: {article.title or shown}"):
                digests.append(summarizer.summarize_article(article))
        except Exception as exc:  # one bad input never stops the others
            failures += 1
            one_line_error(shown, exc)
    try:
        _write(digests, fmt, len(lines) > 1, output)
    except OSError as exc:
        one_line_error(str(output or "<stdout>"), exc)
        raise typer.Exit(1) from None
    return failures
