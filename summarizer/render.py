"""Digests as JSON, JSON lines, Markdown, ACLED-like CSV, a rich terminal report (HTML: render_html).

Every format is derived from `schemas.ArticleDigest`; none adds facts. The
CSV follows ACLED's column names and conventions: one row per incident,
`fatalities` the most conservative killed figure, and every figure with its
range, source and status in `notes`, because ACLED has no field for who
claims a number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.schemas import (
    Actor,
    ActorKind,
    ActorRole,
    ArticleDigest,
    CasualtyFigure,
    DatePrecision,
    EventType,
    Evidence,
    GeoPrecision,
    Incident,
    Outcome,
    Qualifier,
    Status,
)

FORMATS = ("terminal", "md", "json", "jsonl", "csv", "html")

CSV_COLUMNS = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "country",
    "fatalities",
    "notes",
    "source",
    "source_url",
)

#: ACLED's inter codes.
INTER_CODES = {
    ActorKind.STATE_FORCES: 1,
    ActorKind.REBEL_GROUP: 2,
    ActorKind.POLITICAL_MILITIA: 3,
    ActorKind.IDENTITY_MILITIA: 4,
    ActorKind.RIOTERS: 5,
    ActorKind.PROTESTERS: 6,
    ActorKind.CIVILIANS: 7,
    ActorKind.OTHER: 8,
}
TIME_PRECISION = {DatePrecision.DAY: 1, DatePrecision.WEEK: 2, DatePrecision.MONTH: 3}
GEO_PRECISION = {GeoPrecision.TOWN: 1, GeoPrecision.NEAR_TOWN: 2, GeoPrecision.REGION: 3}
STATUS_STYLE = {
    Status.CONFIRMED: "green",
    Status.REPORTED: "cyan",
    Status.ALLEGED: "yellow",
    Status.CLAIMED: "yellow",
    Status.DENIED: "red",
}


# --- shared wording -------------------------------------------------------------------------------


#: C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: What `_CONTROL` finds, in a digest's JSON (UTF-8): JSON writes every C0 control as `\b`, `\f`,
#: `\r`, `\t`, `\n` or `\u00XX`, and DEL and the C1 controls as they are (or as `\u00XX`).
#: A superset (an escaped backslash before one of those letters matches too): a match only
#: sends the digest through the walk, which decides.
_CONTROL_ESCAPE_JSON = re.compile(rb"\\[bfru]")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _may_hold_control(digest: ArticleDigest) -> bool:
    """False when no text of `digest` holds a `_CONTROL` character, read from its JSON: three
    searches of one serialised text, where the walk visits every value of a Python dump (speed
    only: nearly every digest has none; a digest that cannot be serialised is walked)."""
    try:
        data = ArticleDigest.__pydantic_serializer__.to_json(digest)
    except Exception:
        return True
    return b"\x7f" in data or bool(_CONTROL_ESCAPE_JSON.search(data) or _C1_UTF8.search(data))


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def printable(digest: ArticleDigest) -> ArticleDigest:
    """A copy of `digest` fit for a terminal or a Markdown viewer: control characters (an
    escape sequence in an article can recolour, retitle or clear a terminal) shown as their
    visible symbols. Only human-facing formats use it; JSON escapes them by itself."""
    return _walked(digest) if _may_hold_control(digest) else digest


def _walked(digest: ArticleDigest) -> ArticleDigest:
    """`printable(digest)`, every text of the digest searched."""
    found = False

    def walk(value: object) -> object:
        nonlocal found
        if isinstance(value, str):
            if _CONTROL.search(value) is None:
                return value
            found = True
            return _CONTROL.sub(_visible, value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    data = walk(digest.model_dump(mode="python"))
    # Nothing to show differently (nearly every digest): the digest itself, not a re-validated
    # copy of it (which cost more than the Markdown it is rendered into).
    return ArticleDigest.model_validate(data) if found else digest


def acled_name(value: str) -> str:
    """ACLED's capitalisation of an event or sub-event type ('battles' -> 'Battles')."""
    if value == EventType.EXPLOSIONS:
        return "Explosions/Remote violence"
    return value[:1].upper() + value[1:]


def figure_range(f: CasualtyFigure) -> str:
    """The figure as the article hedges it: '12', 'at least 84', 'more than 80', '10-15'."""
    low, high = f.low, f.high
    if low is None and high is None:
        return "unspecified number"
    if f.qualifier == Qualifier.RANGE or (low is not None and high is not None and high != low):
        return f"{low if low is not None else '?'}-{high if high is not None else '?'}"
    n = low if low is not None else high
    if f.qualifier in (Qualifier.EXACT, Qualifier.UNSPECIFIED):
        return str(n)
    return f"{f.qualifier.value} {n}"


