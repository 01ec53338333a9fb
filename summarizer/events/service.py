"""The event store's Python API: what the CLI, the exports and the review app call.

    store = EventStore("events.sqlite")          # or "postgresql://user@host/db"; None: the default file
    result = store.ingest_digest(digest)         # idempotent: the same article twice changes nothing
    for row in store.list_events(EventFilter(country="Pakistan", disputed_only=True)):
        view = store.get_event(row.id)           # incidents, claims, reconciliation, history
    store.reject_claim(claim_id, who="ana")      # every change is an Action with who and when
    store.undo(action_id, who="ana")

Every write runs in one transaction holding the store's writer lock (SQLite:
BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so two ingesting
processes serialise instead of racing, and a process killed mid-ingest leaves
nothing behind (the rerun ingests the article again from scratch).
The event's reconciled columns are recomputed inside the same transaction, so
listings and exports reflect a change at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker

from summarizer.events import fusion
from summarizer.events.db import (
    Action,
    Article,
    Claim,
    Digest,
    Event,
    EventLink,
    Incident,
    IncidentKey,
    utcnow,
)
from summarizer.events.reconcile import is_party, reconcile
from summarizer.events.store import open_engine
from summarizer.events.views import (
    ActionView,
    ClaimView,
    EventSummary,
    EventView,
    IncidentView,
    IngestResult,
)
from summarizer.schemas import ArticleDigest

#: Arbitrary key of the PostgreSQL advisory lock that serialises writers.
WRITE_LOCK_KEY = 7310012
OUT_OF_SCOPE_TYPES = frozenset({"strategic developments"})
EDITABLE = ("outcome", "low", "high", "qualifier", "victims", "victim_description", "stated_by", "status")


class ServiceError(Exception):
    """A request the store cannot honour (unknown id, an undo that later changes block); one line."""


@dataclass(frozen=True)
class EventFilter:
    """Filters of `list_events` and the exports; None means no filter."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    min_fatalities: int | None = None
    max_fatalities: int | None = None
    disputed_only: bool = False
    in_scope_only: bool = False
    include_inactive: bool = False
    limit: int | None = None
    offset: int = 0


def iso3(country: str | None) -> str:
    from summarizer.events.vocab import country_row

    row = country_row(country)
    return row.iso3 if row else "XXX"


def event_id_cnty(event_id: int, country: str | None) -> str:
    """ACLED-style id: the country's ISO alpha-3 code and the store's stable event number."""
    return f"{iso3(country)}{event_id}"


