"""`summarizer serve --db events.sqlite`: the local review app over the event store.

Binds 127.0.0.1 by default. Any other address needs `--host` and an access
token (`--token` or env SUMMARIZER_TOKEN); the app then refuses every request
without it. Exit status: 2 when the store or the options are unusable.
"""

from __future__ import annotations

import getpass
import io
import ipaddress
import os
from typing import Annotated

import typer

from summarizer.cli import CONTEXT
from summarizer.cli.events import DbOpt, _fail, _open
from summarizer.events.export import write
from summarizer.events.service import EventFilter, EventStore

app = typer.Typer(add_completion=False, help=__doc__, context_settings=CONTEXT)

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def acled_csv(store: EventStore) -> str:
    """Every active event as ACLED's columns (the same writer as `summarizer events export`)."""
    out = io.StringIO()
    write(store.iter_events(EventFilter()), out, "acled")
    return out.getvalue()


def _default_who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@app.command(context_settings=CONTEXT)
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback also needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="SUMMARIZER_TOKEN", help="Access token required beyond loopback (env SUMMARIZER_TOKEN)."
        ),
    ] = None,
    who: Annotated[str | None, typer.Option("--who", help="Name recorded in the audit trail.")] = None,
) -> None:
    """Serve the review app: event list, timeline, map, event pages with review actions, exports."""
    if not is_loopback(host) and not token:
        raise _fail(
            f"--host {host} is beyond loopback: give an access token with --token or SUMMARIZER_TOKEN"
        )
    if token is not None and len(token) < 16:
        raise _fail("the access token must be at least 16 characters")
    import uvicorn

    from summarizer.web.app import create_app

    store = _open(db)
    hosts = [*list(LOOPBACK_NAMES), "[::1]"] if is_loopback(host) else ["*"]
    application = create_app(
        store, who=who or _default_who(), token=token, allowed_hosts=hosts, export_acled=acled_csv
    )
    where = f"[{host}]" if ":" in host else host
    typer.echo(
        f"summarizer: serving {os.fspath(getattr(store.engine.url, 'database', '') or '')} "
        f"on http://{where}:{port}/ (Ctrl-C stops)",
        err=True,
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    app()
