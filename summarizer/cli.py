"""The `summarizer` command: parse arguments, call the library, print. No logic of its own.

Data goes to stdout (or `-o FILE`); progress and messages go to stderr.
Exit status: 0 when every input was digested, 1 when some failed (each
failure is one `summarizer: error: <input>: <message>` line on stderr, the
others are still printed), 2 for a usage error.

`summarizer batch ...` and `summarizer eval ...` are separate typer apps in
`summarizer.cli_batch` and `summarizer.cli_eval`; `main()` hands them the
rest of the command line.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Literal, NoReturn, get_args

import typer
from rich.console import Console

from summarizer import __version__
from summarizer.api import Summarizer
from summarizer.article import article_from_file, article_from_text, fetch_article
from summarizer.fetch import DEFAULT_TIMEOUT, FetchOptions
from summarizer.fetch_errors import FetchError
from summarizer.render import FORMATS, print_terminal, render_text
from summarizer.schemas import ArticleDigest, ArticleMeta
from summarizer.settings import MODES, Settings, SettingsError

#: Subcommand name -> module holding its typer `app`, imported only when asked for.
SUBCOMMANDS = {
    "batch": "summarizer.cli_batch",
    "eval": "summarizer.cli_eval",
    "ingest": "summarizer.cli_ingest",
    "events": "summarizer.cli_events",
    "serve": "summarizer.cli_serve",
}
_SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "md",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}
_QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "charset_normalizer")

log = logging.getLogger("summarizer.cli")

Format = Literal["terminal", "md", "json", "jsonl", "csv", "html"]
Mode = Literal["tools", "json_schema", "json", "md_json"]
assert get_args(Format) == FORMATS and get_args(Mode) == MODES, (
    "keep the choices in step with render/settings"
)

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now: rich's live spinner and test runners replace it."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class _OneLine(logging.Formatter):
    """'summarizer: <message>', once, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        message = " ".join(record.getMessage().split())
        return message if message.startswith("summarizer: ") else f"summarizer: {message}"


@contextlib.contextmanager
def _logging(verbose: bool) -> Iterator[None]:
    """Messages on stderr for the duration of one command, as one-liners (or full logs with -v)."""
    handler = _StderrHandler()
    if verbose:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(_OneLine())
    ours = logging.getLogger("summarizer")
    saved = ours.level, {n: logging.getLogger(n).level for n in _QUIET_LIBRARIES}
    ours.addHandler(handler)
    ours.setLevel(logging.DEBUG if verbose else logging.WARNING)
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.ERROR)
    try:
        yield
    finally:
        ours.removeHandler(handler)
        ours.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)


def _error(source: str, exc: BaseException) -> None:
    """One line per failed input; the traceback only with --verbose."""
    if isinstance(exc, FetchError):
        message = exc.problem
    elif isinstance(exc, OSError) and exc.strerror:
        message = exc.strerror[:1].lower() + exc.strerror[1:]
    elif isinstance(exc, (ValueError, RuntimeError)) and type(exc).__module__.startswith("summarizer"):
        message = str(exc)
    else:
        message = f"unexpected {type(exc).__name__}: {exc} (run with --verbose for details)"
    log.debug("failure on %s", source, exc_info=exc)
    typer.echo(f"summarizer: error: {source}: {' '.join(message.split())}", err=True)


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"summarizer: error: {message} (see 'summarizer --help')", err=True)
    raise typer.Exit(2)


def _spinner(console: Console, message: str) -> contextlib.AbstractContextManager[object]:
    return console.status(message) if console.is_terminal else contextlib.nullcontext()


def _check_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter("use YYYY-MM-DD, e.g. 2025-02-01")
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


def _kind(argument: str) -> str:
    """'-' is standard input; an existing file given without --file is read as one; else a URL."""
    if argument == "-":
        return "-"
    if "://" not in argument and Path(argument).is_file():
        return "file"
    return "url"


def _choose_format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "md")
    return "terminal" if sys.stdout.isatty() else "md"


def _write(digests: list[ArticleDigest], fmt: str, many: bool, output: Path | None) -> None:
    if fmt == "terminal":
        if output is None:
            print_terminal(digests, Console())
        else:
            with output.open("w", encoding="utf-8") as fh:
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
        output.write_text(text, encoding="utf-8")


