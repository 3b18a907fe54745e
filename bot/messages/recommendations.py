"""Wording of candidate recommendations for a role, and of asking which role."""

from __future__ import annotations

from bot.messages.people import summary_card
from bot.messages.reply import Reply, ask_reply, error_reply
from bot.messages.roles import intent_button
from bot.services.ranking_reasons import Overtake
from bot.services.recommendations import Match, RoleRecommendation
from retrieval.matching import PART_NAMES

INDEX_UNAVAILABLE = error_reply(
    "index_unavailable",
    "I can't rank candidates right now: the search index hasn't been built (or the language model is "
    "missing). An admin can fix it with `hrbot index build`. Nothing was changed.",
)


def role_button(title: str) -> dict[str, str]:
    """A button that asks for recommendations for one role."""
    return intent_button(title, "recommend_candidates", {"role": title})


def ask_role(titles: list[str]) -> Reply:
    """Which role to recommend for, with open roles as buttons."""
    if not titles:
        return ask_reply("role", "Which role should I find candidates for? Give me a job title, "
                         "e.g. \"Data Engineer\".", roles=[])
    return ask_reply("role", "Which role should I find candidates for? Here are some open roles, or type a job title:",
                     [role_button(t) for t in titles], roles=titles)


def unknown_role(typed: str, suggestions: list[str]) -> Reply:
    """The typed role names no catalog role (or several): say so and offer the close titles."""
    shown = typed if len(typed) <= 60 else typed[:57] + "…"
    if suggestions:
        text = f"\"{shown}\" could be more than one role, or none I know. Did you mean one of these?"
        return Reply(text, {"type": "suggestions", "query": shown, "roles": suggestions},
                     [role_button(t) for t in suggestions])
    text = (f"I don't know a role called \"{shown}\". Give me a job title from the catalog, "
            "e.g. \"Machine Learning Engineer\" or \"Data Analyst\".")
    return Reply(text, {"type": "suggestions", "query": shown, "roles": []})


def role_resolved(typed: str, title: str) -> Reply:
    """Say which catalog role an alias or a near spelling was taken as."""
    return Reply(f"Taking \"{typed}\" as the {title} role.", {"type": "role_resolved", "typed": typed, "role": title})


def score_parts(points: dict[str, float]) -> str:
    """'required skills 26.7 + semantic fit 20.1 + ...': the parts the shown score is the sum of."""
    return " + ".join(f"{PART_NAMES.get(k, k)} {v:.1f}" for k, v in points.items())


def overtake_line(o: Overtake) -> str:
    """Why someone missing a required skill still ranks above `o.other`, who has them all."""
    gains = ", ".join(f"{PART_NAMES.get(k, k)} +{d:.1f}" for k, d in o.gains) or "nothing"
    losses = ", ".join(f"{PART_NAMES.get(k, k)} −{d:.1f}" for k, d in o.losses)
    return (f"   ranked above {o.other}, who has every required skill, on {gains}"
            + (f" (behind on {losses})" if losses else "") + ".")


def why_line(m: Match) -> str:
    """The explanation of one match on one or two lines."""
    have = ", ".join(m.matched_required) or "none"
    parts = [f"has {have}"]
    if m.missing_required:
        parts.append(f"missing {', '.join(m.missing_required)}")
    line = f"   {'; '.join(parts)}. {m.experience_fit}; {m.location_fit}."
    if m.evidence:
        line += f"\n   \"{m.evidence}\""
    return line


def match_card(m: Match, required: int) -> dict:
    """A candidate_list entry with the explanation for rich channels."""
    return {
        **summary_card(m), "score": round(m.score / 100.0, 3), "score_points": m.points,
        "score_parts": score_parts(m.points),
        "ranked_above": None if m.overtake is None else {
            "other": m.overtake.other, "gains": dict(m.overtake.gains), "losses": dict(m.overtake.losses),
            "text": overtake_line(m.overtake).strip()},
        "skills": m.matched_required + m.matched_nice,
        "matched_required": m.matched_required, "missing_required": m.missing_required,
        "required_coverage": f"{len(m.matched_required)}/{required}", "evidence": m.evidence,
        "experience_fit": m.experience_fit, "location_fit": m.location_fit,
    }


def recommendations_reply(rec: RoleRecommendation) -> Reply:
    """Ranked matches with reasons; or unknown role with suggestions; or the index is missing."""
    if rec.problem == "unknown_role":
        return unknown_role(rec.role_title, rec.suggestions)
    if rec.problem == "unavailable":
        return INDEX_UNAVAILABLE
    if not rec.matches:
        return Reply(f"I couldn't find any candidates to rank for {rec.role_title}.",
                     {"type": "candidate_list", "candidates": [], "role": rec.role_title})
    lines = [f"Top {len(rec.matches)} matches for {rec.role_title} (of {rec.considered} candidates considered; "
             f"required: {', '.join(rec.required) or 'none listed'}):"]
    for i, m in enumerate(rec.matches, 1):
        lines.append(f"{i}. {m.name} — {m.headline}, {m.location} · match {m.score:.1f}/100")
        if m.points:
            lines.append(f"   = {score_parts(m.points)}")
        if m.overtake is not None:
            lines.append(overtake_line(m.overtake))
        lines.append(why_line(m))
    lines.append("Ask \"tell me about the first one\" or \"compare the first two\" for more.")
    payload = {"type": "candidate_list", "role": rec.role_title, "role_id": rec.role_id,
               "candidates": [match_card(m, len(rec.required)) for m in rec.matches]}
    return Reply("\n".join(lines), payload)
