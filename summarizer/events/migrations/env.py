"""Alembic environment: always run programmatically by `summarizer.events.store` on an open connection."""

from __future__ import annotations

from alembic import context

from summarizer.events.db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
