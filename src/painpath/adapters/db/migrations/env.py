"""Alembic environment: migrations run on the engine the caller passes (painpath db upgrade)."""

from __future__ import annotations

from alembic import context

from painpath.adapters.db.tables import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
