"""`hrbot index build`, `hrbot search`, `hrbot recommend`, `hrbot audit fairness`.

Every failure a user can cause (no database, empty store, unknown role, bad filter, broken
index) ends in a one-line `error: ...` with what to do next, never a traceback. Heavy imports
(torch, faiss) happen inside the commands, so `hrbot --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from sqlmodel import select

from connectors.cli.errors import clear_errors, fail, note
from connectors.cli.preflight import store_ready
from store.engine import session_scope
from store.models import Application

index_app = typer.Typer(help="Build and inspect the search indexes.", no_args_is_help=True)
audit_app = typer.Typer(help="Audits of what the assistant recommends.", no_args_is_help=True)


def _emit(payload: Any) -> None:
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))


@contextmanager
def _ready() -> Iterator[None]:
    """A store with candidates first, then the retrieval layer's exceptions as one-line errors."""
    store_ready()
    with clear_errors():
        yield


def _evidence(matched: list[Any]) -> None:
    """The first three matched skills, each with the sentence that shows it."""
    for m in matched[:3]:
        typer.echo(f"      {m.skill}: \"{one_line(m.evidence)}\"")


def _indexes() -> Any:
    """The indexes, built or repaired first if needed (messages go to stderr)."""
    # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
    from retrieval import get_indexes

    return get_indexes(notify=note)


@index_app.command("build")
def index_build(
    rebuild: bool = typer.Option(False, "--rebuild", help="Re-embed everything instead of updating."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Build the indexes, or bring them up to date with the store (checks every record)."""
    with _ready():
        # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
        from retrieval import build_indexes

        reports = build_indexes(rebuild=rebuild, progress=not quiet and sys.stderr.isatty(), notify=note)
    for report in reports:
        typer.echo(report.summary())


@index_app.command("status")
def index_status_cmd(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Documents per index and whether each is in step with the store."""
    with _ready():
        # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
        from retrieval import index_status

        rows = index_status()
    if as_json:
        _emit(rows)
        return
    for row in rows:
        state = "missing" if row.get("missing") else ("fresh" if row["fresh"] else "stale (updated on next use)")
        typer.echo(f"{row['collection']:<11} {row['documents']:>7} documents  {state}")


def search_cmd(
    text: str = typer.Argument(..., help="What you are looking for, e.g. 'pytorch nlp engineer'."),
    location: str = typer.Option(None, "--location", "-l", help="City (comma-separated for several)."),
    seniority: str = typer.Option(None, "--seniority", "-s", help="junior|mid|senior|lead|principal; 'senior+' or 'senior,lead'."),
    stage: str = typer.Option(None, "--stage", help="Only candidates with an application at this stage."),
    role: str = typer.Option(None, "--role", help="Only candidates who applied to this role."),
    top: int = typer.Option(10, "--top", "-k", min=1, max=200, help="How many results."),
    mode: str = typer.Option(None, "--mode", help="dense | lexical | hybrid | hybrid+taxonomy (default)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Search candidates by meaning and keywords, with filters."""
    with _ready():
        # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
        from retrieval import DEFAULT_MODE, search

        result = search(text, location=location, seniority=seniority, stage=stage, role=role, top=top,
                        mode=mode or DEFAULT_MODE, indexes=_indexes())
    if as_json:
        _emit(result.to_dict())
        return
    if result.skills:
        typer.echo(f"skills recognised: {', '.join(result.skills)}")
    if not result.hits:
        typer.echo("no candidates match" + (f" the filters {result.filters}" if result.filters else ""))
        return
    for n, hit in enumerate(result.hits, start=1):
        typer.echo(f"{n:>2}. {hit.name} (#{hit.candidate_id}) - {hit.headline}; {hit.location}, {hit.seniority}, "
                   f"{hit.years_experience:g} yrs")
        _evidence(hit.matched_skills)


def recommend_cmd(
    role: str = typer.Option(..., "--role", "-r", help="Role title (see data/catalog/roles.yml)."),
    top: int = typer.Option(10, "--top", "-k", min=1, max=200, help="How many candidates."),
    applicants: bool = typer.Option(False, "--applicants", help="Only people who applied to the role."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Best candidates for a role, each with matched and missing skills and the evidence."""
    with _ready():
        # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
        from retrieval import recommend, resolve_role

        indexes = _indexes()
        ids = None
        if applicants:
            with session_scope() as session:
                role_row = resolve_role(session, role)
                ids = list(session.exec(select(Application.candidate_id).where(Application.role_id == role_row.id)))
        result = recommend(role, top=top, candidate_ids=ids, indexes=indexes)
    if as_json:
        _emit(result.to_dict())
        return
    r = result.role
    typer.echo(f"{r['title']} ({r['seniority']}, {r['location']}, {r['remote_policy']}): "
               f"best {len(result.results)} of {result.considered} candidates")
    for n, rec in enumerate(result.results, start=1):
        typer.echo(f"{n:>2}. {rec.score:5.1f}/100  {rec.name} (#{rec.candidate_id}) - {rec.headline}")
        typer.echo(f"      {rec.summary}")
        _evidence(rec.matched_skills)


@audit_app.command("fairness")
def audit_fairness(
    role: str = typer.Option(..., "--role", "-r", help="Role title."),
    top: int = typer.Option(50, "--top", "-k", min=1, help="How many people the recommender selects."),
    pool: str = typer.Option("all", "--pool", help="'all' candidates or the role's 'applicants'."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Selection rates and impact ratios (four-fifths rule) of the recommender's top K, by group."""
    with _ready():
        if pool not in ("all", "applicants"):
            fail("--pool must be 'all' or 'applicants'")
        # retrieval (langchain, faiss, MiniLM) loads per command, so `hrbot --help` stays fast
        from retrieval import audit_role

        report = audit_role(role, top, pool=pool, indexes=_indexes())
    if as_json:
        _emit(report.to_dict())
        return
    typer.echo(f"fairness audit: {report.role}, top {report.top_k} of {report.pool_size} ({report.pool_kind})")
    current = None
    for row in report.rows:
        if row.dimension != current:
            current = row.dimension
            typer.echo(f"\n{current}:")
            typer.echo(f"  {'group':<42} {'pool':>6} {'sel':>5} {'rate':>7} {'ratio':>6}")
        ratio = "-" if row.impact_ratio is None else f"{row.impact_ratio:.2f}"
        mark = "  < 0.8" if row.flagged else ("  (small)" if row.small else "")
        typer.echo(f"  {row.group:<42} {row.pool:>6} {row.selected:>5} {row.rate:>7.1%} {ratio:>6}{mark}")
    typer.echo("")
    typer.echo(f"{len(report.flags)} flag(s)" + (":" if report.flags else ""))
    for flag in report.flags:
        typer.echo(f"  - {flag}")
    for note in report.notes:
        typer.echo(f"note: {note}")


def one_line(text: str, width: int = 110) -> str:
    """An evidence sentence on one line, cut to fit a terminal."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def register(app: typer.Typer) -> None:
    """Add the retrieval commands to the `hrbot` CLI."""
    app.add_typer(index_app, name="index")
    app.command("search")(search_cmd)
    app.command("recommend")(recommend_cmd)
    app.add_typer(audit_app, name="audit")


__all__ = ["register"]