class EventStore:
    """An open event store (see the module docstring)."""

    def __init__(self, db: str | Path | None = None, *, engine: Engine | None = None) -> None:
        self.engine = engine or open_engine(db)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            if self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    # -- ingest ---------------------------------------------------------------------------

    def ingest_digest(self, digest: ArticleDigest, *, who: str = "ingest") -> IngestResult:
        """Store an article's digest and fuse its incidents into events; a known article changes nothing."""
        meta = digest.article
        try:
            with self._write() as s:
                known = s.scalar(select(Article.id).where(Article.sha256 == meta.sha256))
                if known is not None:
                    return IngestResult(
                        article_id=known, created=False, event_ids=self._article_events(s, known)
                    )
                article = Article(
                    sha256=meta.sha256,
                    url=meta.canonical_url or meta.url,
                    title=meta.title,
                    site_name=meta.site_name,
                    published=meta.published,
                    text=meta.text,
                )
                s.add(article)
                s.flush()
                s.add(
                    Digest(
                        article_id=article.id,
                        backend=digest.provenance.backend,
                        model=digest.provenance.model,
                        schema_version=digest.schema_version,
                        digest_json=digest.model_dump_json(),
                    )
                )
                rows = [self._add_incident(s, article, n, inc) for n, inc in enumerate(digest.incidents)]
                s.flush()
                touched: list[int] = []
                for row in rows:
                    event_id = self._fuse(s, row, article, who)
                    touched.append(event_id)
                touched = [self._current(s, event_id) for event_id in touched]
                for event_id in dict.fromkeys(touched):
                    self._refresh(s, event_id)
                return IngestResult(
                    article_id=article.id, created=True, event_ids=list(dict.fromkeys(touched))
                )
        except IntegrityError:
            # Another writer stored the same article between our check and insert.
            with self._read() as s:
                known = s.scalar(select(Article.id).where(Article.sha256 == meta.sha256))
                if known is None:
                    raise
                return IngestResult(article_id=known, created=False, event_ids=self._article_events(s, known))

    def _current(self, s: Session, event_id: int) -> int:
        """The active event an event was merged into (itself when it was not)."""
        event = _get(s, Event, event_id)
        while event.state == "merged" and event.merged_into is not None:
            event = _get(s, Event, event.merged_into)
        return int(event.id)

    def _article_events(self, s: Session, article_id: int) -> list[int]:
        q = (
            select(EventLink.event_id)
            .join(Incident, Incident.id == EventLink.incident_id)
            .where(Incident.article_id == article_id)
            .order_by(Incident.position)
        )
        return list(dict.fromkeys(s.scalars(q)))

    def _add_incident(self, s: Session, article: Article, position: int, inc: Any) -> Incident:
        place = inc.places[0] if inc.places else None
        start = inc.date.start
        row = Incident(
            article_id=article.id,
            position=position,
            event_type=str(inc.event_type),
            sub_event_type=str(inc.sub_event_type) if inc.sub_event_type else None,
            description=inc.description,
            date_text=inc.date.text,
            date_start=start,
            date_end=inc.date.end,
            date_precision=str(inc.date.precision),
            anchor_date=_anchor(start, article.published),
            location=place.name if place else None,
            admin1=place.admin1 if place else None,
            country=place.country if place else None,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            geo_precision=str(place.precision) if place else "unknown",
            status=str(inc.status),
            record_json=inc.model_dump_json(),
        )
        s.add(row)
        s.flush()
        for n, fig in enumerate(inc.casualties):
            ev = fig.evidence[0]
            s.add(
                Claim(
                    incident_id=row.id,
                    article_id=article.id,
                    position=n,
                    outcome=str(fig.outcome),
                    low=fig.low,
                    high=fig.high,
                    qualifier=str(fig.qualifier),
                    victims=str(fig.victims),
                    victim_description=fig.victim_description,
                    stated_by=fig.stated_by,
                    status=str(fig.status),
                    quote=ev.quote,
                    quote_start=ev.start,
                    quote_end=ev.end,
                    review="pending",
                )
            )
        return row

    # -- fusion ---------------------------------------------------------------------------

    def _features(self, s: Session, incidents: Sequence[Incident]) -> dict[int, fusion.Features]:
        if not incidents:
            return {}
        ids = [i.id for i in incidents]
        wanted = (
            select(Article)
            .options(defer(Article.text))
            .where(Article.id.in_({i.article_id for i in incidents}))
        )
        articles = {a.id: a for a in s.scalars(wanted)}
        figures: dict[int, dict[str, set[int]]] = {}
        for c in s.scalars(select(Claim).where(Claim.incident_id.in_(ids), Claim.review != "rejected")):
            if c.low is not None:
                figures.setdefault(c.incident_id, {}).setdefault(c.outcome, set()).add(c.low)
        out = {}
        for i in incidents:
            record = json.loads(i.record_json)
            art = articles[i.article_id]
            out[i.id] = fusion.make_features(
                incident_id=i.id,
                article_id=i.article_id,
                date_start=i.date_start,
                published=art.published,
                location=i.location,
                admin1=i.admin1,
                country=i.country,
                event_type=i.event_type,
                places=[p["name"] for p in record.get("places", [])],
                points=[
                    (p["latitude"], p["longitude"])
                    for p in record.get("places", [])
                    if p.get("latitude") is not None and p.get("longitude") is not None
                ],
                actors=[a["name"] for a in record.get("actors", [])],
                killed=figures.get(i.id, {}).get("killed", set()),
                injured=figures.get(i.id, {}).get("injured", set()),
                title=art.title,
                evidence=[e["quote"] for e in record.get("evidence", [])],
                body=art.text if i.features_json is None else "",
                cached=i.features_json,
            )
            if i.features_json is None:
                i.features_json = out[i.id].to_json()
        return out

    def _candidates(self, s: Session, row: Incident, feats: fusion.Features) -> list[Incident]:
        """Reports within `window_days`, and older or newer ones sharing a name (follow-ups)."""
        w = fusion.weights()
        days = [date.fromisoformat(d) for d in feats.dates if _is_iso(d)]
        if not days:
            return []

        def span(window: float) -> tuple[str, str]:
            return (
                (min(days) - timedelta(days=int(window))).isoformat(),
                (max(days) + timedelta(days=int(window))).isoformat(),
            )

        active = (
            select(Incident)
            .join(EventLink, EventLink.incident_id == Incident.id)
            .join(Event, Event.id == EventLink.event_id)
            .where(Event.state == "active", Incident.id != row.id)
        )
        if row.country and w["block_by_country"]:
            # blocking (off by default): reports placed in another country are not compared at all
            active = active.where(or_(Incident.country == row.country, Incident.country.is_(None)))
        lo, hi = span(w["window_days"])
        near = list(s.scalars(active.where(Incident.anchor_date >= lo, Incident.anchor_date <= hi)))
        keys = sorted(fusion.follow_up_keys(feats))
        if not keys:
            return near
        lo, hi = span(w["follow_up_days"])
        named = IncidentKey.__table__
        far = s.scalars(
            active.where(Incident.anchor_date >= lo, Incident.anchor_date <= hi).where(
                Incident.id.in_(select(named.c.incident_id).where(named.c.key.in_(keys)))
            )
        )
        seen = {i.id for i in near}
        return near + sorted((i for i in far if i.id not in seen), key=lambda i: i.id)

    def _fuse(self, s: Session, row: Incident, article: Article, who: str) -> int:
        feats = self._features(s, [row])[row.id]
        for key in sorted(fusion.follow_up_keys(feats)):
            s.add(IncidentKey(incident_id=row.id, key=key[:200]))
        candidates = self._candidates(s, row, feats)
        cand_feats = self._features(s, candidates)
        links = {
            link.incident_id: link.event_id
            for link in s.scalars(
                select(EventLink).where(EventLink.incident_id.in_([c.id for c in candidates]))
            )
        }
        found = fusion.matches(feats, [(links[c.id], cand_feats[c.id]) for c in candidates])
        match = found[0] if found else None
        if match is None:
            event = Event(state="active")
            s.add(event)
            s.flush()
            s.add(
                EventLink(incident_id=row.id, event_id=event.id, score=None, reasons_json='["first report"]')
            )
            self._log(
                s,
                "create",
                who,
                event.id,
                summary=f"new event from article {article.id}",
                payload={"incident_id": row.id},
            )
            return event.id
        reasons = [*match.reasons, f"closest report: incident {match.matched_incident}"]
        s.add(
            EventLink(
                incident_id=row.id,
                event_id=match.event_id,
                score=match.score,
                reasons_json=json.dumps(reasons),
            )
        )
        self._log(
            s,
            "fuse",
            who,
            match.event_id,
            summary=f"incident {row.id} joined (score {match.score:.2f})",
            payload={"incident_id": row.id, "score": match.score, "reasons": reasons},
        )
        bridges = fusion.bridged(found)
        if not bridges:
            return match.event_id
        # The report ties its best event to others: merge them, the oldest event keeping its id.
        keep = min(match.event_id, *(b.event_id for b in bridges))
        for other in sorted({match.event_id, *(b.event_id for b in bridges)} - {keep}):
            via = match if other == match.event_id else next(b for b in bridges if b.event_id == other)
            self._bridge(s, keep, other, row.id, via, who)
        return keep

    def _bridge(
        self, s: Session, keep: int, other: int, incident_id: int, via: fusion.Match, who: str
    ) -> None:
        """Merge event `other` into `keep` because incident `incident_id` matches both; recorded as
        a `merge` action (undoable) with the score and reasons of the match that tied them."""
        why = f"event {other} merged into event {keep}: incident {incident_id} matches both"
        why += f" (score {via.score:.2f})"
        reasons = [*via.reasons, f"closest report: incident {via.matched_incident}"]
        self._fold(
            s,
            keep,
            other,
            who,
            summary=why,
            note=why,
            keep_reasons=True,
            payload={"score": via.score, "reasons": reasons, "via": incident_id},
        )

    def _fold(
        self,
        s: Session,
        keep_id: int,
        other_id: int,
        who: str,
        *,
        summary: str,
        note: str,
        keep_reasons: bool,
        payload: dict[str, Any] | None = None,
    ) -> Action:
        """Move every report of event `other_id` to `keep_id` and record it as a `merge` action
        (undoable): an analyst's merge and fusion's transitive link both come here. Each moved
        link gets `note` as its reason (after its own when `keep_reasons`)."""
        moved = sorted(s.scalars(select(EventLink.incident_id).where(EventLink.event_id == other_id)))
        before = _links_state(s, moved)
        now = utcnow()
        for link in s.scalars(select(EventLink).where(EventLink.incident_id.in_(moved))):
            kept = json.loads(link.reasons_json or "[]") if keep_reasons else []
            link.event_id, link.linked_at, link.reasons_json = keep_id, now, json.dumps([*kept, note])
        other = _get(s, Event, other_id)
        other.state, other.merged_into, other.updated_at = "merged", keep_id, now
        return self._log(
            s,
            "merge",
            who,
            keep_id,
            other=other_id,
            summary=summary,
            payload={"incidents": moved, "links": before, **(payload or {})},
        )

    # -- reading --------------------------------------------------------------------------

    def list_events(self, filters: EventFilter | None = None) -> list[EventSummary]:
        f = filters or EventFilter()
        with self._read() as s:
            q = self._filtered(f)
            return [_summary(e) for e in s.scalars(q)]

    def _filtered(self, f: EventFilter) -> Any:
        q = select(Event)
        if not f.include_inactive:
            q = q.where(Event.state == "active")
        if f.date_from:
            q = q.where(Event.event_date >= f.date_from)
        if f.date_to:
            q = q.where(Event.event_date <= f.date_to)
        if f.country:
            q = q.where(func.lower(Event.country) == f.country.lower())
        if f.admin1:
            q = q.where(func.lower(Event.admin1) == f.admin1.lower())
        if f.event_type:
            q = q.where(Event.event_type == f.event_type.lower())
        if f.min_fatalities is not None:
            q = q.where(Event.fatalities >= f.min_fatalities)
        if f.max_fatalities is not None:
            q = q.where(or_(Event.fatalities <= f.max_fatalities, Event.fatalities.is_(None)))
        if f.disputed_only:
            q = q.where(Event.disputed.is_(True))
        if f.in_scope_only:
            q = q.where(Event.in_scope.is_(True))
        q = q.order_by(Event.event_date, Event.id).offset(f.offset)
        if f.limit is not None:
            q = q.limit(f.limit)
        return q

    def get_event(self, event_id: int) -> EventView:
        with self._read() as s:
            views = self._views(s, [event_id])
        if not views:
            raise ServiceError(f"no event {event_id}")
        return views[0]

    def iter_events(self, filters: EventFilter | None = None, *, batch: int = 500) -> Iterator[EventView]:
        """Full views of every event the filter selects, loaded `batch` events at a time."""
        f = filters or EventFilter()
        with self._read() as s:
            ids = [e.id for e in s.scalars(self._filtered(f))]
        for n in range(0, len(ids), batch):
            with self._read() as s:
                yield from self._views(s, ids[n : n + batch])

    def history(self, event_id: int | None = None, *, limit: int = 200) -> list[ActionView]:
        with self._read() as s:
            q = select(Action).order_by(Action.id.desc()).limit(limit)
            if event_id is not None:
                q = q.where(or_(Action.event_id == event_id, Action.other_event_id == event_id))
            return [_action(a) for a in s.scalars(q)]

    def clusters(self) -> dict[int, list[int]]:
        """Active event id -> its article ids (for evaluation)."""
        with self._read() as s:
            q = (
                select(EventLink.event_id, Incident.article_id)
                .join(Incident, Incident.id == EventLink.incident_id)
                .join(Event, Event.id == EventLink.event_id)
                .where(Event.state == "active")
                .order_by(EventLink.event_id, Incident.id)
            )
            out: dict[int, list[int]] = {}
            for event_id, article_id in s.execute(q):
                out.setdefault(event_id, []).append(article_id)
            return out

    def article_ids(self) -> dict[str, int]:
        """sha256 -> article id."""
        with self._read() as s:
            return {sha: n for sha, n in s.execute(select(Article.sha256, Article.id))}

    def counts(self) -> dict[str, int]:
        with self._read() as s:
            return {
                "articles": s.scalar(select(func.count()).select_from(Article)) or 0,
                "claims": s.scalar(select(func.count()).select_from(Claim)) or 0,
                "incidents": s.scalar(select(func.count()).select_from(Incident)) or 0,
                "events": s.scalar(select(func.count()).select_from(Event).where(Event.state == "active"))
                or 0,
                "actions": s.scalar(select(func.count()).select_from(Action)) or 0,
            }

    def _views(self, s: Session, event_ids: Sequence[int]) -> list[EventView]:
        events = {e.id: e for e in s.scalars(select(Event).where(Event.id.in_(event_ids)))}
        links = list(s.scalars(select(EventLink).where(EventLink.event_id.in_(event_ids))))
        inc_ids = [link.incident_id for link in links]
        incidents = {i.id: i for i in s.scalars(select(Incident).where(Incident.id.in_(inc_ids)))}
        claims = list(s.scalars(select(Claim).where(Claim.incident_id.in_(inc_ids)).order_by(Claim.id)))
        articles = {
            a.id: a
            for a in s.scalars(
                select(Article).where(Article.id.in_({i.article_id for i in incidents.values()}))
            )
        }
        actions: dict[int, list[Action]] = {}
        for a in s.scalars(
            select(Action)
            .where(or_(Action.event_id.in_(event_ids), Action.other_event_id.in_(event_ids)))
            .order_by(Action.id)
        ):
            for key in {a.event_id, a.other_event_id} & set(event_ids):
                assert key is not None
                actions.setdefault(key, []).append(a)
        claims_of: dict[int, list[Claim]] = {}
        for c in claims:
            claims_of.setdefault(c.incident_id, []).append(c)
        by_event: dict[int, list[EventLink]] = {}
        for link in links:
            by_event.setdefault(link.event_id, []).append(link)
        out = []
        for event_id in event_ids:
            e = events.get(event_id)
            if e is None:
                continue
            members = sorted(by_event.get(event_id, []), key=lambda link: link.incident_id)
            incs = [incidents[link.incident_id] for link in members]
            out.append(
                _view(
                    e,
                    members,
                    incs,
                    [c for i in incs for c in claims_of.get(i.id, [])],
                    articles,
                    actions.get(event_id, []),
                )
            )
        return out

    # -- derived columns ------------------------------------------------------------------

    def _refresh(self, s: Session, event_id: int) -> None:
        """Recompute the event's reconciled columns from its incidents and claims."""
        s.flush()
        event = s.get(Event, event_id)
        assert event is not None
        view = self._views(s, [event_id])[0]
        if not view.incidents:
            if event.state == "active":
                event.state = "deleted"
            event.updated_at = utcnow()
            return
        _apply_summary(event, view)
        event.updated_at = utcnow()

    # -- analyst actions ------------------------------------------------------------------

    def _log(
        self,
        s: Session,
        kind: str,
        who: str,
        event_id: int | None,
        *,
        other: int | None = None,
        claim: int | None = None,
        summary: str = "",
        payload: dict[str, Any] | None = None,
    ) -> Action:
        a = Action(
            kind=kind,
            who=who,
            event_id=event_id,
            other_event_id=other,
            claim_id=claim,
            summary=summary,
            payload_json=json.dumps(payload or {}),
        )
        s.add(a)
        s.flush()
        return a

    def _claim_event(self, s: Session, claim: Claim) -> int:
        event_id = s.scalar(select(EventLink.event_id).where(EventLink.incident_id == claim.incident_id))
        assert event_id is not None
        return event_id

    def edit_claim(self, claim_id: int, *, who: str, **changes: Any) -> ActionView:
        """Change a claim's figure or attribution; the old values are kept for undo."""
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise ServiceError(f"cannot edit {', '.join(sorted(bad))}; editable: {', '.join(EDITABLE)}")
        with self._write() as s:
            claim = _get(s, Claim, claim_id)
            before = {k: getattr(claim, k) for k in changes} | {"review": claim.review}
            for k, v in changes.items():
                setattr(claim, k, str(v) if k not in ("low", "high") and v is not None else v)
            claim.review = "edited"
            claim.updated_at = utcnow()
            event_id = self._claim_event(s, claim)
            what = ", ".join(f"{k} {before[k]!r} -> {v!r}" for k, v in changes.items())
            a = self._log(
                s,
                "edit",
                who,
                event_id,
                claim=claim_id,
                summary=f"claim {claim_id}: {what}",
                payload={"before": before},
            )
            self._refresh(s, event_id)
            return _action(a)

    def accept_claim(self, claim_id: int, *, who: str) -> ActionView:
        return self._review(claim_id, "accepted", who)

    def reject_claim(self, claim_id: int, *, who: str) -> ActionView:
        return self._review(claim_id, "rejected", who)

    def _review(self, claim_id: int, review: str, who: str) -> ActionView:
        with self._write() as s:
            claim = _get(s, Claim, claim_id)
            before = {"review": claim.review}
            claim.review = review
            claim.updated_at = utcnow()
            event_id = self._claim_event(s, claim)
            a = self._log(
                s,
                review[:-2] if review.endswith("ed") else review,
                who,
                event_id,
                claim=claim_id,
                summary=f"claim {claim_id} {review}",
                payload={"before": before},
            )
            self._refresh(s, event_id)
            return _action(a)

    def split_event(self, event_id: int, incident_ids: Sequence[int], *, who: str) -> int:
        """Move the given incidents of an event into a new event; returns the new event's id."""
        with self._write() as s:
            event = _get(s, Event, event_id)
            if event.state != "active":
                raise ServiceError(f"event {event_id} is {event.state}, not active")
            members = set(s.scalars(select(EventLink.incident_id).where(EventLink.event_id == event_id)))
            chosen = sorted(set(incident_ids))
            if not chosen or not set(chosen) <= members:
                raise ServiceError(f"incidents {chosen} are not all in event {event_id}")
            if set(chosen) == members:
                raise ServiceError("a split must leave at least one incident in the event")
            new = Event(state="active")
            s.add(new)
            s.flush()
            before = _links_state(s, chosen)
            s.execute(
                update(EventLink)
                .where(EventLink.incident_id.in_(chosen))
                .values(
                    event_id=new.id,
                    score=None,
                    reasons_json=json.dumps([f"split from event {event_id} by {who}"]),
                    linked_at=utcnow(),
                )
            )
            a = self._log(
                s,
                "split",
                who,
                event_id,
                other=new.id,
                summary=f"incidents {chosen} split from event {event_id} into event {new.id}",
                payload={"incidents": chosen, "links": before},
            )
            self._refresh(s, event_id)
            self._refresh(s, new.id)
            _ = a
            return new.id

    def merge_events(self, keep_id: int, other_id: int, *, who: str) -> ActionView:
        """Fold `other` into `keep`: `keep` keeps its id, `other` stays in history as merged."""
        if keep_id == other_id:
            raise ServiceError("cannot merge an event with itself")
        with self._write() as s:
            keep, other = _get(s, Event, keep_id), _get(s, Event, other_id)
            for e in (keep, other):
                if e.state != "active":
                    raise ServiceError(f"event {e.id} is {e.state}, not active")
            a = self._fold(
                s,
                keep_id,
                other_id,
                who,
                summary=f"event {other_id} merged into event {keep_id}",
                note=f"merged from event {other_id} by {who}",
                keep_reasons=False,
            )
            self._refresh(s, keep_id)
            return _action(a)

    def undo(self, action_id: int, *, who: str) -> ActionView:
        """Reverse a fuse, merge, split, edit, accept or reject; the undo is itself recorded."""
        with self._write() as s:
            a = _get(s, Action, action_id)
            if a.undone_by is not None:
                raise ServiceError(f"action {action_id} was already undone by action {a.undone_by}")
            payload = json.loads(a.payload_json)
            touched: list[int] = []
            if a.kind in ("edit", "accept", "reject"):
                claim = _get(s, Claim, a.claim_id or 0)
                for k, v in payload["before"].items():
                    setattr(claim, k, v)
                claim.updated_at = utcnow()
                touched.append(self._claim_event(s, claim))
                summary = f"undid {a.kind} of claim {a.claim_id}"
            elif a.kind == "fuse":
                incident_id = payload["incident_id"]
                link = _get(s, EventLink, incident_id)
                if link.event_id != a.event_id:
                    raise ServiceError(
                        f"cannot undo action {action_id}: incident {incident_id} has moved since"
                    )
                new = Event(state="active")
                s.add(new)
                s.flush()
                link.event_id, link.score, link.linked_at = new.id, None, utcnow()
                link.reasons_json = json.dumps([f"fusion with event {a.event_id} undone by {who}"])
                touched += [a.event_id or 0, new.id]
                summary = f"incident {incident_id} taken out of event {a.event_id} into event {new.id}"
            elif a.kind in ("merge", "split"):
                target = a.event_id if a.kind == "merge" else a.other_event_id
                back = a.other_event_id if a.kind == "merge" else a.event_id
                assert target is not None and back is not None
                here = set(s.scalars(select(EventLink.incident_id).where(EventLink.event_id == target)))
                if not set(payload["incidents"]) <= here:
                    raise ServiceError(f"cannot undo action {action_id}: its incidents have moved since")
                for incident_id, (score, reasons) in payload["links"].items():
                    s.execute(
                        update(EventLink)
                        .where(EventLink.incident_id == int(incident_id))
                        .values(event_id=back, score=score, reasons_json=reasons, linked_at=utcnow())
                    )
                restored = _get(s, Event, back)
                restored.state, restored.merged_into = "active", None
                touched += [target, back]
                summary = f"undid {a.kind} (action {action_id})"
            else:
                raise ServiceError(f"actions of kind {a.kind!r} cannot be undone")
            u = self._log(
                s,
                "undo",
                who,
                touched[0],
                other=touched[1] if len(touched) > 1 else None,
                claim=a.claim_id,
                summary=summary,
                payload={"undid": action_id},
            )
            a.undone_by = u.id
            for event_id in dict.fromkeys(touched):
                self._refresh(s, event_id)
            return _action(u)

    def delete_all(self) -> None:
        """Empty the store (tests and benchmarks)."""
        with self._write() as s:
            for table in (Action, EventLink, IncidentKey, Claim, Incident, Digest, Event, Article):
                s.execute(delete(table))


