"""Reading article texts and reviewed figures out of the event store, for excerpts and gold files.

The store's service API returns events, incidents and claims; the article text
(what every quote offset points into) lives in its `articles` table, read here
through the store's own engine and models, so there is still one store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from summarizer.eval.gold_format import GoldArticle, GoldCasualty, GoldIncident
from summarizer.events.db import Article, Incident
from summarizer.events.service import EventFilter, EventStore
from summarizer.events.views import ClaimView, IncidentView
from summarizer.schemas import Status
from summarizer.sentences import sentence_at

#: Characters of context shown around a quote in an excerpt.
CONTEXT = 160


@dataclass(frozen=True)
class StoredArticle:
    id: int
    sha256: str
    url: str | None
    title: str | None
    published: str | None
    text: str


def articles(store: EventStore, ids: Iterable[int]) -> dict[int, StoredArticle]:
    wanted = set(ids)
    if not wanted:
        return {}
    with Session(store.engine) as s:
        rows = s.scalars(select(Article).where(Article.id.in_(wanted)))
        return {a.id: StoredArticle(a.id, a.sha256, a.url, a.title, a.published, a.text) for a in rows}


@dataclass(frozen=True)
class Excerpt:
    """The sentence(s) around a quote, cut into before / quote / after for highlighting."""

    before: str
    quote: str
    after: str
    placed: bool


def excerpt(text: str, start: int | None, end: int | None, quote: str) -> Excerpt:
    """The quote in its context; a quote without offsets is shown as itself, flagged."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return Excerpt("", quote, "", False)
    s0, _ = sentence_at(text, start)
    _, e1 = sentence_at(text, max(start, end - 1))
    lo = max(min(s0, start), start - CONTEXT)
    hi = min(max(e1, end), end + CONTEXT)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return Excerpt(before, text[start:end], after, True)


# --- gold export ------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "article"


def _gold_casualty(c: ClaimView) -> GoldCasualty:
    return GoldCasualty.model_validate(
        {
            "outcome": c.outcome,
            "low": c.low,
            "high": c.high,
            "qualifier": c.qualifier,
            "victims": c.victims,
            "stated_by": [c.stated_by],
            "status": c.status,
        }
    )


def _gold_incident(inc: IncidentView, record: dict[str, Any], claims: list[ClaimView]) -> GoldIncident:
    actors = [a for a in record.get("actors", []) if isinstance(a, dict)]
    places = [str(p["name"]) for p in record.get("places", []) if isinstance(p, dict) and p.get("name")]
    return GoldIncident.model_validate(
        {
            "key": f"i{inc.position + 1}",
            "event_type": inc.event_type,
            "places": places or ([inc.location] if inc.location else []),
            "admin1": inc.admin1,
            "country": inc.country,
            "perpetrators": [str(a["name"]) for a in actors if a.get("role") == "perpetrator"],
            "targets": [str(a["name"]) for a in actors if a.get("role") == "target"],
            "status": Status(str(record.get("status", "reported"))),
            "reported_by": [str(x) for x in record.get("reported_by", [])],
            "casualties": [_gold_casualty(c) for c in claims if c.review != "rejected"],
        }
    )


def reviewed_article_ids(store: EventStore) -> set[int]:
    """Articles an analyst touched: a claim accepted, edited or rejected, or an event split or merged."""
    touched: set[int] = set()
    for view in store.iter_events(EventFilter(include_inactive=True)):
        people = [a for a in view.history if a.kind in ("split", "merge") and a.undone_by is None]
        if people:
            touched.update(i.article_id for i in view.incidents)
        touched.update(c.article_id for c in view.claims if c.review != "pending")
    return touched


def export_gold(store: EventStore, directory: Path, article_ids: Iterable[int] | None = None) -> list[Path]:
    """Write `gold/<id>.json` and `articles/<id>.txt` for the reviewed articles (or those given).

    The figures are the claims as reviewed: edits applied, rejected ones left out. The
    files are in the project's gold format (`summarizer/eval/gold_format.py`), so
    `summarizer eval gold DIR/gold` reads them back.
    """
    ids = set(article_ids) if article_ids is not None else reviewed_article_ids(store)
    incidents: dict[int, list[IncidentView]] = {}
    claims: dict[int, list[ClaimView]] = {}
    for view in store.iter_events(EventFilter(include_inactive=False)):
        for inc in view.incidents:
            if inc.article_id in ids:
                incidents.setdefault(inc.article_id, []).append(inc)
        for c in view.claims:
            claims.setdefault(c.incident_id, []).append(c)
    texts = articles(store, ids)
    with Session(store.engine) as s:
        inc_ids = [i.id for incs in incidents.values() for i in incs]
        records = {
            i.id: json.loads(i.record_json)
            for i in s.scalars(select(Incident).where(Incident.id.in_(inc_ids)))
        }
    (directory / "gold").mkdir(parents=True, exist_ok=True)
    (directory / "articles").mkdir(parents=True, exist_ok=True)
    written = []
    for article_id in sorted(ids):
        a = texts.get(article_id)
        if a is None:
            continue
        gold_id = f"review-{article_id}-{_slug(a.title or a.sha256[:12])}"
        (directory / "articles" / f"{gold_id}.txt").write_text(a.text, encoding="utf-8")
        incs = sorted(incidents.get(article_id, []), key=lambda i: i.position)
        gold = GoldArticle(
            id=gold_id,
            text_file=f"articles/{gold_id}.txt",
            published=a.published,
            note=f"exported from the review app; source {a.url or 'unknown'}",
            incidents=[_gold_incident(i, records.get(i.id, {}), claims.get(i.id, [])) for i in incs],
        )
        path = directory / "gold" / f"{gold_id}.json"
        path.write_text(gold.model_dump_json(indent=2, exclude_none=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
