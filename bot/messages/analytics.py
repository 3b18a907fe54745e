"""Wording of attrition-risk and workforce-forecast answers; every risk answer says what it is for."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from analytics import FEATURES, shown_value
from bot.messages.reply import Reply, error_reply
from bot.services.analytics import TeamForecast, TeamRisk

if TYPE_CHECKING:
    from analytics import Factor, Risk

NOT_A_DECISION = ("This is a prompt for a conversation, not a decision: talk with the person, and never use "
                  "it alone for pay, promotion, performance or any other decision about them.")
LABELS = {f.name: f.label for f in FEATURES}
ANALYTICS_FORBIDDEN = error_reply(
    "forbidden",
    "Attrition risk and workforce forecasts are only for HR partners, and managers see their own team's "
    "numbers only. I can help you with training, skill gaps and career paths instead.",
)
MANAGER_PEOPLE_FORBIDDEN = error_reply(
    "forbidden",
    "Managers see their own team's totals, not a person's risk: ask \"how many people might we lose in my "
    "team?\" or talk with your HR partner.",
)


def teams_phrase(teams: list[str]) -> str:
    """'Data Platform', 'Data Platform, Web Platform' or '14 teams'."""
    return ", ".join(teams) if len(teams) <= 3 else f"{len(teams)} teams"


def _percent(p: float) -> str:
    return f"{p * 100:.0f}%"


def factor_phrase(factor: Factor) -> str:
    """'engagement survey score 2.6 of 5 (raises the risk)'."""
    direction = "raises" if factor.raises else "lowers"
    return f"{LABELS.get(factor.name, factor.name)} {shown_value(factor.name, factor.value)} ({direction} the risk)"


def _factors_payload(factors: list[Factor]) -> list[dict[str, object]]:
    return [{"factor": f.name, "label": LABELS.get(f.name, f.name), "value": shown_value(f.name, f.value),
             "direction": "raises" if f.raises else "lowers", "weight": round(f.contribution, 3)} for f in factors]


def team_risk_reply(answer: TeamRisk) -> Reply:
    """The people most at risk (HR partners) or the team's expected leavers (managers), with the caveat."""
    where = teams_phrase(answer.teams)
    total = (f"{where}: {answer.headcount} people; about {answer.expected_leavers_12m:.1f} may leave "
             f"within a year.")
    payload: dict[str, object] = {"type": "attrition_risk", "teams": answer.teams, "headcount": answer.headcount,
                                  "expected_leavers_12m": round(answer.expected_leavers_12m, 2),
                                  "note": NOT_A_DECISION}
    if answer.aggregate_only or not answer.people:
        return Reply(f"{total}\n{NOT_A_DECISION}", payload)
    lines = [f"{i}. {r.name} ({r.team}): {_percent(r.probability)} within 12 months"
             + (f"; mostly {factor_phrase(r.factors[0])}" if r.factors else "")
             for i, r in enumerate(answer.people, start=1)]
    payload["people"] = [{"name": r.name, "team": r.team, "probability": round(r.probability, 3),
                          "factors": _factors_payload(r.factors)} for r in answer.people]
    return Reply(f"Most at risk of leaving in {where}:\n" + "\n".join(lines) + f"\n{total}\n{NOT_A_DECISION}",
                 payload)


def person_risk_reply(risk: Risk) -> Reply:
    """Why one person is at risk: the factors that move it most, each with its direction."""
    reasons = "; ".join(factor_phrase(f) for f in risk.factors) or "nothing stands out from the average"
    text = (f"{risk.name} ({risk.team}): {_percent(risk.probability)} chance of leaving within 12 months. "
            f"What moves it most: {reasons}.\n{NOT_A_DECISION}")
    return Reply(text, {"type": "attrition_explanation", "name": risk.name, "team": risk.team,
                        "probability": round(risk.probability, 3), "factors": _factors_payload(risk.factors),
                        "note": NOT_A_DECISION})


def forecast_reply(answer: TeamForecast, focus: str = "leavers") -> Reply:
    """Leavers or hires needed next quarter, the quarters after, and the chart."""
    first = answer.rows[0]
    where = teams_phrase(answer.teams)
    if focus == "hires":
        head = (f"{where} needs about {first.hires:.0f} hires in {first.quarter} "
                f"(80% range {first.hires_low}–{first.hires_high}): {first.leavers:.1f} to replace leavers, "
                f"{first.growth:.1f} for growth, {first.open_roles} open roles.")
    else:
        head = (f"{where} may lose about {first.leavers:.1f} people in {first.quarter} "
                f"(80% range {first.leavers_low}–{first.leavers_high}) of {first.headcount}.")
    later = "; ".join(f"{r.quarter}: {r.leavers:.1f} leavers, {r.hires:.0f} hires" for r in answer.rows[1:])
    payload: dict[str, object] = {"type": "workforce_forecast", "teams": answer.teams,
                                  "quarters": [r.as_dict() for r in answer.rows], "note": NOT_A_DECISION}
    if answer.chart_png:
        payload["chart"] = {"mime": "image/png", "alt": f"Leavers and hires per quarter for {where}",
                            "base64": base64.b64encode(answer.chart_png).decode("ascii")}
    return Reply(f"{head}\nLater: {later}.\nForecasts are estimates for planning, not decisions about people.",
                 payload)


def unknown_team_reply(asked: str, teams: list[str]) -> Reply:
    """No such team: say which teams there are."""
    return Reply(f"I don't know a team called \"{asked}\". Teams: {', '.join(teams)}.",
                 {"type": "error", "reason": "unknown_team", "teams": teams})


def unknown_person_reply(name: str) -> Reply:
    """Nobody employed today with that name."""
    return Reply(f"I can't find anyone employed today called \"{name}\".",
                 {"type": "error", "reason": "unknown_person"})


def ask_person_reply() -> Reply:
    """'Why is she at risk?' with nobody mentioned before."""
    return Reply("Whose risk should I explain? Ask me who is most at risk in a team first, or name the person.",
                 {"type": "ask", "slot": "analytics_person"})
