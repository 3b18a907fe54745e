"""Button and menu clicks: ack at once, then the choice goes back into the conversation."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from connectors.slack.blockkit import ONCE, context, escape, kind_of
from connectors.slack.bridge import Bridge
from connectors.slack.conversation import Conversation, for_slash
from connectors.slack.home import HOME_ASK_ACTION, ask_modal

log = logging.getLogger(__name__)

CHOICE = re.compile(r"^hr:(say|once|pick):\d+$")


def chosen(action: dict[str, Any]) -> tuple[str, str]:
    """(payload for Rasa, label the user saw) of a clicked button or picked menu option."""
    option = action.get("selected_option")
    if option:
        return str(option.get("value", "")), str((option.get("text") or {}).get("text", ""))
    return str(action.get("value", "")), str((action.get("text") or {}).get("text", ""))


def choice_label(blocks: list[dict[str, Any]], action: dict[str, Any], title: str) -> str:
    """Mrkdwn naming the choice: the card a "This one" button sits on, else the button's text."""
    for block in blocks:
        if block.get("block_id") == action.get("block_id") and block.get("accessory") and block.get("text"):
            return " · ".join(line for line in str(block["text"].get("text", "")).split("\n") if line)
    return f"*{escape(title)}*"


def closed_blocks(blocks: list[dict[str, Any]], user: str, label: str) -> list[dict[str, Any]]:
    """The message with its one-shot buttons replaced by a note of who chose what (`label` is mrkdwn)."""
    kept: list[dict[str, Any]] = []
    for block in blocks:
        block = dict(block)
        if kind_of(str((block.get("accessory") or {}).get("action_id", ""))) == ONCE:
            block.pop("accessory")
        if block.get("type") == "actions":
            block["elements"] = [e for e in block.get("elements") or [] if kind_of(str(e.get("action_id", ""))) != ONCE]
            if not block["elements"]:
                continue
        kept.append(block)
    return kept + [context(f"<@{user}> chose {label}")]


async def handle_choice(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    bridge: Bridge,
) -> None:
    """Send the choice as the user's next message, in the conversation it was offered in."""
    await ack()
    user = str(body["user"]["id"])
    payload, label = chosen(action)
    if not payload:
        return
    container = body.get("container") or {}
    if container.get("type") == "view":
        await bridge.ask_in_dm(client, user, payload)
        return
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id"))
    if container.get("is_ephemeral"):
        await bridge.converse(client, for_slash(user, channel), payload, respond=respond)
        return
    message = body.get("message") or {}
    thread = str(message.get("thread_ts") or message.get("ts") or container.get("message_ts"))
    if kind_of(str(action.get("action_id", ""))) == ONCE and message.get("ts"):
        blocks = message.get("blocks") or []
        try:
            await client.chat_update(
                channel=channel, ts=message["ts"], text=str(message.get("text") or label),
                blocks=closed_blocks(blocks, user, choice_label(blocks, action, label)),
            )
        except SlackApiError as exc:
            log.info("could not close the choice: %s", exc.response.get("error"))
    await bridge.converse(client, Conversation(user, channel, thread), payload)


async def handle_home_ask(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    """Open the ask modal (trigger ids expire in 3 s, so right after the ack)."""
    await ack()
    await client.views_open(trigger_id=body["trigger_id"], view=ask_modal())


def register(app: AsyncApp) -> None:
    """Choices from messages, ephemeral answers and the Home tab; the Home tab's ask button."""
    app.action(CHOICE)(handle_choice)
    app.action(HOME_ASK_ACTION)(handle_home_ask)