def victims(f: CasualtyFigure) -> str:
    if f.victim_description and f.victim_description.lower() != f.victims.value:
        return f"{f.victims.value} ({f.victim_description})"
    return f.victims.value


def figure_note(f: CasualtyFigure) -> str:
    """'killed at least 84 [security forces], stated by Baloch Liberation Army, claimed'."""
    return f"{f.outcome.value} {figure_range(f)} [{victims(f)}], stated by {f.stated_by}, {f.status.value}"


def where(incident: Incident) -> str:
    names = ", ".join(p.name for p in incident.places)
    if not names:
        return ""
    first = incident.places[0]
    region = ", ".join(x for x in (first.admin1, first.country) if x and x not in names)
    return f"{names} ({region})" if region else names


def when(incident: Incident) -> str:
    d = incident.date
    if d.start and d.end and d.end != d.start:
        return f"{d.start} to {d.end}"
    return d.start or d.text or ""


def actors(incident: Incident) -> str:
    return "; ".join(f"{a.name} ({a.role.value})" for a in incident.actors)


def event(incident: Incident) -> str:
    sub = f", {incident.sub_event_type.value}" if incident.sub_event_type else ""
    return f"{incident.event_type.value}{sub}"


def offsets(e: Evidence) -> str:
    if e.start is None or e.end is None:
        return "offsets unknown"
    return f"chars {e.start}-{e.end}" + (f", {e.alignment.value}" if e.alignment else "")


def summary_note(digest: ArticleDigest) -> str:
    s = digest.summary
    by = "written by the model" if s.method == "model" else "built from the records (template)"
    checks = "passed every check" if s.checks_passed else "did NOT pass every check: see warnings"
    return f"Summary {by}; {checks}."


def source_names(digest: ArticleDigest) -> str:
    a = digest.article
    names = [a.site_name, a.dateline.agency if a.dateline else None]
    return "; ".join(dict.fromkeys(n for n in names if n))


def provenance_line(digest: ArticleDigest) -> str:
    p = digest.provenance
    parts = [f"backend {p.backend}"]
    if p.model:
        parts.append(f"model {p.model}")
    if p.mode:
        parts.append(f"mode {p.mode}")
    if p.prompt_version:
        parts.append(f"prompt {p.prompt_version}")
    parts += [
        f"schema {p.schema_version}",
        f"{p.attempts} request{'s' if p.attempts != 1 else ''}",
        f"{p.tokens.total_tokens} tokens",
        f"{p.chunks} chunk{'s' if p.chunks != 1 else ''}",
        f"{p.latency_s:.2f} s",
    ]
    if p.cache_hit:
        parts.append("from cache")
    return ", ".join(parts)


# --- JSON -----------------------------------------------------------------------------------------


def to_json(digests: Sequence[ArticleDigest], many: bool) -> str:
    """One digest object, or an array when several inputs were given (even if some failed)."""
    data = [d.model_dump(mode="json") for d in digests]
    if not many and not data:
        return ""
    return json.dumps(data if many else data[0], indent=2, ensure_ascii=False) + "\n"


def to_jsonl(digests: Iterable[ArticleDigest]) -> str:
    return "".join(d.model_dump_json() + "\n" for d in digests)


# --- CSV ------------------------------------------------------------------------------------------


def _pick_actors(incident: Incident) -> tuple[Actor | None, Actor | None]:
    """actor1: the first perpetrator (else the first actor); actor2: the first target after it."""
    ordered = sorted(incident.actors, key=lambda a: a.role != ActorRole.PERPETRATOR)
    first = ordered[0] if ordered else None
    rest = [a for a in incident.actors if a is not first]
    second = next((a for a in rest if a.role == ActorRole.TARGET), rest[0] if rest else None)
    return first, second


def fatalities(incident: Incident) -> int | str:
    """ACLED's conservative count: the lowest stated killed figure; 0 when none is reported,
    '' when deaths are reported without any number."""
    killed = [f for f in incident.casualties if f.outcome == Outcome.KILLED]
    numbers = [f.low if f.low is not None else f.high for f in killed]
    known = [n for n in numbers if n is not None]
    if known:
        return min(known)
    return "" if killed else 0


