"""`summarizer events list|show|export|merge|split|edit|accept|reject|undo|history`.

The event store is chosen with `--db PATH` or `--db postgresql://...`
(default: a file in the user data directory; `summarizer ingest` fills it).
Exit status: 0 when it worked, 2 when the store or the arguments are unusable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from summarizer.cli import CONTEXT
from summarizer.events.export import write
from summarizer.events.service import EventFilter, EventStore, ServiceError
from summarizer.events.store import StoreError

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="SUMMARIZER_DB", help="SQLite file or postgresql:// URL (default: user data dir)."
    ),
]
WhoOpt = Annotated[str, typer.Option("--who", help="Name recorded in the audit trail.")]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="List, show, edit and export fused events.",
)


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"summarizer: error: {message}", err=True)
    return typer.Exit(code)


def _open(db: str | None) -> EventStore:
    try:
        return EventStore(db)
    except StoreError as exc:
        raise _fail(str(exc)) from None


def _filters(
    date_from: str | None,
    date_to: str | None,
    country: str | None,
    admin1: str | None,
    event_type: str | None,
    min_fatalities: int | None,
    max_fatalities: int | None,
    disputed: bool,
    in_scope: bool,
    limit: int | None,
) -> EventFilter:
    return EventFilter(
        date_from=date_from, date_to=date_to, country=country, admin1=admin1, event_type=event_type,
        min_fatalities=min_fatalities, max_fatalities=max_fatalities, disputed_only=disputed,
        in_scope_only=in_scope, limit=limit,
    )  # fmt: skip


FromOpt = Annotated[str | None, typer.Option("--from", help="Events on or after YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Events on or before YYYY-MM-DD.")]
CountryOpt = Annotated[str | None, typer.Option(help="Country name.")]
Admin1Opt = Annotated[str | None, typer.Option(help="First-level region (province, state).")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="Event type, e.g. 'battles'.")]
MinFatOpt = Annotated[int | None, typer.Option(help="At least this many fatalities.")]
MaxFatOpt = Annotated[int | None, typer.Option(help="At most this many fatalities.")]
DisputedOpt = Annotated[bool, typer.Option("--disputed", help="Only events whose figures differ.")]
ScopeOpt = Annotated[bool, typer.Option("--in-scope", help="Only political violence and demonstrations.")]
LimitOpt = Annotated[int | None, typer.Option(min=1, help="At most N events.")]


@app.command("list")
def list_events(
    db: DbOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    admin1: Admin1Opt = None,
    event_type: TypeOpt = None,
    min_fatalities: MinFatOpt = None,
    max_fatalities: MaxFatOpt = None,
    disputed: DisputedOpt = False,
    in_scope: ScopeOpt = False,
    limit: LimitOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
) -> None:
    """Events matching the filters, by date."""
    store = _open(db)
    rows = store.list_events(
        _filters(
            date_from,
            date_to,
            country,
            admin1,
            event_type,
            min_fatalities,
            max_fatalities,
            disputed,
            in_scope,
            limit,
        )
    )
    store.close()
    if as_json:
        for r in rows:
            typer.echo(r.model_dump_json())
        return
    table = Table(
        "id",
        "event_id_cnty",
        "date",
        "type",
        "country",
        "admin1",
        "location",
        "fatalities",
        "disputed",
        "sources",
    )
    for r in rows:
        table.add_row(
            str(r.id),
            r.event_id_cnty,
            r.event_date or "",
            r.event_type or "",
            r.country or "",
            r.admin1 or "",
            r.location or "",
            "" if r.fatalities is None else str(r.fatalities),
            "yes" if r.disputed else "",
            str(r.n_sources),
        )
    Console(width=160).print(table)


@app.command()
def show(
    event_id: Annotated[int, typer.Argument(help="Event number (the digits of event_id_cnty).")],
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The full record as JSON.")] = False,
) -> None:
    """One event: its reports, every claim with its source, the reconciled figures and the history."""
    store = _open(db)
    try:
        view = store.get_event(event_id)
    except ServiceError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
        return
    rec = view.reconciliation
    out = [
        f"# Event {view.id} ({view.event_id_cnty}) — {view.state}",
        f"{view.event_date or 'date unknown'} · {view.event_type} · "
        f"{', '.join(x for x in (view.location, view.admin1, view.country) if x)}",
        f"Fatalities (conservative): {rec.fatalities if rec.fatalities is not None else 'unknown'}"
        + (" — from a party's own claim only" if rec.fatalities_from_party_only else ""),
        f"Sources: {rec.n_sources}; first reported {rec.first_reported}, last {rec.last_reported}",
    ]
    if rec.dispute_note:
        out.append(f"Dispute: {rec.dispute_note}")
    for name, figs in rec.outcomes.items():
        out.append(f"{name}: low {figs.low} · best {figs.best} · high {figs.high}")
    out.append("\n## Reports")
    for inc in view.incidents:
        score = "founding report" if inc.score is None else f"score {inc.score:.2f}"
        out.append(
            f"- incident {inc.id} (article {inc.article_id}, {inc.published}; {score}): {inc.description}"
        )
        if inc.reasons:
            out.append(f"  reasons: {'; '.join(inc.reasons)}")
    out.append("\n## Claims")
    for c in view.claims:
        fig = c.low if c.high in (None, c.low) else f"{c.low}-{c.high}"
        flag = " [party]" if c.party_claim else ""
        out.append(
            f"- #{c.id} {c.outcome} {c.qualifier} {fig} — {c.stated_by} ({c.status}, {c.review}){flag}: "
            f"“{c.quote}” (article {c.article_id}, chars {c.quote_start}-{c.quote_end})"
        )
    out.append("\n## History")
    for a in view.history:
        undone = f" (undone by {a.undone_by})" if a.undone_by else ""
        out.append(f"- action {a.id} {a.at:%Y-%m-%d %H:%M:%S} {a.who}: {a.kind} — {a.summary}{undone}")
    typer.echo("\n".join(out))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="acled (31 columns), ucdp, or jsonl.")] = "acled",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")
    ] = None,
    db: DbOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    admin1: Admin1Opt = None,
    event_type: TypeOpt = None,
    min_fatalities: MinFatOpt = None,
    max_fatalities: MaxFatOpt = None,
    disputed: DisputedOpt = False,
    in_scope: ScopeOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Write the events as ACLED's 31 columns, a UCDP-GED-style CSV or JSON Lines with every claim."""
    if fmt not in ("acled", "ucdp", "jsonl"):
        raise _fail(f"unknown --format {fmt!r}: use acled, ucdp or jsonl")
    store = _open(db)
    views = store.iter_events(
        _filters(
            date_from,
            date_to,
            country,
            admin1,
            event_type,
            min_fatalities,
            max_fatalities,
            disputed,
            in_scope,
            limit,
        )
    )
    if output is None:
        n = write(views, sys.stdout, fmt)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = write(views, fh, fmt)
    store.close()
    typer.echo(f"summarizer: {n} event(s) exported", err=True)