# -- helpers ----------------------------------------------------------------------------------


def _is_iso(d: str) -> bool:
    try:
        date.fromisoformat(d)
    except ValueError:
        return False
    return True


def _anchor(start: str | None, published: str | None) -> str | None:
    """The date fusion indexes a report under: its own date, unless it is far from publication."""
    if start and _is_iso(start):
        if published and _is_iso(published):
            gap = (date.fromisoformat(published) - date.fromisoformat(start)).days
            if gap < -1 or gap > 30:
                return published
        return start
    return published if published and _is_iso(published) else None


def _get(s: Session, model: Any, key: int) -> Any:
    row = s.get(model, key)
    if row is None:
        raise ServiceError(f"no {model.__tablename__[:-1]} {key}")
    return row


def _links_state(s: Session, incident_ids: Sequence[int]) -> dict[str, list[Any]]:
    rows = s.scalars(select(EventLink).where(EventLink.incident_id.in_(incident_ids)))
    return {str(r.incident_id): [r.score, r.reasons_json] for r in rows}


def _summary(e: Event) -> EventSummary:
    return EventSummary(
        id=e.id,
        event_id_cnty=event_id_cnty(e.id, e.country),
        state=e.state,
        event_date=e.event_date,
        event_type=e.event_type,
        country=e.country,
        admin1=e.admin1,
        location=e.location,
        fatalities=e.fatalities,
        disputed=bool(e.disputed),
        in_scope=bool(e.in_scope),
        n_sources=e.n_sources,
        updated_at=e.updated_at,
    )


