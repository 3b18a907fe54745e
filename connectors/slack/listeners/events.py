"""Events API listeners: direct messages, @mentions and the Home tab (bolt acks events itself)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from connectors.slack.bridge import Bridge
from connectors.slack.conversation import for_message
from connectors.slack.home import home_view
from connectors.slack.profiles import display_name, role_of

MENTION = re.compile(r"<@[UW][A-Z0-9]+(\|[^>]*)?>")


def question_text(event: dict[str, Any]) -> str:
    """The message without @mentions; an empty mention is taken as a greeting."""
    return MENTION.sub("", str(event.get("text") or "")).strip() or "hello"


async def handle_app_mention(event: dict[str, Any], client: AsyncWebClient, bridge: Bridge) -> None:
    """A mention in a channel: answer in its thread."""
    if event.get("user") and not event.get("bot_id"):
        await bridge.converse(client, for_message(event), question_text(event))


async def handle_message(event: dict[str, Any], client: AsyncWebClient, bridge: Bridge) -> None:
    """A direct message (edits, bot posts and channel chatter are not questions)."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return
    await bridge.converse(client, for_message(event), question_text(event))


async def handle_app_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
    """Publish the Home tab for this user's role."""
    if event.get("tab", "home") != "home":
        return
    user = str(event["user"])
    await client.views_publish(user_id=user, view=home_view(await display_name(client, user), await role_of(user)))


def register(app: AsyncApp) -> None:
    """Messages and mentions go to Rasa; opening the Home tab publishes it."""
    app.event("app_mention")(handle_app_mention)
    app.event("message")(handle_message)
    app.event("app_home_opened")(handle_app_home_opened)
