"""A whole turn as one Slack message: each reply by its renderer, a broken one by the generic one."""

from __future__ import annotations

import logging

from connectors.slack.blockkit import Block, clip, divider, finalize
from connectors.slack.renderers.basic import generic
from connectors.slack.renderers.parts import feedback_blocks
from connectors.slack.renderers.registry import renderer_for
from connectors.slack.turns import BotReply

log = logging.getLogger(__name__)

MAX_FALLBACK_TEXT = 3000


def render_reply(reply: BotReply) -> list[Block]:
    """Blocks for one reply; a renderer that trips over an odd payload falls back to generic."""
    try:
        blocks = renderer_for(reply.type)(reply)
    except Exception:  # noqa: BLE001 - a malformed payload must still show the text
        log.exception("renderer for %r failed; using the generic one", reply.type)
        blocks = generic(reply)
    return blocks + feedback_blocks(reply)


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
