"""The `/hr <question>` slash command: answered privately (ephemeral) in the channel it came from."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from connectors.slack.bridge import Bridge
from connectors.slack.conversation import for_slash

COMMAND = "/hr"


async def handle_hr_command(
    ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond, bridge: Bridge
) -> None:
    """Ack within Slack's 3 seconds, then ask Rasa and answer through the response_url (no text: help)."""
    await ack()
    text = str(command.get("text") or "").strip() or "help"
    convo = for_slash(str(command["user_id"]), str(command["channel_id"]))
    await bridge.converse(client, convo, text, respond=respond)


def register(app: AsyncApp) -> None:
    """`/hr`."""
    app.command(COMMAND)(handle_hr_command)
