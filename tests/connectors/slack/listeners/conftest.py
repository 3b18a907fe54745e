"""Mocks for calling listeners directly, as bolt would: ack, respond, a Web API client, Rasa."""

from __future__ import annotations

from unittest.mock import AsyncMock

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from connectors.rasa_client import AsyncRasaClient
from connectors.slack.bridge import Bridge


@pytest.fixture
def ack() -> AsyncMock:
    """bolt's `ack` (an AsyncAck): records what was acknowledged."""
    return AsyncMock()


@pytest.fixture
def respond() -> AsyncMock:
    """bolt's `respond` (an AsyncRespond, posting to the response_url)."""
    return AsyncMock()


@pytest.fixture
def client() -> AsyncMock:
    """The Web API: chat.postMessage answers like Slack (a DM to a user id lands in D...)."""
    web = AsyncMock(spec=AsyncWebClient)
    web.chat_postMessage.side_effect = lambda **kw: {"channel": "D" + kw["channel"][1:], "ts": "1800000000.000001"}
    return web


@pytest.fixture
def rasa() -> AsyncMock:
    """Rasa answering every message with its text back."""
    fake = AsyncMock(spec=AsyncRasaClient)
    fake.send.side_effect = lambda sender, text, metadata=None: [{"recipient_id": sender, "text": f"you said: {text}"}]
    return fake


@pytest.fixture
def bridge(rasa: AsyncMock) -> Bridge:
    return Bridge(rasa)
