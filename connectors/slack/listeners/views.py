"""Modal submissions: the ask modal's question is answered in the user's DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from connectors.slack.bridge import Bridge
from connectors.slack.home import ASK_BLOCK, ASK_VIEW, submitted_question


async def handle_ask_submission(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient, bridge: Bridge
) -> None:
    """Close the modal (or show an error in it), then answer in the DM."""
    question = submitted_question(view)
    if not question:
        await ack(response_action="errors", errors={ASK_BLOCK: "Type a question first."})
        return
    await ack()
    await bridge.ask_in_dm(client, str(body["user"]["id"]), question)


def register(app: AsyncApp) -> None:
    """The ask modal."""
    app.view(ASK_VIEW)(handle_ask_submission)