def _action(a: Action) -> ActionView:
    return ActionView(
        id=a.id,
        kind=a.kind,
        who=a.who,
        at=a.at,
        event_id=a.event_id,
        other_event_id=a.other_event_id,
        claim_id=a.claim_id,
        summary=a.summary,
        undone_by=a.undone_by,
        undoable=a.undone_by is None and a.kind in ("fuse", "merge", "split", "edit", "accept", "reject"),
    )


def _view(
    e: Event,
    links: list[EventLink],
    incs: list[Incident],
    claims: list[Claim],
    articles: dict[int, Article],
    actions: list[Action],
) -> EventView:
    actor_names = set()
    records = {i.id: json.loads(i.record_json) for i in incs}
    for r in records.values():
        for actor in r.get("actors", []):
            actor_names.add(actor["name"])
            actor_names.update(actor.get("aliases", []))
    claim_views = [
        ClaimView(
            id=c.id,
            article_id=c.article_id,
            incident_id=c.incident_id,
            outcome=c.outcome,
            low=c.low,
            high=c.high,
            qualifier=c.qualifier,
            victims=c.victims,
            victim_description=c.victim_description,
            stated_by=c.stated_by,
            status=c.status,
            quote=c.quote,
            quote_start=c.quote_start,
            quote_end=c.quote_end,
            review=c.review,
            party_claim=is_party(c.stated_by, c.status, actor_names),
            article_url=articles[c.article_id].url,
            article_title=articles[c.article_id].title,
            published=articles[c.article_id].published,
        )
        for c in claims
    ]
    link_by = {link.incident_id: link for link in links}
    inc_views = [
        IncidentView(
            id=i.id,
            article_id=i.article_id,
            position=i.position,
            event_type=i.event_type,
            sub_event_type=i.sub_event_type,
            description=i.description,
            date_text=i.date_text,
            date_start=i.date_start,
            date_precision=i.date_precision,
            anchor_date=i.anchor_date,
            location=i.location,
            admin1=i.admin1,
            country=i.country,
            latitude=i.latitude,
            longitude=i.longitude,
            geo_precision=i.geo_precision,
            actors=records[i.id].get("actors", []),
            political_violence=records[i.id].get("political_violence"),
            score=link_by[i.id].score,
            reasons=json.loads(link_by[i.id].reasons_json),
            article_url=articles[i.article_id].url,
            article_title=articles[i.article_id].title,
            published=articles[i.article_id].published,
            site_name=articles[i.article_id].site_name,
        )
        for i in incs
    ]
    article_ids = sorted({i.article_id for i in incs})
    rec = reconcile(claim_views, [articles[a].published for a in article_ids])
    summary = _summary(e)
    return EventView(
        **summary.model_dump(),
        created_at=e.created_at,
        merged_into=e.merged_into,
        incidents=inc_views,
        claims=claim_views,
        reconciliation=rec,
        history=[_action(a) for a in actions],
    )


