"""Block Kit renderers, one per payload `type`, with a generic fallback for types not known yet."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from connectors.slack.blockkit import (
    Block, actions, button, clip, context, divider, escape, fields, finalize, header, section, select, text_sections,
)
from connectors.slack.turns import BotReply
from store.models import Stage

log = logging.getLogger(__name__)

Renderer = Callable[[BotReply], list[Block]]
_REGISTRY: dict[str, Renderer] = {}
MAX_FALLBACK_TEXT = 3000
MAX_CARDS = 10


def renders(*types: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for payload types; a later registration replaces an earlier one."""

    def decorate(fn: Renderer) -> Renderer:
        for name in types:
            _REGISTRY[name] = fn
        return fn

    return decorate


def renderer_for(payload_type: str) -> Renderer:
    """The registered renderer, or the generic one."""
    return _REGISTRY.get(payload_type, generic)


def render_reply(reply: BotReply) -> list[Block]:
    """Blocks for one reply; a renderer that trips over an odd payload falls back to generic."""
    try:
        blocks = renderer_for(reply.type)(reply)
    except Exception:  # noqa: BLE001 - a malformed payload must still show the text
        log.exception("renderer for %r failed; using the generic one", reply.type)
        blocks = generic(reply)
    return blocks + _feedback_blocks(reply)


def render_turn(replies: list[BotReply]) -> tuple[str, list[Block]]:
    """Notification text and the blocks of one Slack message holding everything Rasa said."""
    blocks: list[Block] = []
    for reply in replies:
        rendered = render_reply(reply)
        if blocks and rendered:
            blocks.append(divider())
        blocks.extend(rendered)
    text = "\n\n".join(r.text for r in replies if r.text) or _summary(replies)
    return clip(text, MAX_FALLBACK_TEXT), finalize(blocks)


def _summary(replies: list[BotReply]) -> str:
    """Notification text for replies that have only a payload."""
    return ", ".join(r.type.replace("_", " ") for r in replies if r.type) or "hrbot"


def _rasa_buttons(reply: BotReply, *, once: bool = False) -> list[Block]:
    """Rasa's own buttons (title + payload) as an action row."""
    return actions([button(str(b.get("title", "")), str(b.get("payload", "")), once=once) for b in reply.buttons])


def _payload_buttons(items: Any, *, once: bool = False) -> list[Block | None]:
    """`buttons: [{title, payload}]` a payload or a list item brings along."""
    if not isinstance(items, list):
        return []
    return [
        button(str(b.get("title", "")), str(b.get("payload", "")), once=once, style=b.get("style"))
        for b in items
        if isinstance(b, dict)
    ]


