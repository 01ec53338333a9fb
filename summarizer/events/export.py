"""Exports of the event store: ACLED's 31 columns, a UCDP-GED-style CSV, JSON Lines.

One row per active event, from the reconciled record (`EventView`), so an
analyst's edit shows in the next export. Vocabularies (event types, actor
types, ISO codes, regions) come from `summarizer/data/acled/`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO
from urllib.parse import urlsplit

from summarizer.events import vocab
from summarizer.events.views import EventView

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

UCDP_COLUMNS = (
    "id", "relid", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_headline",
    "where_prec", "where_coordinates", "adm_1", "latitude", "longitude", "country", "region",
    "date_prec", "date_start", "date_end", "deaths_civilians", "best", "high", "low",
    "number_of_sources", "dispute_note",
)  # fmt: skip

TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
GEO_PRECISION = {"town": 1, "near town": 2, "region": 3}
#: UCDP where_prec: 1 exact place, 2 within 25 km, 4 first-order region, 6 country.
UCDP_WHERE = {"town": 1, "near town": 2, "region": 4}
UCDP_DATE = {"day": 1, "week": 2, "month": 3}


def _actors(view: EventView) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    perps: dict[str, dict[str, object]] = {}
    targets: dict[str, dict[str, object]] = {}
    for inc in view.incidents:
        for actor in inc.actors:
            name = str(actor.get("name", "")).strip()
            if not name:
                continue
            (perps if actor.get("role") == "perpetrator" else targets).setdefault(name.lower(), actor)
    return list(perps.values()), list(targets.values())


def _precision(view: EventView) -> str:
    order = ["day", "week", "month"]
    got = [i.date_precision for i in view.incidents if i.date_precision in order]
    return min(got, key=order.index) if got else "month"


def _outlets(view: EventView) -> list[str]:
    names = []
    for inc in view.incidents:
        name = inc.site_name or (urlsplit(inc.article_url).hostname if inc.article_url else None)
        names.append(name or "Unknown")
    return list(dict.fromkeys(names))


def _civilian(view: EventView) -> bool:
    return view.event_type == "violence against civilians" or any(
        c.victims == "civilians" and c.review != "rejected" for c in view.claims
    )


def _place(view: EventView) -> tuple[str, float | None, float | None]:
    for inc in view.incidents:
        if inc.location == view.location:
            return inc.geo_precision, inc.latitude, inc.longitude
    return "unknown", None, None


def _notes(view: EventView) -> str:
    first = view.incidents[0].description if view.incidents else ""
    parts = [first]
    rec = view.reconciliation
    if rec.dispute_note:
        parts.append(f"Figures differ: {rec.dispute_note}.")
    if rec.fatalities_from_party_only:
        parts.append("Fatalities only from a party's own claim.")
    parts.append(f"{rec.n_sources} source(s).")
    return " ".join(p for p in parts if p)


def _tags(view: EventView) -> str:
    rec = view.reconciliation
    tags = []
    if rec.dispute_note:
        tags.append("disputed fatalities")
    if rec.fatalities_from_party_only:
        tags.append("party claim only")
    if any(c.party_claim for c in view.claims):
        tags.append("party claims kept")
    return "; ".join(tags)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store writes UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _coord(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def acled_row(view: EventView) -> dict[str, object]:
    """One event as ACLED's 31 columns, in ACLED's vocabularies."""
    acled_type, disorder, _ = vocab.event_type(view.event_type)
    subs = [i.sub_event_type for i in view.incidents if i.sub_event_type]
    perps, targets = _actors(view)
    country = vocab.country_row(view.country)
    country_name = country.name if country else (view.country or "")
    targets = [
        {**a, "name": f"Civilians ({country_name})"} if a.get("kind") == "civilians" and country_name else a
        for a in targets
    ]
    if not targets and _civilian(view):
        targets = [
            {"name": f"Civilians ({country_name})" if country_name else "Civilians", "kind": "civilians"}
        ]
    inter1 = vocab.inter_label(str(perps[0].get("kind"))) if perps else ""
    inter2 = vocab.inter_label(str(targets[0].get("kind"))) if targets else ""
    interaction = "-".join(x for x in (inter1, inter2) if x) or ""
    if inter1 and not inter2:
        interaction = f"{inter1} only"
    geo, lat, lon = _place(view)
    return {
        "event_id_cnty": view.event_id_cnty,
        "event_date": view.event_date or "",
        "year": view.event_date[:4] if view.event_date else "",
        "time_precision": TIME_PRECISION.get(_precision(view), 3),
        "disorder_type": disorder,
        "event_type": acled_type,
        "sub_event_type": vocab.sub_event_type(subs[0] if subs else None, view.event_type),
        "actor1": perps[0]["name"] if perps else "",
        "assoc_actor_1": "; ".join(str(a["name"]) for a in perps[1:]),
        "inter1": inter1,
        "actor2": targets[0]["name"] if targets else "",
        "assoc_actor_2": "; ".join(str(a["name"]) for a in targets[1:]),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if _civilian(view) else "",
        "iso": country.numeric if country else "",
        "region": country.region if country else "",
        "country": country_name,
        "admin1": view.admin1 or "",
        "admin2": vocab.us_admin2(
            [view.location, *(i.location for i in view.incidents)], view.country, view.admin1
        ),
        "admin3": "",
        "location": view.location or "",
        "latitude": _coord(lat),
        "longitude": _coord(lon),
        "geo_precision": GEO_PRECISION.get(geo, 3),
        "source": "; ".join(_outlets(view)),
        "source_scale": vocab.source_scale((i.article_url, i.site_name) for i in view.incidents),
        "notes": _notes(view),
        "fatalities": view.reconciliation.fatalities or 0,
        "tags": _tags(view),
        "timestamp": int(_aware(view.updated_at).timestamp()),
    }


def ucdp_row(view: EventView) -> dict[str, object]:
    """One event in UCDP GED's terms: low / best / high, sources, date and place precision."""
    killed = view.reconciliation.outcomes.get("killed")
    perps, targets = _actors(view)
    geo, lat, lon = _place(view)
    country = vocab.country_row(view.country)
    kinds = {str(a.get("kind")) for a in perps + targets}
    if _civilian(view) and (not targets or view.event_type == "violence against civilians"):
        violence = 3
    elif "state forces" in kinds:
        violence = 1
    else:
        violence = 2
    deaths_civ = sum(
        (c.low or 0)
        for c in view.claims
        if c.outcome == "killed" and c.victims == "civilians" and c.review != "rejected"
    )
    dated = sorted(i.date_start for i in view.incidents if i.date_start)
    return {
        "id": view.id,
        "relid": view.event_id_cnty,
        "year": view.event_date[:4] if view.event_date else "",
        "type_of_violence": violence,
        "side_a": perps[0]["name"] if perps else "",
        "side_b": targets[0]["name"] if targets else "",
        "source_article": "; ".join(i.article_url or f"article {i.article_id}" for i in view.incidents),
        "source_headline": "; ".join(dict.fromkeys(i.article_title or "" for i in view.incidents)).strip(
            "; "
        ),
        "where_prec": UCDP_WHERE.get(geo, 6 if view.country else 7),
        "where_coordinates": view.location or view.admin1 or view.country or "",
        "adm_1": view.admin1 or "",
        "latitude": _coord(lat),
        "longitude": _coord(lon),
        "country": country.name if country else (view.country or ""),
        "region": country.region if country else "",
        "date_prec": UCDP_DATE.get(_precision(view), 5),
        "date_start": view.event_date or "",
        "date_end": dated[-1] if dated else (view.event_date or ""),
        "deaths_civilians": deaths_civ if killed else "",
        "best": killed.best if killed and killed.best is not None else "",
        "high": killed.high if killed and killed.high is not None else "",
        "low": killed.low if killed and killed.low is not None else "",
        "number_of_sources": view.reconciliation.n_sources,
        "dispute_note": view.reconciliation.dispute_note or "",
    }


def write_csv(views: Iterable[EventView], out: IO[str], kind: str = "acled") -> int:
    columns, row = (ACLED_COLUMNS, acled_row) if kind == "acled" else (UCDP_COLUMNS, ucdp_row)
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for view in views:
        writer.writerow(row(view))
        n += 1
    return n


def write_jsonl(views: Iterable[EventView], out: IO[str]) -> int:
    n = 0
    for view in views:
        out.write(view.model_dump_json() + "\n")
        n += 1
    return n


def write(views: Iterable[EventView], out: IO[str], fmt: str) -> int:
    """`fmt`: acled, ucdp or jsonl. Returns the number of events written."""
    if fmt == "jsonl":
        return write_jsonl(views, out)
    if fmt not in ("acled", "ucdp"):
        raise ValueError(f"unknown export format {fmt!r} (acled, ucdp or jsonl)")
    return write_csv(views, out, fmt)
