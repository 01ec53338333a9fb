"""The `summarizer` command: one group, a default command, and one module per subcommand.

    summarizer URL | --file F | -   ->  summarize (the default command: no name needed)
    summarizer batch INPUTS -o OUT  ->  summarizer/cli/batch.py
    summarizer eval gold|muc4|gtt|gva ->  summarizer/cli/eval.py
    summarizer ingest SOURCES --db DB ->  summarizer/cli/ingest.py
    summarizer events list|show|...  ->  summarizer/cli/events.py
    summarizer serve --db DB         ->  summarizer/cli/serve.py

Adding a command (`ingest`, `events`, `serve`, ...) takes one module and one line:

1. `summarizer/cli/NAME.py` with `app = typer.Typer(...)` holding one `@app.command()`
   (or several, for a command with subcommands). The options every command shares are
   declared once in `summarizer.cli.options`: `@shared(settings=MODEL_OPTIONS,
   fetch=FETCH_OPTIONS)` gives the command `--backend`, `--model`, ..., `--timeout`,
   `--max-retries` and the fetch options, and hands it the `Settings` and `FetchOptions`
   they make; `OutputOpt` (`-o`) and `VerboseOpt` are there too. So names, help and
   environment variables stay the same on every command.
2. One line in `COMMANDS` below: `"NAME": "summarizer.cli.NAME"`.

Command modules are imported only when their command runs (or help lists them), so
`summarizer --version` loads none of them. Every command takes `-h`.

Data goes to stdout (or `-o FILE`); progress and messages go to stderr.
Exit status: 0 success, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer import _click as click  # typer 0.29 ships its own click; its classes are these
from typer.core import TyperGroup

from summarizer import __version__

#: Command name -> module holding its typer `app`. Register new commands here.
COMMANDS: dict[str, str] = {
    "summarize": "summarizer.cli.summarize",
    "batch": "summarizer.cli.batch",
    "eval": "summarizer.cli.eval",
    "ingest": "summarizer.cli.ingest",
    "events": "summarizer.cli.events",
    "serve": "summarizer.cli.serve",
}
#: What runs when the first argument names no command: `summarizer URL` is `summarizer summarize URL`.
DEFAULT_COMMAND = "summarize"
CONTEXT = {"help_option_names": ["-h", "--help"]}


def load_command(name: str) -> click.Command:
    """The click command of a registered module, named as the group calls it."""
    try:
        module = importlib.import_module(COMMANDS[name])
    except ModuleNotFoundError as exc:
        if exc.name != COMMANDS[name]:
            raise
        typer.echo(f"summarizer: error: the '{name}' command is not available in this installation", err=True)
        raise SystemExit(2) from None
    command = typer.main.get_command(module.app)
    command.name = name
    return command


class DefaultGroup(TyperGroup):
    """A group whose commands load on demand, running `DEFAULT_COMMAND` when none is named."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(c for c in super().list_commands(ctx) if c not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = {"--version", *self.context_settings.get("help_option_names", ())}
        if not args or (args[0] not in COMMANDS and args[0] not in own):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=DefaultGroup,
    add_completion=False,
    context_settings=CONTEXT,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback(
    epilog="With no command name, 'summarize' runs: 'summarizer URL' is 'summarizer summarize URL'. "
    "Exit status: 0 all inputs digested, 1 some failed, 2 usage error."
)
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Incident records and a neutral, attributed summary from conflict news articles."""


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point of the `summarizer` script."""
    return app(args=None if argv is None else list(argv), prog_name="summarizer")
