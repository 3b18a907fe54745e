"""`hrbot import candidates|roles|courses|employees|policies|leave`: your own people, openings, courses,
employment history, handbook and leave.

A progress bar on stderr while files are read, then the summary (added, updated, skipped,
failed and why) on stdout. Bad files and rows are reported and the rest goes on; the exit code
is 0 unless every file failed (1), or the store/model cannot be used at all (2). Never a traceback.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from connectors.cli.errors import clear_errors
from connectors.cli.preflight import open_store

import_app = typer.Typer(help="Import your own candidates (resumes, ATS exports), roles, courses, employees, policies and leave.",
                         no_args_is_help=True)

ACTOR_HELP = "Who is importing (recorded in the audit log)."
DRY_RUN_HELP = "Read and match everything, write nothing: shows what an import would do."
JSON_HELP = "Print the report as JSON."
INTERRUPTED = "interrupted; records already imported are kept (each one is its own transaction)"


def _default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def _half_written(exc: Exception) -> str:
    return f"unexpected {type(exc).__name__}; nothing half written (one transaction per record)"


def _clear_errors() -> AbstractContextManager[None]:
    """Whole-import failures (database down, model missing, Ctrl-C) as one readable line."""
    return clear_errors(unexpected=_half_written, interrupted=INTERRUPTED)


@contextmanager
def _progress(label: str) -> Iterator[tuple[Callable[[int], None], Callable[[Path, int], None]]]:
    """A rich progress bar on stderr: (start(total), advance(path, records)) callbacks."""
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def start(total: int) -> None:
            bar.update(task, total=total)

        def advance(path: Path, _records: int) -> None:
            bar.update(task, advance=1, description=f"{label} ({path.suffix.lstrip('.') or 'file'})")

        yield start, advance


def _finish(report: Any, as_json: bool) -> None:
    """Print the summary (or JSON) and exit non-zero only when every file failed."""
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        typer.echo(report.summary())
    if report.all_failed:
        raise typer.Exit(1)


@import_app.command("candidates")
def candidates(
    paths: list[Path] = typer.Argument(..., help="Resumes (pdf, docx, md, txt), exports (csv, json) or folders."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import candidates from resumes and ATS exports; the same person twice is updated, not duplicated."""
    # ingest loads resume parsing and the skill extractor (seconds), only for an import
    from ingest import import_candidates

    open_store()
    with _clear_errors(), _progress("importing candidates") as (start, advance):
        report = import_candidates(paths, actor=actor or _default_actor(), dry_run=dry_run,
                                   on_start=start, on_file=advance)
    _finish(report, as_json)


def _catalog(kind: str, path: Path, actor: str | None, dry_run: bool, as_json: bool) -> None:
    # ingest loads resume parsing and the skill extractor (seconds), only for an import
    from ingest import COURSES, ROLES, import_catalog

    open_store()
    with _clear_errors(), _progress(f"importing {kind}") as (start, advance):
        start(1)
        report = import_catalog(path, ROLES if kind == "roles" else COURSES, actor=actor or _default_actor(),
                                dry_run=dry_run)
        advance(path, 0)
    _finish(report, as_json)


def _catalog_command(kind: str, path_help: str) -> Callable[..., None]:
    """`hrbot import roles|courses PATH`: the same options, one catalog kind."""

    def command(
        path: Path = typer.Argument(..., help=path_help),
        actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
        dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        _catalog(kind, path, actor, dry_run, as_json)

    return command


import_app.command("roles", help="Import openings (roles), matched to existing ones by title: a catalog file, or job "
                   "postings' free text (txt, md, html; a file or a folder), each requirement with its sentence.")(
    _catalog_command("roles", "Openings as CSV, JSON or YAML (fields of data/catalog/roles.yml), or a job posting "
                     "(txt, md, html) or a folder of postings.")
)
import_app.command("courses", help="Import training courses, matched to existing ones by code.")(
    _catalog_command("courses", "Courses as CSV, JSON or YAML (fields of data/catalog/courses.yml).")
)


@import_app.command("employees")
def employees(
    path: Path = typer.Argument(..., help="An HR system export (CSV or JSON; columns: see ingest/employees.py)."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import employment history (people, hires, leaves, reviews, surveys) for attrition risk and forecasts."""
    # ingest loads resume parsing and the skill extractor (seconds), only for an import
    from ingest import import_employees

    open_store()
    with clear_errors(unexpected=lambda exc: f"unexpected {type(exc).__name__}; nothing was written (one transaction)"):
        report = import_employees(path, actor=actor or _default_actor(), dry_run=dry_run)
    _finish(report, as_json)


def register(app: typer.Typer) -> None:
    """Add `hrbot import ...` to the main CLI."""
    app.add_typer(import_app, name="import")


@import_app.command("policies")
def policies(
    paths: list[Path] = typer.Argument(..., help="Policy documents (md with front matter, html, pdf, docx, txt) or folders."),
    audience: str = typer.Option(None, "--audience", help="Who may read them: everyone, recruiters or hr "
                                 "(default: the front matter's `audience`, else everyone)."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import HR policies, split at their headings; a document imported again is updated in place."""
    from ingest.policy_import import import_policies  # loads the parsers and, on change, the embedding model
    from ingest.policy_reader import check_audience  # (same reason: ingest loads only for an import)
    from ingest.readers import ReadError  # (same reason)

    if audience is not None:
        try:
            audience = check_audience(audience)
        except ReadError as exc:
            raise typer.BadParameter(str(exc), param_hint="--audience") from None
    open_store()
    with _clear_errors():
        report = import_policies(paths, audience=audience, actor=actor or _default_actor(), dry_run=dry_run)
    _finish(report, as_json)


@import_app.command("leave")
def leave(
    path: Path = typer.Argument(..., help="An HR system's CSV export: balances (email, leave_type, year, "
                                "entitlement_days[, carried_over_days, accrual]) or requests (email, leave_type, "
                                "start_date, end_date, status[, days])."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import leave balances or requests, matched to employees by e-mail; a row seen before is updated."""
    from ingest.leave_import import import_leave  # ingest loads only for an import, so `hrbot --help` stays fast

    open_store()
    with _clear_errors():
        report = import_leave(path, actor=actor or _default_actor(), dry_run=dry_run)
    _finish(report, as_json)


def register(app: typer.Typer) -> None:
    """Add `hrbot import ...` to the main CLI."""
    app.add_typer(import_app, name="import")
