"""`hrbot screen --role R [--all] [--top N] [--json]`: a role's applicants against its must-have skills.

Ranking and explanations are the recommender's (`bot.services.screening` restricts it to the people
who applied). An unknown role is `error: ...` with suggestions and exit 2; a role nobody applied to is
an answer, not an error (exit 0). Heavy imports happen inside the command so `hrbot --help` stays fast.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import typer

from connectors.cli.errors import clear_errors, fail, note
from connectors.cli.preflight import store_ready
from connectors.cli.retrieval import one_line
from store.engine import session_scope


def _applicant(a: Any) -> dict[str, Any]:
    """One screened applicant for --json: the recommendation's explanation, stage and verdict."""
    return {**asdict(a.match), "stage": a.stage, "meets_must_haves": a.meets_must_haves}


def screening_json(s: Any) -> dict[str, Any]:
    """The whole screening as plain data (what `--json` prints)."""
    return {
        "role": s.role_title, "role_id": s.role_id, "is_open": s.is_open, "required": s.required,
        "scope": "new" if s.new_only else ("all" if s.stages is None else list(s.stages)),
        "by_stage": s.by_stage, "screened": s.screened, "meets_count": s.meets_count,
        "lacking_count": s.lacking_count, "missing_counts": s.missing_counts, "problem": s.problem,
        "suggestions": s.suggestions, "meets": [_applicant(a) for a in s.meets],
        "lacking": [_applicant(a) for a in s.lacking],
    }


def _print_group(title: str, applicants: list[Any], numbered: int, *, lacking: bool) -> int:
    """One group of ranked applicants, numbered on from `numbered`; returns the last number used."""
    if applicants:
        typer.echo(f"\n{title}")
    for a in applicants:
        numbered += 1
        m = a.match
        typer.echo(f"{numbered:>2}. {m.score:5.1f}/100  {m.name} (#{m.candidate_id}) - {m.headline} [{a.stage}]")
        if lacking:
            typer.echo(f"      lacks {', '.join(m.missing_required)}; has {', '.join(m.matched_required) or 'none'}")
            continue
        typer.echo(f"      has {', '.join(m.matched_required) or 'none'}; {m.experience_fit}; {m.location_fit}")
        if m.evidence:
            typer.echo(f"      \"{one_line(m.evidence)}\"")
    return numbered


def _print(s: Any) -> None:
    """The human-readable screening: the ranked applicants who meet every must-have, then who lacks one."""
    scope = "new applicants" if s.new_only else "applicants (all stages but rejected)"
    closed = ", closed" if not s.is_open else ""
    typer.echo(f"{s.role_title}{closed}: screened {s.screened} {scope}; must-haves: {', '.join(s.required) or 'none'}")
    typer.echo(f"{s.meets_count} meet every must-have, {s.lacking_count} lack at least one")
    n = _print_group("meet every must-have:", s.meets, 0, lacking=False)
    _print_group("lack a must-have:", s.lacking, n, lacking=True)
    hidden = s.meets_count - len(s.meets) + s.lacking_count - len(s.lacking)
    if hidden:
        typer.echo(f"\n{hidden} more not shown (raise --top)")
    if s.missing_counts:
        typer.echo("most often missing: " + ", ".join(f"{k} ({v})" for k, v in s.missing_counts.items()))


def screen_cmd(
    role: str = typer.Option(..., "--role", "-r", help="Role title (see data/catalog/roles.yml); aliases and typos are resolved."),
    all_stages: bool = typer.Option(False, "--all", help="Every applicant except rejected ones, not only the new (stage applied)."),
    top: int = typer.Option(10, "--top", "-k", min=1, max=10_000, help="At most this many per list (meets / lacks)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Screen a role's applicants against its must-have skills: ranked and explained, and who lacks one."""
    store_ready(need_candidates=False)
    # the screening service and retrieval load langchain, faiss and MiniLM: only when the command runs
    from bot.services.screening import NEW, screen_applicants
    from retrieval import get_indexes  # (the same heavy stack)

    with clear_errors(), session_scope() as session:
        result = screen_applicants(session, role, stages=None if all_stages else NEW, top=top,
                                   indexes=get_indexes(notify=note))
    if result.problem == "unknown_role":
        hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else "; see data/catalog/roles.yml"
        fail(f"no role titled {result.role_title!r}{hint}")
    if result.problem == "unavailable":
        fail("the search index is not available; run `hrbot index build`")
    if as_json:
        typer.echo(json.dumps(screening_json(result), indent=2, ensure_ascii=False, default=str))
        return
    if result.problem == "no_applicants":
        typer.echo(f"nobody has an open application for {result.role_title}; nothing to screen "
                   f"(try `hrbot recommend --role \"{result.role_title}\"` for the whole pool)")
        return
    if result.problem == "no_new_applicants":
        stages = ", ".join(f"{n} {st}" for st, n in result.by_stage.items())
        typer.echo(f"no new applicants for {result.role_title} ({stages}); use --all to screen them")
        return
    _print(result)


def register(app: typer.Typer) -> None:
    """Add `hrbot screen` to the CLI."""
    app.command("screen")(screen_cmd)


__all__ = ["register", "screening_json"]