def csv_rows(digest: ArticleDigest) -> list[dict[str, str | int | float]]:
    """One ACLED-like row per incident."""
    rows: list[dict[str, str | int | float]] = []
    a = digest.article
    for incident in digest.incidents:
        actor1, actor2 = _pick_actors(incident)
        place = incident.places[0] if incident.places else None
        notes = [incident.description.strip()]
        if incident.casualties:
            notes.append("Figures: " + "; ".join(figure_note(f) for f in incident.casualties) + ".")
        if len(incident.places) > 1:
            notes.append("Places: " + "; ".join(p.name for p in incident.places) + ".")
        rows.append(
            {
                "event_date": incident.date.start or "",
                "time_precision": TIME_PRECISION.get(incident.date.precision, ""),
                "event_type": acled_name(incident.event_type.value),
                "sub_event_type": acled_name(incident.sub_event_type.value)
                if incident.sub_event_type
                else "",
                "actor1": actor1.name if actor1 else "",
                "inter1": INTER_CODES[actor1.kind] if actor1 else "",
                "actor2": actor2.name if actor2 else "",
                "inter2": INTER_CODES[actor2.kind] if actor2 else "",
                "admin1": (place.admin1 or "") if place else "",
                "location": place.name if place else "",
                "latitude": place.latitude if place and place.latitude is not None else "",
                "longitude": place.longitude if place and place.longitude is not None else "",
                "geo_precision": GEO_PRECISION.get(place.precision, "") if place else "",
                "country": (place.country or "") if place else "",
                "fatalities": fatalities(incident),
                "notes": " ".join(notes),
                "source": source_names(digest),
                "source_url": a.canonical_url or a.url or "",
            }
        )
    return rows


