"""Renderers for the catalog: a role's card, a list of courses."""

from __future__ import annotations

from connectors.slack.blockkit import Block, actions, escape, fields, header, section, text_sections
from connectors.slack.renderers.basic import generic
from connectors.slack.renderers.parts import MAX_CARDS, label, payload_buttons, rasa_buttons
from connectors.slack.renderers.registry import renders
from connectors.slack.turns import BotReply


@renders("role_card", "role")
def role_card(reply: BotReply) -> list[Block]:
    """A role: title, then its facts (level, location, pay band, skills) as fields."""
    payload = reply.payload or {}
    title = str(payload.get("title") or payload.get("name") or "")
    if not title:
        return generic(reply)
    facts = [
        (k.replace("_", " ").capitalize(), label(v))
        for k, v in payload.items()
        if k not in {"type", "title", "name", "buttons", "feedback", "description", "evidence"} and not k.endswith("id") and v
    ]
    quoted = [e for e in payload.get("evidence") or [] if isinstance(e, dict) and e.get("evidence")
              and e.get("kind") in ("required", "nice")][:8]
    blocks = [header(title)]
    if payload.get("description"):
        blocks.append(section(escape(str(payload["description"]))))
    elif reply.text:
        blocks += text_sections(reply.text)
    if facts:
        blocks.append(fields(facts))
    if quoted:  # each requirement with the posting's own sentence
        lines = [f"• *{escape(str(e['value']))}* ({'required' if e['kind'] == 'required' else 'nice to have'}): "
                 f"_{escape(str(e['evidence']))[:300]}_" for e in quoted]
        blocks.append(section("From the posting:\n" + "\n".join(lines)))
    return blocks + actions(payload_buttons(payload.get("buttons"))) + rasa_buttons(reply)


@renders("course_list", "courses")
def course_list(reply: BotReply) -> list[Block]:
    """Courses as a list with links: `courses: [{title, provider?, hours?, level?, url?, reason?}]`."""
    courses = (reply.payload or {}).get("courses") or []
    if not courses:
        return generic(reply)
    blocks = text_sections(reply.text.split("\n", 1)[0]) if reply.text else []
    for course in courses[:MAX_CARDS]:
        title = escape(str(course.get("title", "")))
        url = str(course.get("url") or "")
        head = f"*<{url}|{title}>*" if url.startswith(("https://", "http://")) else f"*{title}*"
        facts = [escape(label(course[k])) for k in ("provider", "level") if course.get(k)]
        if course.get("hours"):
            facts.append(f"{course['hours']} h")
        why = f"\n_{escape(str(course['reason']))}_" if course.get("reason") else ""
        blocks.append(section(head + (f"\n{' · '.join(facts)}" if facts else "") + why))
        blocks += actions(payload_buttons(course.get("buttons")))
    return blocks + rasa_buttons(reply)
