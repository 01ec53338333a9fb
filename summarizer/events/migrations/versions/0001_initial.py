"""The first event store schema: articles, digests, incidents, claims, events, links, actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("site_name", sa.Text()),
        sa.Column("published", sa.String(10)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", TS, nullable=False),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("backend", sa.String(40), nullable=False),
        sa.Column("model", sa.String(200)),
        sa.Column("schema_version", sa.String(20), nullable=False),
        sa.Column("digest_json", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("article_id"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(60)),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("date_text", sa.Text()),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(10), nullable=False),
        sa.Column("anchor_date", sa.String(10)),
        sa.Column("location", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.Text()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.String(12), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.UniqueConstraint("article_id", "position", name="uq_incident_article_position"),
    )
    op.create_index("ix_incidents_article_id", "incidents", ["article_id"])
    op.create_index("ix_incidents_anchor_date", "incidents", ["anchor_date"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("low", sa.Integer()),
        sa.Column("high", sa.Integer()),
        sa.Column("qualifier", sa.String(12), nullable=False),
        sa.Column("victims", sa.String(20), nullable=False),
        sa.Column("victim_description", sa.Text()),
        sa.Column("stated_by", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer()),
        sa.Column("quote_end", sa.Integer()),
        sa.Column("review", sa.String(10), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("incident_id", "position", name="uq_claim_incident_position"),
    )
    op.create_index("ix_claims_incident_id", "claims", ["incident_id"])
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("merged_into", sa.Integer(), sa.ForeignKey("events.id")),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("event_date", sa.String(10)),
        sa.Column("event_type", sa.String(40)),
        sa.Column("country", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("location", sa.Text()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("in_scope", sa.Boolean(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
    )
    op.create_index("ix_events_state_date", "events", ["state", "event_date"])
    op.create_index("ix_events_country_admin1", "events", ["country", "admin1"])
    op.create_table(
        "event_links",
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("score", sa.Float()),
        sa.Column("reasons_json", sa.Text(), nullable=False),
        sa.Column("linked_at", TS, nullable=False),
    )
    op.create_index("ix_event_links_event_id", "event_links", ["event_id"])
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("event_id", sa.Integer()),
        sa.Column("other_event_id", sa.Integer()),
        sa.Column("claim_id", sa.Integer()),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("undone_by", sa.Integer()),
    )
    op.create_index("ix_actions_event_id", "actions", ["event_id"])


def downgrade() -> None:
    for table in ("actions", "event_links", "events", "claims", "incidents", "digests", "articles"):
        op.drop_table(table)