def _in_scope(inc: IncidentView, has_claims: bool) -> bool:
    """Political violence or a demonstration (what `--in-scope` keeps). The extractor's own
    assessment decides when it made one (the rules backend marks ordinary crime and accidents
    out of scope); otherwise any type but strategic developments, or any casualty claim."""
    if inc.political_violence is not None:
        return inc.political_violence
    return inc.event_type not in OUT_OF_SCOPE_TYPES or has_claims


def _apply_summary(event: Event, view: EventView) -> None:
    incs = view.incidents
    dated = sorted(i.date_start for i in incs if i.date_start and i.date_precision == "day")
    anchors = sorted(i.anchor_date for i in incs if i.anchor_date)
    event.event_date = dated[0] if dated else (anchors[0] if anchors else None)
    types = Counter(i.event_type for i in incs)
    event.event_type = min(types, key=lambda t: (-types[t], [i.event_type for i in incs].index(t)))
    placed = [i for i in incs if i.location] or [i for i in incs if i.admin1 or i.country]
    first = placed[0] if placed else None
    event.location = first.location if first else None
    event.admin1 = next((i.admin1 for i in incs if i.admin1), None)
    event.country = next((i.country for i in incs if i.country), None)
    event.fatalities = view.reconciliation.fatalities
    event.disputed = any(o.disputed for o in view.reconciliation.outcomes.values())
    event.in_scope = any(_in_scope(i, bool(view.claims)) for i in incs)
    event.n_sources = view.reconciliation.n_sources
