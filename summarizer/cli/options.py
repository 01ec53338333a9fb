"""Options every command shares, declared once, and the helpers commands use to act on them.

Help texts and environment variable names come from `summarizer.settings.Settings`
(`describe`), so the CLI, the environment and README's table cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, TypeVar

import typer

from summarizer.inputs.options import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchOptions
from summarizer.settings import Settings, SettingsError, describe

log = logging.getLogger("summarizer.cli")
_QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "charset_normalizer")

Mode = Literal["tools", "json_schema", "json", "md_json"]

# --- model and backend ---------------------------------------------------------------------------
BackendOpt = Annotated[
    str | None,
    typer.Option(help=describe("backend"), show_default=False),
]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="The same as --backend rules.")]
ModelOpt = Annotated[str | None, typer.Option(help=describe("model"), show_default=False)]
BaseUrlOpt = Annotated[str | None, typer.Option(help=describe("base_url"), show_default=False)]
ModeOpt = Annotated[Mode | None, typer.Option(help=describe("mode"), show_default=False)]
ApiKeyEnvOpt = Annotated[str | None, typer.Option(help=describe("api_key_env"), show_default=False)]
TimeoutOpt = Annotated[float | None, typer.Option(min=0.001, help=describe("timeout"), show_default=False)]
MaxRetriesOpt = Annotated[int | None, typer.Option(min=0, help=describe("max_retries"), show_default=False)]

# --- fetching (summarizer.inputs.fetch.FetchOptions) ---------------------------------------------
FetchTimeoutOpt = Annotated[
    float, typer.Option(min=0.001, help="Seconds to connect, and per read, when fetching a URL.")
]
FetchDeadlineOpt = Annotated[
    float, typer.Option(min=0.001, help="Seconds for a whole fetch, redirects included.")
]
MaxBytesOpt = Annotated[
    int, typer.Option(min=1, help="Largest page fetched, in bytes (after decompression).")
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private-hosts", help="Allow URLs on private, loopback and link-local addresses (intranets)."
    ),
]

# --- output and messages ---------------------------------------------------------------------------
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log details on stderr.")]


def settings(
    *,
    backend: str | None = None,
    offline: bool = False,
    model: str | None = None,
    base_url: str | None = None,
    mode: str | None = None,
    api_key_env: str | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
) -> Settings:
    """Settings from the environment with the command's options on top; a bad value is a usage error."""
    if offline and backend not in (None, "rules", "offline"):
        usage_error(f"--offline contradicts --backend {backend}")
    from summarizer.backends import ALIASES, GROUP, available, requested

    try:
        chosen = Settings.from_env(
            backend="rules" if offline else backend,
            model=model,
            base_url=base_url,
            mode=mode,
            api_key_env=api_key_env,
            timeout=timeout,
            max_retries=max_retries,
        )
    except SettingsError as exc:
        usage_error(str(exc))
    name = requested(chosen)
    if name != "auto" and name not in available() and name not in ALIASES:
        usage_error(
            f"unknown backend {name!r}; available: auto, {', '.join(available())} "
            f"(plugins register in the entry-point group {GROUP!r})"
        )
    return chosen


def fetch_options(
    *, timeout: float, deadline: float, max_bytes: int, allow_private_hosts: bool
) -> FetchOptions:
    """The `FetchOptions` the fetch options describe."""
    return FetchOptions(
        timeout=timeout, deadline=deadline, max_bytes=max_bytes, allow_private_hosts=allow_private_hosts
    )


@dataclass(frozen=True)
class OptionGroup:
    """Options that travel together, and how they become one value a command receives."""

    options: dict[str, tuple[Any, Any]]  # parameter name -> (Annotated type, default)
    build: Callable[..., Any]


#: --backend ... --max-retries -> `Settings` (environment underneath, options on top).
MODEL_OPTIONS = OptionGroup(
    {
        "backend": (BackendOpt, None),
        "offline": (OfflineOpt, False),
        "model": (ModelOpt, None),
        "base_url": (BaseUrlOpt, None),
        "mode": (ModeOpt, None),
        "api_key_env": (ApiKeyEnvOpt, None),
        "timeout": (TimeoutOpt, None),
        "max_retries": (MaxRetriesOpt, None),
    },
    build=lambda **given: settings(**given),
)
#: --fetch-timeout ... --allow-private-hosts -> `FetchOptions`.
FETCH_OPTIONS = OptionGroup(
    {
        "fetch_timeout": (FetchTimeoutOpt, DEFAULT_TIMEOUT),
        "fetch_deadline": (FetchDeadlineOpt, DEFAULT_DEADLINE),
        "max_bytes": (MaxBytesOpt, DEFAULT_MAX_BYTES),
        "allow_private_hosts": (AllowPrivateOpt, False),
    },
    build=lambda fetch_timeout, fetch_deadline, max_bytes, allow_private_hosts: fetch_options(
        timeout=fetch_timeout,
        deadline=fetch_deadline,
        max_bytes=max_bytes,
        allow_private_hosts=allow_private_hosts,
    ),
)

Command = TypeVar("Command", bound=Callable[..., Any])


def shared(**groups: OptionGroup) -> Callable[[Command], Command]:
    """Give a command the options of each group, declared here once, and pass it one built value
    per group instead of the raw options:

        @app.command()
        @shared(settings=MODEL_OPTIONS, fetch=FETCH_OPTIONS)
        def ingest(path: Path, settings: Settings, fetch: FetchOptions) -> None: ...

    typer reads the command's parameters from its signature, so the wrapper shows typer the
    command's own parameters followed by every group's options.
    """

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func)
        hints = typing.get_type_hints(func, include_extras=True)
        own = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in signature.parameters.values()
            if p.name not in groups
        ]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
            for group in groups.values()
            for name, (kind, default) in group.options.items()
        ]

        @functools.wraps(func)
        def command(**given: Any) -> Any:
            for target, group in groups.items():
                given[target] = group.build(**{name: given.pop(name) for name in group.options})
            return func(**given)

        parameters = [*own, *added]
        command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        return command  # type: ignore[return-value]

    return decorate


def usage_error(message: str) -> NoReturn:
    """Exit 2 with one line naming the problem."""
    command = click_command_path()
    typer.echo(f"summarizer: error: {message} (see '{command} --help')", err=True)
    raise typer.Exit(2)


def click_command_path() -> str:
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    return ctx.command_path if ctx is not None else "summarizer"


def one_line_error(source: str, exc: BaseException) -> None:
    """One line per failed input; the traceback only with --verbose."""
    from summarizer.inputs.errors import FetchError, redact_url

    source = redact_url(source) if "://" in source else source  # no password or token shown
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
def messages(verbose: bool) -> Iterator[None]:
    """Messages on stderr for the duration of one command, as one-liners (or full logs with -v)."""
    handler = _StderrHandler()
    if verbose:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(_OneLine())
    ours = logging.getLogger("summarizer")
    saved = ours.level, {n: logging.getLogger(n).level for n in (*_QUIET_LIBRARIES, "instructor")}
    ours.addHandler(handler)
    ours.setLevel(logging.DEBUG if verbose else logging.WARNING)
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.ERROR)
    # instructor logs each failed attempt itself; our retry messages already say it once
    logging.getLogger("instructor").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
    try:
        yield
    finally:
        ours.removeHandler(handler)
        ours.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)
