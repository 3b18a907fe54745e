"""Wording of role answers: the role card, "did you mean" titles, and "which role?"."""

from __future__ import annotations

import json

from bot.messages.reply import Reply, ask_reply
from bot.services.roles import RoleCard, RoleLookup

MAX_ROLE_BUTTONS = 10


def intent_button(title: str, intent: str, entities: dict[str, str]) -> dict[str, str]:
    """A button that sends `intent` with entities, as Rasa parses `/intent{...}` payloads."""
    return {"title": title, "payload": f"/{intent}{json.dumps(entities, ensure_ascii=False)}"}


def _years(value: float) -> str:
    return f"{value:g}"


MAX_EVIDENCE_LINES = 8
MAX_QUOTE = 160


def _clip(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def role_card_reply(card: RoleCard) -> Reply:
    """A role's facts as text and a role_card payload."""
    status = "open" if card.is_open else "closed (filled)"
    lines = [
        f"{card.title} ({card.family}, {card.seniority}) — {status}",
        f"Team: {card.team or 'n/a'} · Location: {card.location or 'n/a'} ({card.remote_policy})",
        f"Experience: {_years(card.min_years)}+ years",
    ]
    if card.summary:
        lines.append(card.summary)
    if card.required_skills:
        lines.append("Required skills: " + ", ".join(card.required_skills))
    if card.nice_to_have_skills:
        lines.append("Nice to have: " + ", ".join(card.nice_to_have_skills))
    if card.responsibilities:
        lines.append("Responsibilities:\n" + "\n".join(f"• {r}" for r in card.responsibilities))
    quoted = [e for e in card.evidence if e.get("kind") in ("required", "nice") and e.get("evidence")]
    if quoted:  # why each requirement is one: the posting's own words
        lines.append("From the posting:\n" + "\n".join(
            f"• {e['value']} ({'required' if e['kind'] == 'required' else 'nice to have'}): \"{_clip(e['evidence'])}\""
            for e in quoted[:MAX_EVIDENCE_LINES]))
    if card.applicants is not None:
        lines.append(f"Applicants so far: {card.applicants}")
    payload: dict = {
        "type": "role_card",
        "role_id": card.role_id,
        "title": card.title,
        "family": card.family,
        "team": card.team,
        "location": card.location,
        "remote_policy": card.remote_policy,
        "seniority": card.seniority,
        "min_years": card.min_years,
        "description": card.summary,
        "required_skills": card.required_skills,
        "nice_to_have_skills": card.nice_to_have_skills,
        "responsibilities": card.responsibilities,
        "status": "open" if card.is_open else "closed",
        "evidence": card.evidence,
    }
    if card.applicants is not None:
        payload["applicants"] = card.applicants
    return Reply("\n".join(lines), payload)


def role_suggestions_reply(lookup: RoleLookup, intent: str, extra: dict[str, str] | None = None) -> Reply:
    """An unknown role: close titles as buttons that repeat the question, or how to find titles."""
    query = lookup.query or "that"
    if lookup.suggestions:
        names = ", ".join(lookup.suggestions)
        return Reply(
            f"I don't know a role called \"{query}\". Did you mean: {names}?",
            {"type": "suggestions", "query": lookup.query, "names": lookup.suggestions},
            buttons=[intent_button(t, intent, {**(extra or {}), "role": t}) for t in lookup.suggestions],
        )
    return Reply(
        f"I don't know a role called \"{query}\". Ask \"which roles are open?\" or give the exact job title, "
        "e.g. \"Data Engineer\".",
        {"type": "not_found", "query": lookup.query, "what": "role"},
    )


def ask_role_reply(question: str, titles: list[str], intent: str, extra: dict[str, str] | None = None) -> Reply:
    """Ask which role, offering (some of) the open roles as buttons."""
    shown = titles[:MAX_ROLE_BUTTONS]
    more = f" (or type another of the {len(titles)} open roles)" if len(titles) > len(shown) else ""
    buttons = [intent_button(t, intent, {**(extra or {}), "role": t}) for t in shown]
    return ask_reply("role", f"{question}{more}", buttons, roles=shown)
