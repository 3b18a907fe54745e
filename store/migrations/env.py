"""Alembic's environment for the store: run by `store.migrations.upgrade`, configured in code (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables: autogenerate compares against them)

config = context.config


def _configure(**kwargs: object) -> None:
    """The options both modes share: the models as target, types compared, batch mode on SQLite."""
    context.configure(target_metadata=SQLModel.metadata, compare_type=True, **kwargs)  # type: ignore[arg-type]


def run_offline() -> None:
    """`--sql` mode: emit the DDL for the configured URL instead of running it."""
    url = config.get_main_option("sqlalchemy.url")
    _configure(url=url, literal_binds=True, render_as_batch=str(url).startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """On the caller's connection (init_db passes it in its transaction), else on the configured URL."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own:
            _run_on(own)
        engine.dispose()
        return
    _run_on(connection)


def _run_on(connection) -> None:  # type: ignore[no-untyped-def]
    """Migrate over `connection`; SQLite alters tables by copy-and-move (render_as_batch)."""
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
