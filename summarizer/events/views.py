"""What the service API returns: plain Pydantic records, for the CLI, exports and the review app."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ClaimView(BaseModel):
    """One figure as one source states it, in one article."""

    id: int
    article_id: int
    incident_id: int
    outcome: str
    low: int | None
    high: int | None
    qualifier: str
    victims: str
    victim_description: str | None
    stated_by: str
    status: str
    quote: str
    quote_start: int | None
    quote_end: int | None
    review: str = Field(description="pending, accepted, rejected or edited (by an analyst).")
    party_claim: bool = Field(
        default=False, description="The source is a party to the event (an actor claiming its own toll)."
    )
    article_url: str | None = None
    article_title: str | None = None
    published: str | None = None


class FigureSource(BaseModel):
    """One source's figure for an outcome, after per-source collapsing."""

    stated_by: str
    low: int | None
    high: int | None
    qualifier: str
    status: str
    party_claim: bool
    claim_ids: list[int]
    article_ids: list[int]


class OutcomeFigures(BaseModel):
    """UCDP-style low / best / high for one outcome, and every source behind them."""

    outcome: str
    low: int | None
    best: int | None
    high: int | None
    conservative: int | None = Field(description="ACLED-style: the smallest credible figure.")
    sources: list[FigureSource]
    disputed: bool


class Reconciliation(BaseModel):
    fatalities: int | None = Field(description="ACLED: the most conservative credible killed figure.")
    fatalities_from_party_only: bool = Field(
        default=False, description="Only a party to the event gives a killed figure; flagged, not hidden."
    )
    outcomes: dict[str, OutcomeFigures]
    dispute_note: str | None
    n_sources: int
    n_articles: int
    first_reported: str | None
    last_reported: str | None


class IncidentView(BaseModel):
    id: int
    article_id: int
    position: int
    event_type: str
    sub_event_type: str | None
    description: str
    date_text: str | None
    date_start: str | None
    date_precision: str
    anchor_date: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str
    actors: list[dict[str, object]]
    political_violence: bool | None = Field(
        default=None,
        description="The extractor's word on whether this report is political violence (null: not assessed).",
    )
    score: float | None = Field(description="Fusion score that linked it to its event (None: it founded it).")
    reasons: list[str]
    article_url: str | None
    article_title: str | None
    published: str | None
    site_name: str | None


class EventSummary(BaseModel):
    """One row of `events list`."""

    id: int
    event_id_cnty: str
    state: str
    event_date: str | None
    event_type: str | None
    country: str | None
    admin1: str | None
    location: str | None
    fatalities: int | None
    disputed: bool
    in_scope: bool
    n_sources: int
    updated_at: datetime


class ActionView(BaseModel):
    id: int
    kind: str
    who: str
    at: datetime
    event_id: int | None
    other_event_id: int | None
    claim_id: int | None
    summary: str
    undone_by: int | None
    undoable: bool


class EventView(EventSummary):
    """One event with every incident, every claim, the reconciliation and its history."""

    created_at: datetime
    merged_into: int | None
    incidents: list[IncidentView]
    claims: list[ClaimView]
    reconciliation: Reconciliation
    history: list[ActionView]


class IngestResult(BaseModel):
    article_id: int
    created: bool = Field(description="False when the article was already in the store (nothing changed).")
    event_ids: list[int]