def _label(value: Any) -> str:
    """A payload value as short readable text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_label(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_label(v)}" for k, v in value.items())
    return str(value).replace("_", " ") if isinstance(value, str) and value.islower() else str(value)


def _feedback_blocks(reply: BotReply) -> list[Block]:
    """Thumbs up/down under any reply whose payload asks for feedback (`feedback: {item_type, item_id}`)."""
    payload = reply.payload or {}
    about = payload.get("feedback")
    if reply.type == "feedback" or not about:
        return []
    return _thumbs(about if isinstance(about, dict) else {})


def _thumbs(about: dict[str, Any]) -> list[Block]:
    """The two feedback buttons: a yes or no to the assistant, naming what is rated."""
    def payload(intent: str) -> str:
        rated = {k: str(about[k]) for k in ("item_type", "item_id") if k in about}
        return f"/{intent}" + (json.dumps(rated) if rated else "")

    row = actions([
        button("👍 Helpful", payload("affirm"), once=True), button("👎 Not helpful", payload("deny"), once=True),
    ])
    return [context("Was this useful?"), *row]


@renders("")
def generic(reply: BotReply) -> list[Block]:
    """Text, then any list of items in the payload as short cards, then the buttons."""
    blocks = text_sections(reply.text)
    payload = reply.payload or {}
    if not reply.text:
        for key, value in payload.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                blocks.append(section(f"*{escape(key.replace('_', ' ').capitalize())}*"))
                for item in value[:MAX_CARDS]:
                    blocks.append(section(_item_line(item)))
            elif key not in {"type", "buttons", "feedback"} and isinstance(value, (str, int, float)):
                blocks.append(section(f"*{escape(key.replace('_', ' '))}*: {escape(str(value))}"))
    blocks += _rasa_buttons(reply)
    blocks += actions(_payload_buttons(payload.get("buttons")))
    return blocks


def _item_line(item: dict[str, Any]) -> str:
    """One list item: its name or title in bold, the other plain values after it."""
    name = next((str(item[k]) for k in ("name", "title", "label") if item.get(k)), "")
    rest = [_label(v) for k, v in item.items() if k not in {"name", "title", "label", "buttons"} and not k.endswith("id")]
    line = " · ".join(escape(r) for r in rest if r)
    return f"*{escape(name)}*  {line}".strip() if name else line or " "


@renders("help")
def help_reply(reply: BotReply) -> list[Block]:
    """What the assistant can do, with the examples as buttons that ask them."""
    examples = [str(e) for e in (reply.payload or {}).get("examples") or []]
    buttons = [button(e, e) for e in examples]
    return text_sections(reply.text) + ([context("Try one:")] + actions(buttons) if examples else [])


@renders("error")
def error_reply(reply: BotReply) -> list[Block]:
    """Errors stand out, and say nothing was changed (the wording comes from the bot)."""
    return [section(f":warning: {escape(reply.text)}")] + _rasa_buttons(reply)


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
    return blocks + _rasa_buttons(reply)


def _stage_line(application: dict[str, Any]) -> str:
    """`Phone screen · since 2026-03-02`."""
    stage = str(application.get("stage_label") or _label(application.get("stage", "")))
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
        row = _rasa_buttons(reply, once=True)
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
            extra.append(f"match {_score(person['score'])}")
        if person.get("skills"):
            extra.append(escape(_label(person["skills"][:6])))
        blocks.append(section(_person_head(person) + (f"\n{' · '.join(extra)}" if extra else "")))
        if person.get("buttons"):
            blocks += actions(_payload_buttons(person["buttons"]))
            continue
        stages = payload.get("stages") or [s.value for s in Stage]
        blocks += actions([
            button("View profile", f"show the profile of {name}"),
            button("Shortlist", f"shortlist {name}" + (f" for {role}" if role else ""), style="primary"),
            select("Move stage…", [(_label(s), f"move {name} to {_label(s)}") for s in stages]),
        ])
    if len(people) >= 2:
        names = [str(p.get("name", "")) for p in people[:3]]
        compare = "compare " + ", ".join(names[:-1]) + " and " + names[-1]
        blocks += actions([button(f"Compare top {len(names)}", compare)])
    return blocks + _rasa_buttons(reply)


def _score(value: Any) -> str:
    """0.87 -> 87%; anything else as is."""
    return f"{value * 100:.0f}%" if isinstance(value, float) and 0 <= value <= 1 else str(value)


@renders("role_card", "role")
def role_card(reply: BotReply) -> list[Block]:
    """A role: title, then its facts (level, location, pay band, skills) as fields."""
    payload = reply.payload or {}
    title = str(payload.get("title") or payload.get("name") or "")
    if not title:
        return generic(reply)
    facts = [
        (k.replace("_", " ").capitalize(), _label(v))
        for k, v in payload.items()
        if k not in {"type", "title", "name", "buttons", "feedback", "description"} and not k.endswith("id") and v
    ]
    blocks = [header(title)]
    if payload.get("description"):
        blocks.append(section(escape(str(payload["description"]))))
    elif reply.text:
        blocks += text_sections(reply.text)
    if facts:
        blocks.append(fields(facts))
    return blocks + actions(_payload_buttons(payload.get("buttons"))) + _rasa_buttons(reply)


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
        facts = [escape(_label(course[k])) for k in ("provider", "level") if course.get(k)]
        if course.get("hours"):
            facts.append(f"{course['hours']} h")
        why = f"\n_{escape(str(course['reason']))}_" if course.get("reason") else ""
        blocks.append(section(head + (f"\n{' · '.join(facts)}" if facts else "") + why))
        blocks += actions(_payload_buttons(course.get("buttons")))
    return blocks + _rasa_buttons(reply)


@renders("confirmation", "confirm")
def confirmation(reply: BotReply) -> list[Block]:
    """A write waiting for a yes or no: one-shot Yes (affirm) / No (deny) buttons."""
    payload = reply.payload or {}
    text = reply.text or str(payload.get("summary") or payload.get("question") or "Shall I go ahead?")
    if reply.buttons:
        row = _rasa_buttons(reply, once=True)
    else:
        row = actions([
            button(str(payload.get("yes") or "Yes, do it"), "/affirm", once=True, style="primary"),
            button(str(payload.get("no") or "No"), "/deny", once=True),
        ])
    return text_sections(text) + row


@renders("feedback")
def feedback(reply: BotReply) -> list[Block]:
    """A standalone request for feedback on a recommendation."""
    return text_sections(reply.text) + _thumbs(reply.payload or {})
