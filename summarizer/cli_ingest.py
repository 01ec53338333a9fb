"""`summarizer ingest`: the typer app lives in `cli_events`; this module names it for the subcommand table."""

from summarizer.cli_events import ingest_app as app

__all__ = ["app"]