def to_csv(digests: Iterable[ArticleDigest]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for digest in digests:
        writer.writerows(csv_rows(digest))
    return out.getvalue()


# --- Markdown -------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown_one(digest: ArticleDigest) -> str:
    a = digest.article
    lines = [f"# {_cell(a.title or a.canonical_url or a.url or 'Untitled article')}", ""]
    facts = []
    if a.url or a.canonical_url:
        facts.append(f"Source: <{a.canonical_url or a.url}>")
    if names := source_names(digest):
        facts.append(f"Outlet: {names}")
    if a.published:
        facts.append(f"Published: {a.published}")
    if a.author:
        facts.append(f"Author: {_cell(a.author)}")
    if a.dateline and a.dateline.place:
        facts.append(
            f"Dateline: {_cell(a.dateline.place)}"
            + (f", {a.dateline.date_text}" if a.dateline.date_text else "")
        )
    if facts:
        lines += [" · ".join(facts), ""]
    lines += [
        "## Summary",
        "",
        digest.summary.text or "_No summary passed the checks._",
        "",
        f"_{summary_note(digest)}_",
        "",
    ]

    lines += ["## Incidents", ""]
    if digest.incidents:
        lines += _md_table(
            ("#", "Event", "Date", "Where", "Actors", "Status", "Description"),
            (
                (n, event(i), when(i), where(i), actors(i), i.status.value, i.description)
                for n, i in enumerate(digest.incidents, 1)
            ),
        )
        figures = [(n, f) for n, i in enumerate(digest.incidents, 1) for f in i.casualties]
        if figures:
            lines += ["", "### Figures", ""]
            lines += _md_table(
                ("#", "Outcome", "Figure", "Victims", "Stated by", "Status"),
                (
                    (n, f.outcome.value, figure_range(f), victims(f), f.stated_by, f.status.value)
                    for n, f in figures
                ),
            )
    else:
        lines.append("_No incidents found._")
    lines.append("")

    if digest.incidents:
        lines += ["## Evidence", ""]
        for n, incident in enumerate(digest.incidents, 1):
            lines.append(f"### Incident {n}")
            lines.append("")
            for e in incident.evidence:
                lines.append(f"- “{_cell(e.quote)}” ({offsets(e)})")
            for f in incident.casualties:
                for e in f.evidence:
                    lines.append(f"- {f.outcome.value} {figure_range(f)}: “{_cell(e.quote)}” ({offsets(e)})")
            lines.append("")

    warnings = digest.provenance.warnings
    lines += ["## Warnings", ""]
    lines += [f"- `{w.code}`: {_cell(w.message)}" for w in warnings] or ["_None._"]
    lines += ["", "## Provenance", "", provenance_line(digest), ""]
    return "\n".join(lines)


def to_markdown(digests: Sequence[ArticleDigest]) -> str:
    return "\n---\n\n".join(to_markdown_one(printable(d)) for d in digests)


# --- terminal -------------------------------------------------------------------------------------


def _status(status: Status) -> Text:
    return Text(status.value, style=STATUS_STYLE.get(status, ""))


#: Consoles at least this wide get the incidents and figures as tables; narrower ones (80 columns,
#: a pipe) get one block per incident, so no column is narrower than its words.
WIDE_TABLES = 160


def _wide_tables(digest: ArticleDigest) -> list[RenderableType]:
    incidents = Table(title="Incidents", show_lines=True, expand=True)
    for col in ("#", "Event", "Date", "Where", "Actors", "Status", "Description"):
        incidents.add_column(col, overflow="fold")
    for n, i in enumerate(digest.incidents, 1):
        incidents.add_row(str(n), event(i), when(i), where(i), actors(i), _status(i.status), i.description)
    out: list[RenderableType] = [incidents]
    figures = Table(title="Casualty figures", expand=True)
    for col in ("#", "Outcome", "Figure", "Victims", "Stated by", "Status"):
        figures.add_column(col, overflow="fold")
    for n, i in enumerate(digest.incidents, 1):
        for f in i.casualties:
            figures.add_row(
                str(n), f.outcome.value, figure_range(f), victims(f), f.stated_by, _status(f.status)
            )
    if figures.row_count:
        out.append(figures)
    return out


def _blocks(digest: ArticleDigest) -> list[RenderableType]:
    """One block per incident: label and value on a line, values wrapped on words."""
    out: list[RenderableType] = []
    for n, i in enumerate(digest.incidents, 1):
        out.append(Text.assemble((f"Incident {n} ", "bold"), _status(i.status)))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")  # only a token longer than the whole line (a URL) is folded
        for label, value in (
            ("Event", event(i)),
            ("Date", when(i)),
            ("Where", where(i)),
            ("Actors", actors(i)),
            ("Description", i.description),
        ):
            grid.add_row(label, value)
        for f in i.casualties:
            figure = f"{f.outcome.value} {figure_range(f)}"
            grid.add_row(
                "Figure",
                Text.assemble(f"{figure} {victims(f)} · stated by {f.stated_by} · ", _status(f.status)),
            )
        out.append(grid)
    return out


class _Records:
    """Incidents and figures, laid out for the width the console has."""

    def __init__(self, digest: ArticleDigest) -> None:
        self.digest = digest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= WIDE_TABLES:
            yield from _wide_tables(self.digest)
        else:
            yield from _blocks(self.digest)


def terminal_report(digest: ArticleDigest) -> RenderableType:
    """A rich renderable: heading, summary panel, incidents and figures tables, evidence, warnings."""
    a = digest.article
    parts: list[RenderableType] = [
        Text(a.title or a.canonical_url or a.url or "Untitled article", style="bold")
    ]
    meta = " · ".join(x for x in (source_names(digest), a.published, a.canonical_url or a.url) if x)
    if meta:
        parts.append(Text(meta, style="dim"))
    parts.append(
        Panel(
            Text(digest.summary.text or "No summary passed the checks."),
            title="Summary",
            subtitle=summary_note(digest),
            border_style="green" if digest.summary.checks_passed else "yellow",
        )
    )
    if digest.incidents:
        parts.append(_Records(digest))
        evidence = Text()
        for n, i in enumerate(digest.incidents, 1):
            evidence.append(f"Incident {n}\n", style="bold")
            quotes: list[tuple[CasualtyFigure | None, Evidence]] = [(None, e) for e in i.evidence]
            quotes += [(f, e) for f in i.casualties for e in f.evidence]
            for fig, e in quotes:
                label = f"{fig.outcome.value} {figure_range(fig)}: " if fig else ""
                evidence.append(f"  {label}", style="bold")
                evidence.append(f"“{e.quote}”", style="italic")
                evidence.append(f"  [{offsets(e)}]\n", style="dim")
        evidence.rstrip()
        parts.append(Panel(evidence, title="Evidence", border_style="dim"))
    else:
        parts.append(Text("No incidents found.", style="italic"))
    for w in digest.provenance.warnings:
        parts.append(Text.assemble(("warning ", "yellow"), (f"{w.code}: ", "bold"), w.message))
    parts.append(Text(provenance_line(digest), style="dim"))
    return Group(*parts)


def print_terminal(digests: Sequence[ArticleDigest], console: Console) -> None:
    for n, digest in enumerate(digests):
        if n:
            console.rule()
        console.print(terminal_report(printable(digest)))


def render_text(digests: Sequence[ArticleDigest], fmt: str, many: bool) -> str:
    """The digests in a text format (everything but 'terminal')."""
    if fmt == "json":
        return to_json(digests, many)
    if fmt == "jsonl":
        return to_jsonl(digests)
    if fmt == "md":
        return to_markdown(digests)
    if fmt == "csv":
        return to_csv(digests)
    if fmt == "html":
        from summarizer.render_html import to_html  # the HTML layer builds on this module

        return to_html(digests)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
