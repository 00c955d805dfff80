"""Alembic environment: BorderDesk passes the connection in; nothing is read from an ini file."""

from __future__ import annotations

from alembic import context

from borderdesk.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the connection ``borderdesk.storage.migrate`` handed over."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("BorderDesk migrations run online only: use `borderdesk init`.")
run_migrations_online()
