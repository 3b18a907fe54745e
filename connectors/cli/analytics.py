"""`hrbot analytics attrition|forecast|fairness`: people analytics from the terminal.

Whoever runs the CLI holds the database itself, so it answers as an HR partner would: everyone's
risk. Each view is audited under `cli:<login>` (or --actor), and each risk listing says that it is a
prompt for a conversation, not a decision.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bot.messages.analytics import NOT_A_DECISION, factor_phrase, teams_phrase
from bot.services.analytics import NotAllowed, UnknownTeam, team_forecast, team_risk
from bot.services.identity import Identity
from connectors.cli.errors import clear_errors, fail
from connectors.cli.imports import ACTOR_HELP, JSON_HELP, _default_actor
from connectors.cli.preflight import store_ready
from store.engine import session_scope
from store.models import UserRole

analytics_app = typer.Typer(help="Attrition risk, workforce forecasts and their fairness audit (HR partners).",
                            no_args_is_help=True)


def _operator(actor: str | None) -> Identity:
    return Identity(handle=actor or _default_actor(), role=UserRole.hr_partner, known=True)


def _team_error(exc: UnknownTeam) -> None:
    fail(f"{exc}; teams: {', '.join(exc.teams)}")


@analytics_app.command("attrition")
def attrition(
    team: str = typer.Option(None, "--team", "-t", help="A team, a word of team names or a department."),
    limit: int = typer.Option(10, min=1, max=500, help="How many people to list."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Who is most likely to leave within a year, and why (top factors with their direction)."""
    store_ready(need_candidates=False)
    with clear_errors(), session_scope() as session:
        try:
            answer = team_risk(session, _operator(actor), team, channel="cli", limit=limit)
        except UnknownTeam as exc:
            _team_error(exc)
        except NotAllowed as exc:
            fail(str(exc))
    if as_json:
        typer.echo(json.dumps({
            "teams": answer.teams, "headcount": answer.headcount,
            "expected_leavers_12m": round(answer.expected_leavers_12m, 2), "note": NOT_A_DECISION,
            "people": [{"name": r.name, "team": r.team, "probability_12m": round(r.probability, 4),
                        "factors": [{"factor": f.name, "value": f.value, "direction": "raises" if f.raises
                                     else "lowers", "weight": round(f.contribution, 4)} for f in r.factors]}
                       for r in answer.people],
        }, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{teams_phrase(answer.teams)}: {answer.headcount} people, about "
               f"{answer.expected_leavers_12m:.1f} may leave within a year")
    for r in answer.people:
        typer.echo(f"  {r.probability * 100:5.1f}%  {r.name} ({r.team})")
        for f in r.factors:
            typer.echo(f"          {factor_phrase(f)}")
    typer.echo(NOT_A_DECISION)


@analytics_app.command("forecast")
def forecast_command(
    team: str = typer.Option(None, "--team", "-t", help="A team, a word of team names or a department."),
    chart: Path = typer.Option(None, "--chart", help="Also write the chart as a PNG file here."),
    actor: str = typer.Option(None, "--actor", help=ACTOR_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Expected leavers and hires needed per quarter, with 80 % intervals."""
    store_ready(need_candidates=False)
    with clear_errors(), session_scope() as session:
        try:
            answer = team_forecast(session, _operator(actor), team, channel="cli", chart=chart is not None)
        except UnknownTeam as exc:
            _team_error(exc)
    if chart is not None:
        chart.write_bytes(answer.chart_png)
    if as_json:
        typer.echo(json.dumps({"teams": answer.teams, "quarters": [r.as_dict() for r in answer.rows]}, indent=2,
                              ensure_ascii=False))
        return
    typer.echo(f"{teams_phrase(answer.teams)}:")
    typer.echo(f"  {'quarter':8} {'headcount':>9} {'leavers (80%)':>16} {'hires needed (80%)':>20}")
    for r in answer.rows:
        typer.echo(f"  {r.quarter:8} {r.headcount:>9} {r.leavers:>6.1f} ({r.leavers_low:>2}-{r.leavers_high:<2})"
                   f"     {r.hires:>6.1f} ({r.hires_low:>2}-{r.hires_high:<2})")
    if chart is not None:
        typer.echo(f"chart written to {chart}")


@analytics_app.command("fairness")
def fairness(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Calibration and flag rates per gender and age band on the out-of-time years, four-fifths rule."""
    # the model side (lifelines, pandas) loads for this command only, so `hrbot --help` stays fast
    from analytics import load_history
    from analytics.fairness import audit_out_of_time  # with load_history: this command only

    store_ready(need_candidates=False)
    with clear_errors(), session_scope() as session:
        report = audit_out_of_time(session, load_history(session))
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo(f"test years from {report['split']}, {report['rows']} rows; top {report['flag_share']:.0%} flagged")
    for attribute, block in report["attributes"].items():
        verdict = "holds" if block["four_fifths_rule"] else "FAILS"
        typer.echo(f"{attribute}: four-fifths rule {verdict} (min impact ratio {block['min_impact_ratio']:.2f})")
        for g in block["groups"]:
            typer.echo(f"  {g['group']:12} n={g['n']:<5} predicted {g['predicted']:.3f} observed "
                       f"{g['observed']:.3f} flagged {g['flag_rate']:.3f} ratio {g['impact_ratio']:.2f}"
                       + ("" if g["judged"] else " (too few to judge)"))


def register(app: typer.Typer) -> None:
    """Add `hrbot analytics ...` to the main CLI."""
    app.add_typer(analytics_app, name="analytics")
