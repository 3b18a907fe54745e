"""One user turn: the text into Rasa, the rendered replies back into the right Slack thread."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from connectors.rasa_client import AsyncRasaClient, RasaUnavailable
from connectors.slack.blockkit import escape, section
from connectors.slack.conversation import Conversation
from connectors.slack.renderers import render_turn
from connectors.slack.turns import BotReply, group

log = logging.getLogger(__name__)

Respond = Callable[..., Awaitable[Any]]
CONTEXT_KEY = "bridge"
"""Where `middleware` puts the bridge in bolt's context, so a listener takes `bridge` as an argument."""

RASA_DOWN = (
    "I can't reach the assistant right now, so I couldn't answer that. Nothing was changed; "
    "please try again in a minute."
)
NO_REPLY = "I don't have an answer to that. Type 'help' to see what I can do."
MAX_CHART_BYTES = 2_000_000


@dataclass(frozen=True)
class Chart:
    """A PNG chart a reply carries (the workforce forecast), to upload into the thread."""

    png: bytes
    alt: str


def charts_of(replies: list[BotReply]) -> list[Chart]:
    """The valid PNG charts in the replies' payloads (anything else is ignored)."""
    out = []
    for reply in replies:
        chart = (reply.payload or {}).get("chart")
        if not isinstance(chart, dict) or chart.get("mime") != "image/png":
            continue
        try:
            png = base64.b64decode(str(chart.get("base64") or ""), validate=True)
        except (binascii.Error, ValueError):
            continue
        if png.startswith(b"\x89PNG") and len(png) <= MAX_CHART_BYTES:
            out.append(Chart(png, str(chart.get("alt") or "chart")))
    return out


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

    async def answer(self, convo: Conversation, text: str) -> tuple[str, list[dict[str, Any]], list[Chart]]:
        """Rasa's replies to `text` as (notification text, blocks, charts to upload); an outage becomes a
        clear message."""
        try:
            messages = await self.rasa.send(convo.sender, text, convo.metadata())
        except RasaUnavailable:
            return RASA_DOWN, [section(f":warning: {escape(RASA_DOWN)}")], []
        replies = group(messages)
        fallback, blocks = render_turn(replies)
        if not blocks:
            return NO_REPLY, [section(escape(NO_REPLY))], []
        return fallback, blocks, charts_of(replies)

    async def upload_charts(self, client: AsyncWebClient, convo: Conversation, charts: list[Chart]) -> None:
        """Each chart as a PNG file in the conversation's thread (needs the files:write scope)."""
        for chart in charts:
            try:
                await client.files_upload_v2(channel=convo.channel, thread_ts=convo.thread_ts, content=chart.png,
                                             filename="chart.png", title=chart.alt[:200])
            except SlackApiError as exc:
                log.warning("could not upload a chart to %s: %s", convo.channel, exc.response.get("error"))

    async def converse(
        self, client: AsyncWebClient, convo: Conversation, text: str, respond: Respond | None = None
    ) -> None:
        """Answer in the conversation's thread, or through `respond` (slash commands, ephemeral)."""
        async with self._lock(convo.sender):
            fallback, blocks, charts = await self.answer(convo, text)
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
                return
            if respond is None:  # an ephemeral answer (slash command) has no thread to put a file in
                await self.upload_charts(client, convo, charts)

    async def ask_in_dm(self, client: AsyncWebClient, user: str, question: str) -> None:
        """A question from the Home tab or the modal: start a DM thread with it and answer there."""
        try:
            opened = await client.chat_postMessage(channel=user, text=f"You asked: {escape(question)}"[:3000])
        except SlackApiError as exc:
            log.warning("could not open a DM with %s: %s", user, exc.response.get("error"))
            return
        convo = Conversation(user, str(opened["channel"]), str(opened["ts"]))
        await self.converse(client, convo, question)