@app.command(
    epilog="Other commands: 'summarizer batch --help', 'summarizer eval --help'. "
    "Exit status: 0 all inputs digested, 1 some failed, 2 usage error."
)
def summarize(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="URL|-",
            help="Article URLs (http/https). '-' reads article text from standard input.",
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
            "--published",
            help="Publication date YYYY-MM-DD: anchors year-less dates (overrides a page's own date).",
            callback=_check_date,
        ),
    ] = None,
    model: Annotated[str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible endpoint, e.g. a local server (env OPENAI_BASE_URL)."),
    ] = None,
    mode: Annotated[Mode | None, typer.Option(help="Structured-output mode (env SUMMARIZER_MODE).")] = None,
    api_key_env: Annotated[
        str | None, typer.Option(help="Environment variable holding the API key (default OPENAI_API_KEY).")
    ] = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Use the offline extractor, no model (env SUMMARIZER_OFFLINE=1)."),
    ] = False,
    timeout: Annotated[
        float | None, typer.Option(min=0.001, help="Seconds per model request (env SUMMARIZER_TIMEOUT).")
    ] = None,
    max_retries: Annotated[
        int | None, typer.Option(min=0, help="Retries of failed model requests (env SUMMARIZER_MAX_RETRIES).")
    ] = None,
    fetch_timeout: Annotated[
        float, typer.Option(min=0.001, help="Seconds to connect, and per read, when fetching a URL.")
    ] = DEFAULT_TIMEOUT,
    allow_private_hosts: Annotated[
        bool,
        typer.Option(
            "--allow-private-hosts",
            help="Allow URLs on private, loopback and link-local addresses (intranets).",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details on stderr.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Incident records and a neutral, attributed summary from conflict news articles.

    summarizer https://example.com/story.html

    summarizer --file story.html --format json -o story.json

    cat story.txt | summarizer - --published 2025-02-01
    """
    sources = [(_kind(x), x) for x in inputs or []]
    sources += [("file", str(path)) for path in files or []]
    if not sources:
        _usage_error("give one or more URLs, --file FILE, or - to read standard input")
    try:
        settings = Settings.from_env(
            model=model,
            base_url=base_url,
            mode=mode,
            api_key_env=api_key_env,
            offline=offline or None,
            timeout=timeout,
            max_retries=max_retries,
        )
    except SettingsError as exc:
        _usage_error(str(exc))
    chosen = _choose_format(fmt, output)
    err = Console(stderr=True)
    digests: list[ArticleDigest] = []
    failures = 0
    with _logging(verbose):
        summarizer = Summarizer(
            settings, fetch=FetchOptions(timeout=fetch_timeout, allow_private_hosts=allow_private_hosts)
        )
        working = f"Asking {settings.model}" if settings.use_model else "Extracting (offline)"
        for kind, source in sources:
            try:
                article: ArticleMeta
                if kind == "url":
                    with _spinner(err, f"Fetching {source}"):
                        article = fetch_article(source, published=published, options=summarizer.fetch)
                elif kind == "file":
                    article = article_from_file(source, published=published)
                else:
                    article = article_from_text(sys.stdin.read(), published=published)
                with _spinner(err, f"{working}: {article.title or source}"):
                    digests.append(summarizer.summarize_article(article))
            except Exception as exc:  # one bad input never stops the others
                failures += 1
                _error("<stdin>" if kind == "-" else source, exc)
        try:
            _write(digests, chosen, len(sources) > 1, output)
        except OSError as exc:
            _error(str(output or "<stdout>"), exc)
            raise typer.Exit(1) from None
    if failures:
        raise typer.Exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: `summarizer [batch|eval] ...`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        name, module_name = args[0], SUBCOMMANDS[args[0]]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            typer.echo(
                f"summarizer: error: the '{name}' command is not available in this installation", err=True
            )
            raise SystemExit(2) from None
        module.app(args=args[1:], prog_name=f"summarizer {name}")
        return
    app(args=args, prog_name="summarizer")


if __name__ == "__main__":
    main()
