"""Event store scale: ingest throughput and query times at 10k and 100k events.

Run: PYTHONPATH=. python benchmarks/events_scale.py [--db URL] [--sizes 10000,100000] [--ingest 1000]

1. Ingest: `--ingest` synthetic digests (one incident, two claims each, random
   town/date among 200 towns and two years) through `EventStore.ingest_digest`
   (fusion included; no extraction: digests are built directly).
2. Queries: the store is then filled with synthetic events by bulk insert up to
   each size, and the typical calls are timed (median of 5): a filtered list
   (country + date range, 100 rows), disputed only, one full event, and an
   ACLED export of 1,000 events.
Synthetic events are fine for query timing; they say nothing about fusion quality.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from summarizer.events.db import Action, Article, Claim, Digest, Event, EventLink, Incident
from summarizer.events.export import write
from summarizer.events.service import EventFilter, EventStore
from summarizer.schemas import (
    ArticleDigest,
    ArticleMeta,
    CasualtyFigure,
    EventType,
    Evidence,
    IncidentDate,
    NeutralSummary,
    Outcome,
    Place,
    Provenance,
    Qualifier,
    Status,
    VictimGroup,
)
from summarizer.schemas import (
    Incident as IncidentRecord,
)

COUNTRIES = ["Pakistan", "Nigeria", "Mali", "Somalia", "Yemen", "Sudan", "Afghanistan", "Iraq"]
TOWNS = [(f"Town{n}", COUNTRIES[n % len(COUNTRIES)], f"Region{n % 17}") for n in range(200)]
START = date(2024, 1, 1)


def synthetic_digest(n: int, rng: random.Random) -> ArticleDigest:
    town, country, admin1 = rng.choice(TOWNS)
    day = START + timedelta(days=rng.randrange(730))
    killed = rng.randrange(1, 40)
    # story-specific vocabulary: 40 pseudo-words from 17,576 (names, streets, details)
    words = " ".join(
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3)) + "ing" for _ in range(40)
    )
    lead = f"Gunmen attacked a checkpoint in {town}, killing {killed} people, police said."
    text = f"{town}, {day:%b %d} - {lead} {words}. Report {n}."
    quote = f"Gunmen attacked a checkpoint in {town}, killing {killed} people, police said."
    start = text.index(quote)
    ev = Evidence(quote=quote, start=start, end=start + len(quote))
    figs = [
        CasualtyFigure(
            outcome=Outcome.KILLED,
            low=killed,
            high=killed,
            qualifier=Qualifier.EXACT,
            victims=VictimGroup.CIVILIANS,
            stated_by="police",
            status=Status.REPORTED,
            evidence=[ev],
        ),
        CasualtyFigure(
            outcome=Outcome.KILLED,
            low=killed + rng.randrange(0, 5),
            high=None,
            qualifier=Qualifier.AT_LEAST,
            victims=VictimGroup.CIVILIANS,
            stated_by="residents",
            status=Status.REPORTED,
            evidence=[ev],
        ),
    ]
    inc = IncidentRecord(
        event_type=EventType.VIOLENCE_AGAINST_CIVILIANS,
        description=f"Gunmen attacked a checkpoint in {town}.",
        date=IncidentDate(text=f"{day:%b %d}", start=day.isoformat(), precision="day"),
        places=[Place(name=town, admin1=admin1, country=country)],
        casualties=figs,
        status=Status.REPORTED,
        evidence=[ev],
    )
    meta = ArticleMeta(
        text=text,
        published=day.isoformat(),
        title=f"Attack in {town}",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    return ArticleDigest(
        article=meta,
        incidents=[inc],
        summary=NeutralSummary(text="", method="template", checks_passed=True),
        provenance=Provenance(backend="synthetic"),
    )


def bulk_fill(store: EventStore, target: int, rng: random.Random) -> None:
    """Insert synthetic events (one article, incident, two claims each) until `target` active events."""
    now = datetime.now(UTC)
    with store._write() as s:
        have = s.scalar(select(func.count()).select_from(Event)) or 0
        next_article = (s.scalar(select(func.max(Article.id))) or 0) + 1
        next_incident = (s.scalar(select(func.max(Incident.id))) or 0) + 1
        next_event = (s.scalar(select(func.max(Event.id))) or 0) + 1
    batch = 5000
    while have < target:
        k = min(batch, target - have)
        arts, digs, incs, claims, events, links = [], [], [], [], [], []
        for j in range(k):
            a, i, e = next_article + j, next_incident + j, next_event + j
            town, country, admin1 = rng.choice(TOWNS)
            day = (START + timedelta(days=rng.randrange(730))).isoformat()
            killed = rng.randrange(1, 40)
            other = killed + rng.choice([0, 0, 0, 3])
            arts.append(
                {
                    "id": a,
                    "sha256": f"bulk{a:012d}",
                    "text": f"synthetic {a}",
                    "published": day,
                    "ingested_at": now,
                    "title": f"Attack in {town}",
                }
            )
            digs.append(
                {
                    "article_id": a,
                    "backend": "synthetic",
                    "schema_version": "1.0",
                    "digest_json": "{}",
                    "created_at": now,
                }
            )
            incs.append(
                {
                    "id": i,
                    "article_id": a,
                    "position": 0,
                    "event_type": "violence against civilians",
                    "description": f"Attack in {town}",
                    "date_start": day,
                    "date_precision": "day",
                    "anchor_date": day,
                    "location": town,
                    "admin1": admin1,
                    "country": country,
                    "geo_precision": "town",
                    "status": "reported",
                    "record_json": json.dumps({"actors": [], "evidence": [{"quote": "x"}]}),
                }
            )
            for pos, (val, who) in enumerate([(killed, "police"), (other, "residents")]):
                claims.append(
                    {
                        "incident_id": i,
                        "article_id": a,
                        "position": pos,
                        "outcome": "killed",
                        "low": val,
                        "high": val,
                        "qualifier": "exact",
                        "victims": "civilians",
                        "stated_by": who,
                        "status": "reported",
                        "quote": "x",
                        "review": "pending",
                        "updated_at": now,
                    }
                )
            events.append(
                {
                    "id": e,
                    "state": "active",
                    "created_at": now,
                    "updated_at": now,
                    "event_date": day,
                    "event_type": "violence against civilians",
                    "country": country,
                    "admin1": admin1,
                    "location": town,
                    "fatalities": min(killed, other),
                    "disputed": killed != other,
                    "in_scope": True,
                    "n_sources": 1,
                }
            )
            links.append(
                {"incident_id": i, "event_id": e, "score": None, "reasons_json": "[]", "linked_at": now}
            )
        with store._write() as s:
            for table, rows in (
                (Article, arts),
                (Digest, digs),
                (Incident, incs),
                (Claim, claims),
                (Event, events),
                (EventLink, links),
            ):
                s.execute(insert(table), rows)
        next_article += k
        next_incident += k
        next_event += k
        have += k
    _ = Action


def timed(fn: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--ingest", type=int, default=1000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    db = args.db or str(Path(tmp) / "scale.sqlite")
    store = EventStore(db)
    rng = random.Random(7)
    digests = [synthetic_digest(n, rng) for n in range(args.ingest)]
    t = time.perf_counter()
    for d in digests:
        store.ingest_digest(d)
    wall = time.perf_counter() - t
    print(f"store: {store.engine.dialect.name}")
    print(
        f"ingest: {args.ingest} digests in {wall:.1f} s = {args.ingest / wall:.1f} articles/s "
        f"({store.counts()['events']} events after fusion)"
    )
    for size in [int(x) for x in args.sizes.split(",")]:
        bulk_fill(store, size, rng)
        country = COUNTRIES[0]
        ids = [e.id for e in store.list_events(EventFilter(limit=50, offset=size // 2))]
        rows = {
            "list country+dates (100)": lambda country=country: store.list_events(
                EventFilter(country=country, date_from="2024-06-01", date_to="2024-09-01", limit=100)
            ),
            "list disputed (100)": lambda: store.list_events(EventFilter(disputed_only=True, limit=100)),
            "get_event": lambda ids=ids: store.get_event(ids[0]),
            "ACLED export 1,000 events": lambda: write(
                store.iter_events(EventFilter(limit=1000)), io.StringIO(), "acled"
            ),
        }
        print(f"\n{store.counts()['events']} events:")
        for name, fn in rows.items():
            print(f"  {name}: {timed(fn):.1f} ms (median of 5)")
        t = time.perf_counter()
        store.ingest_digest(synthetic_digest(10_000_000 + size, rng))
        print(f"  one more ingest (fusion against this store): {(time.perf_counter() - t) * 1000:.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
