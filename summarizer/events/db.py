"""The event store's tables (SQLAlchemy 2 declarative models).

The schema is created and upgraded only by the Alembic scripts in
`summarizer/events/migrations/` (run on open by `store.open_engine`); these
models are what the code reads and writes, and a test checks that the two
agree (`alembic.autogenerate.compare_metadata`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Article(Base):
    """One article, once: `sha256` of its text is unique, so ingesting it twice changes nothing."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    site_name: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Digest(Base):
    """The ArticleDigest as JSON, with the backend that made it."""

    __tablename__ = "digests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), unique=True)
    backend: Mapped[str] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(200))
    schema_version: Mapped[str] = mapped_column(String(20))
    digest_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Incident(Base):
    """One incident as one article reports it: the unit fusion links to events."""

    __tablename__ = "incidents"
    __table_args__ = (
        UniqueConstraint("article_id", "position", name="uq_incident_article_position"),
        Index("ix_incidents_anchor_date", "anchor_date"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(40))
    sub_event_type: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str] = mapped_column(String(10))
    anchor_date: Mapped[str | None] = mapped_column(String(10))
    location: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    record_json: Mapped[str] = mapped_column(Text)
    features_json: Mapped[str | None] = mapped_column(Text)


class IncidentKey(Base):
    """A name (person, headline name) a later follow-up report may share: fusion's long-range index."""

    __tablename__ = "incident_keys"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class Claim(Base):
    """One figure as one source states it, with its evidence and the analyst's review."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("incident_id", "position", name="uq_claim_incident_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12))
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(12))
    victims: Mapped[str] = mapped_column(String(20))
    victim_description: Mapped[str | None] = mapped_column(Text)
    stated_by: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    review: Mapped[str] = mapped_column(String(10), default="pending")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """A real-world event: the incidents of every article that reports it.

    The columns after `merged_into` are the reconciled record, recomputed after
    every change so listing and filtering are plain indexed queries.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_state_date", "state", "event_date"),
        Index("ix_events_country_admin1", "country", "admin1"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="active")  # active | merged | deleted
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event_date: Mapped[str | None] = mapped_column(String(10))
    event_type: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    in_scope: Mapped[bool] = mapped_column(Boolean, default=True)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)


class EventLink(Base):
    """Incident -> event, with the fusion score and the reasons (JSON list) that put it there."""

    __tablename__ = "event_links"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """The audit trail: every ingest link, merge, split, edit and undo, who did it and when.

    `payload_json` holds what undo needs (the state before the action).
    """

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event_id: Mapped[int | None] = mapped_column(Integer, index=True)
    other_event_id: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    undone_by: Mapped[int | None] = mapped_column(Integer)
