"""ACLED's vocabularies as data: countries (ISO codes, region), event types, actor types.

The tables live in `summarizer/data/acled/`; this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from summarizer import datafiles
from summarizer.geo import fold


@dataclass(frozen=True)
class CountryRow:
    name: str
    alpha2: str
    iso3: str
    numeric: int
    region: str


@cache
def _countries() -> dict[str, CountryRow]:
    out: dict[str, CountryRow] = {}
    for name, a2, a3, num, region in datafiles.rows("acled/countries.tsv"):
        row = CountryRow(name, a2, a3, int(num), region)
        for key in (name, a2, a3):
            out.setdefault(fold(key), row)
    return out


def country_row(country: str | None) -> CountryRow | None:
    """The table row for a country name or ISO code; None when unknown."""
    return _countries().get(fold(country)) if country else None


@cache
def _types() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    events: dict[str, tuple[str, str, str]] = {}
    subs: dict[str, str] = {}
    for row in datafiles.rows("acled/event_types.tsv"):
        if row[0] == "event":
            events[row[1]] = (row[2], row[3], row[4])
        else:
            subs[row[1]] = row[2]
    return events, subs


def event_type(ours: str | None) -> tuple[str, str, str]:
    """(ACLED event type, disorder_type, default sub-event type) for our event type value."""
    events, _ = _types()
    return events.get((ours or "").lower(), events["strategic developments"])


def sub_event_type(ours: str | None, event: str | None) -> str:
    _, subs = _types()
    if ours and ours.lower() in subs:
        return subs[ours.lower()]
    return event_type(event)[2]


@cache
def inter_codes() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in datafiles.rows("acled/interaction.tsv")}


def inter(kind: str | None) -> int:
    """ACLED inter code (1-8) of an actor kind; 0 when there is no actor."""
    return inter_codes().get(kind or "", 0)


@cache
def _inter_labels() -> dict[str, str]:
    return {row[0]: row[2] for row in datafiles.rows("acled/interaction.tsv")}


def inter_label(kind: str | None) -> str:
    """ACLED's actor-type label ('State forces', 'Civilians', ...) for an actor kind; '' when none."""
    return _inter_labels().get(kind or "", "External/Other forces" if kind else "")
