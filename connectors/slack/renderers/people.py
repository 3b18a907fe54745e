"""Renderers for people: application status cards, "which one?", "did you mean", candidate lists."""

from __future__ import annotations

from typing import Any

from connectors.slack.blockkit import Block, actions, button, context, escape, fields, section, select, text_sections
from connectors.slack.renderers.basic import generic
from connectors.slack.renderers.parts import MAX_CARDS, label, payload_buttons, rasa_buttons
from connectors.slack.renderers.registry import renders
from connectors.slack.turns import BotReply
from store.models import Stage


def _person_head(person: dict[str, Any]) -> str:
    """`*Name*` and headline · location."""
    where = " · ".join(escape(str(person[k])) for k in ("headline", "location") if person.get(k))
    return f"*{escape(str(person.get('name', '')))}*" + (f"\n{where}" if where else "")


@renders("application_status")
def application_status(reply: BotReply) -> list[Block]:
    """One card per person: their applications as fields (role, stage and since when)."""
    people = (reply.payload or {}).get("people") or []
    if not people:
        return generic(reply)
    blocks: list[Block] = []
    for person in people[:MAX_CARDS]:
        blocks.append(section(_person_head(person)))
        apps = person.get("applications") or []
        if apps:
            blocks.append(fields([(str(a.get("role", "")), _stage_line(a)) for a in apps]))
        else:
            blocks.append(context("In the talent pool; no applications yet."))
    return blocks + rasa_buttons(reply)


def _stage_line(application: dict[str, Any]) -> str:
    """`Phone screen · since 2026-03-02`."""
    stage = str(application.get("stage_label") or label(application.get("stage", "")))
    since = str(application.get("since", ""))[:10]
    return f"{stage} · since {since}" if since else stage


@renders("disambiguation")
def disambiguation(reply: BotReply) -> list[Block]:
    """Same-name people side by side, each with a one-shot "This one" button."""
    people = (reply.payload or {}).get("people") or []
    if not people:
        return generic(reply)
    intro = reply.text.split("\n", 1)[0] if reply.text else "Which one do you mean?"
    blocks = [section(escape(intro))]
    for i, person in enumerate(people[:MAX_CARDS]):
        choice = reply.buttons[i].get("payload", "") if i < len(reply.buttons) else f"status of {person.get('name', '')}"
        apps = person.get("applications") or []
        roles = ", ".join(escape(str(a.get("role", ""))) for a in apps[:3])
        line = _person_head(person) + (f"\n_{roles}_" if roles else "")
        blocks.append(section(line, accessory=button("This one", str(choice), once=True)))
    return blocks


@renders("suggestions")
def suggestions(reply: BotReply) -> list[Block]:
    """"Did you mean": each close name is a one-shot button."""
    names = [str(n) for n in (reply.payload or {}).get("names") or []]
    if reply.buttons:
        row = rasa_buttons(reply, once=True)
    else:
        row = actions([button(n, f"status of {n}", once=True) for n in names])
    return text_sections(reply.text) + row


@renders("candidate_list", "candidates")
def candidate_list(reply: BotReply) -> list[Block]:
    """Candidate cards: View profile, Shortlist, Move stage (menu), and Compare for the list.

    Expects `candidates: [{candidate_id, name, headline?, location?, score?, skills?, buttons?}]`
    and optionally `role`; a candidate's own `buttons` replace the default ones.
    """
    payload = reply.payload or {}
    people = payload.get("candidates") or payload.get("people") or []
    if not people:
        return generic(reply)
    role = str(payload.get("role") or "")
    blocks = text_sections(reply.text.split("\n", 1)[0]) if reply.text else []
    for person in people[:MAX_CARDS]:
        name = str(person.get("name", ""))
        extra = []
        if person.get("score") is not None:
            exact = person.get("score_points") and isinstance(person["score"], float)  # the parts add up to it
            extra.append(f"match {person['score'] * 100:.1f}/100" if exact else f"match {_score(person['score'])}")
        if person.get("skills"):
            extra.append(escape(label(person["skills"][:6])))
        lines = [" · ".join(extra)] if extra else []
        lines += _why(person)
        blocks.append(section(_person_head(person) + "".join(f"\n{line}" for line in lines)))
        if person.get("buttons"):
            blocks += actions(payload_buttons(person["buttons"]))
            continue
        stages = payload.get("stages") or [s.value for s in Stage]
        blocks += actions([
            button("View profile", f"show the profile of {name}"),
            button("Shortlist", f"shortlist {name}" + (f" for {role}" if role else ""), style="primary"),
            select("Move stage…", [(label(s), f"move {name} to {label(s)}") for s in stages]),
        ])
    if len(people) >= 2:
        names = [str(p.get("name", "")) for p in people[:3]]
        compare = "compare " + ", ".join(names[:-1]) + " and " + names[-1]
        blocks += actions([button(f"Compare top {len(names)}", compare)])
    return blocks + rasa_buttons(reply)


def _why(person: dict[str, Any]) -> list[str]:
    """A ranked match's reasons: required skills covered, the ones missing, the score's parts, why it ranks above
    someone with every required skill, the evidence quoted."""
    parts = []
    if person.get("required_coverage"):
        parts.append(f"required {escape(str(person['required_coverage']))}")
    if person.get("missing_required"):
        parts.append(f"missing {escape(label(person['missing_required']))}")
    lines = [" · ".join(parts)] if parts else []
    if person.get("score_parts"):
        lines.append(f"= {escape(str(person['score_parts']))}")
    if isinstance(person.get("ranked_above"), dict) and person["ranked_above"].get("text"):
        lines.append(escape(str(person["ranked_above"]["text"])))
    if person.get("evidence"):
        lines.append(f"_“{escape(str(person['evidence']))}”_")
    return lines


def _score(value: Any) -> str:
    """0.87 -> 87%; anything else as is."""
    return f"{value * 100:.0f}%" if isinstance(value, float) and 0 <= value <= 1 else str(value)
