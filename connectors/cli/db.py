"""`hrbot db upgrade | current | revision`: the store's schema version (Alembic, store/migrations).

`hrbot setup` and every command that opens the store already upgrade it; `db upgrade` does only that,
for a deployment that migrates before it starts the servers.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy.exc import DBAPIError

from connectors.cli.errors import fail
from store.engine import StoreUnavailable, database_url, get_engine, migrate, redact
from store.migrations import Upgrade, current, head, revision

db = typer.Typer(help="The store's schema: migrate it, or show its revision.", no_args_is_help=True)


def _stop(message: str) -> NoReturn:
    """A clear error naming the database (password hidden), exit 2, no traceback."""
    fail(f"{message}\nCheck DATABASE_URL (now {redact(database_url())}).")


def describe(result: Upgrade) -> str:
    """One line saying what an upgrade did."""
    if not result.changed:
        return f"schema at revision {result.after} (head): nothing to do"
    if result.adopted:
        return f"store created before migrations adopted as it stands: now at revision {result.after} (head)"
    return f"schema upgraded from {result.before or 'an empty store'} to revision {result.after} (head)"


@db.command("upgrade")
def upgrade_command() -> None:
    """Migrate the store to this code's schema; never drops or rewrites rows."""
    try:
        result = migrate()
    except StoreUnavailable as exc:
        _stop(str(exc))
    typer.echo(f"{redact(database_url())}: {describe(result)}")


@db.command("current")
def current_command() -> None:
    """Show the store's schema revision and whether it is this code's (head)."""
    url = database_url()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        _stop(f"no database at {url[len('sqlite:///'):]}; run `hrbot setup` (or `hrbot db upgrade`) first")
    try:
        found = current(get_engine())
    except DBAPIError as exc:
        _stop(f"cannot read the schema revision at {redact(url)}: {exc.orig}")
    if found is None:
        typer.echo(f"{redact(url)}: no revision (empty, or created before migrations); run `hrbot db upgrade`")
    elif found == head():
        typer.echo(f"{redact(url)}: revision {found} (head)")
    else:
        typer.echo(f"{redact(url)}: revision {found}, head is {head()}; run `hrbot db upgrade`")


@db.command("revision")
def revision_command(message: str = typer.Argument(..., help="What the revision changes, in a few words.")) -> None:
    """Draft the next migration from what the models add to head (for developers; review it before committing)."""
    typer.echo(f"drafted {revision(message)}")


def register(app: typer.Typer) -> None:
    """Add the `db` command group to the hrbot CLI."""
    app.add_typer(db, name="db")
