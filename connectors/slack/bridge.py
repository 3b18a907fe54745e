"""One user turn: the text into Rasa, the rendered replies back into the right Slack thread."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from connectors.rasa_client import AsyncRasaClient, RasaUnavailable
from connectors.slack.blockkit import escape, section
from connectors.slack.conversation import Conversation
from connectors.slack.renderers import render_turn
from connectors.slack.turns import group

log = logging.getLogger(__name__)

Respond = Callable[..., Awaitable[Any]]
CONTEXT_KEY = "bridge"
"""Where `middleware` puts the bridge in bolt's context, so a listener takes `bridge` as an argument."""

RASA_DOWN = (
    "I can't reach the assistant right now, so I couldn't answer that. Nothing was changed; "
    "please try again in a minute."
)
NO_REPLY = "I don't have an answer to that. Type 'help' to see what I can do."


class Bridge:
    """Forwards turns to Rasa one at a time per conversation, so replies keep their order."""

    def __init__(self, rasa: AsyncRasaClient) -> None:
        self.rasa = rasa
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def middleware(self, context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
        """Global bolt middleware: hands this bridge to every listener (as its `bridge` argument)."""
        context[CONTEXT_KEY] = self
        await next_()

    def _lock(self, sender: str) -> asyncio.Lock:
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        return lock

    async def answer(self, convo: Conversation, text: str) -> tuple[str, list[dict[str, Any]]]:
        """Rasa's replies to `text` as (notification text, blocks); an outage becomes a clear message."""
        try:
            messages = await self.rasa.send(convo.sender, text, convo.metadata())
        except RasaUnavailable:
            return RASA_DOWN, [section(f":warning: {escape(RASA_DOWN)}")]
        fallback, blocks = render_turn(group(messages))
        if not blocks:
            return NO_REPLY, [section(escape(NO_REPLY))]
        return fallback, blocks

    async def converse(
        self, client: AsyncWebClient, convo: Conversation, text: str, respond: Respond | None = None
    ) -> None:
        """Answer in the conversation's thread, or through `respond` (slash commands, ephemeral)."""
        async with self._lock(convo.sender):
            fallback, blocks = await self.answer(convo, text)
            try:
                if respond is not None:
                    await respond(text=fallback, blocks=blocks, response_type="ephemeral", replace_original=False)
                else:
                    await client.chat_postMessage(
                        channel=convo.channel, thread_ts=convo.thread_ts, text=fallback, blocks=blocks,
                        unfurl_links=False, unfurl_media=False,
                    )
            except SlackApiError as exc:
                log.warning("could not post to %s: %s", convo.channel, exc.response.get("error"))

    async def ask_in_dm(self, client: AsyncWebClient, user: str, question: str) -> None:
        """A question from the Home tab or the modal: start a DM thread with it and answer there."""
        try:
            opened = await client.chat_postMessage(channel=user, text=f"You asked: {escape(question)}"[:3000])
        except SlackApiError as exc:
            log.warning("could not open a DM with %s: %s", user, exc.response.get("error"))
            return
        convo = Conversation(user, str(opened["channel"]), str(opened["ts"]))
        await self.converse(client, convo, question)