def _act(db: str | None, fn: str, *args: object, **kwargs: object) -> None:
    store = _open(db)
    try:
        result = getattr(store, fn)(*args, **kwargs)
    except ServiceError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    typer.echo(result if isinstance(result, int) else result.model_dump_json())


@app.command()
def merge(keep: int, other: int, db: DbOpt = None, who: WhoOpt = "analyst") -> None:
    """Fold event OTHER into event KEEP (KEEP keeps its id; OTHER stays in history)."""
    _act(db, "merge_events", keep, other, who=who)


@app.command()
def split(event_id: int, incidents: list[int], db: DbOpt = None, who: WhoOpt = "analyst") -> None:
    """Move INCIDENTS of EVENT_ID into a new event; prints the new event's id."""
    _act(db, "split_event", event_id, incidents, who=who)


@app.command()
def edit(
    claim_id: int,
    changes: Annotated[
        list[str], typer.Argument(help="field=value pairs, e.g. low=12 stated_by='the police'.")
    ],
    db: DbOpt = None,
    who: WhoOpt = "analyst",
) -> None:
    """Change a claim's figure or attribution (kept in the history, undoable)."""
    parsed: dict[str, object] = {}
    for pair in changes:
        key, sep, value = pair.partition("=")
        if not sep:
            raise _fail(f"{pair!r} is not field=value")
        parsed[key] = int(value) if key in ("low", "high") and value.isdigit() else (value or None)
    _act(db, "edit_claim", claim_id, who=who, **parsed)


@app.command()
def accept(claim_id: int, db: DbOpt = None, who: WhoOpt = "analyst") -> None:
    """Mark a claim credible (counts toward fatalities even if a party states it)."""
    _act(db, "accept_claim", claim_id, who=who)


@app.command()
def reject(claim_id: int, db: DbOpt = None, who: WhoOpt = "analyst") -> None:
    """Mark a claim rejected (kept, but no longer counted)."""
    _act(db, "reject_claim", claim_id, who=who)


@app.command()
def undo(action_id: int, db: DbOpt = None, who: WhoOpt = "analyst") -> None:
    """Reverse a fuse, merge, split, edit, accept or reject."""
    _act(db, "undo", action_id, who=who)


@app.command()
def history(event_id: Annotated[int | None, typer.Argument()] = None, db: DbOpt = None) -> None:
    """The audit trail, newest first (of one event, or all)."""
    store = _open(db)
    rows = store.history(event_id)
    store.close()
    for a in rows:
        typer.echo(json.dumps(a.model_dump(mode="json")))
