"""The bolt app: a Slack client that honours rate limits, retry dedup, and the listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from connectors.rasa_client import AsyncRasaClient, webhook_url
from connectors.slack.bridge import Bridge
from connectors.slack.config import SlackConfig
from connectors.slack.dedupe import SeenEvents
from connectors.slack.listeners import register_all


def web_client(config: SlackConfig) -> AsyncWebClient:
    """Web API client; on 429 it waits Retry-After seconds and tries again (up to 3 times)."""
    return AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_url,
        retry_handlers=[AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=3)],
    )


def build_app(config: SlackConfig, rasa: AsyncRasaClient | None = None) -> AsyncApp:
    """The Slack app answering from Rasa at `config.rasa_url` (acks first, work after)."""
    app = AsyncApp(
        name="hrbot",
        client=web_client(config),
        signing_secret=config.signing_secret,
        process_before_response=False,
    )
    app.use(SeenEvents().middleware)
    register_all(app, Bridge(rasa or AsyncRasaClient(webhook_url(config.rasa_url), config.rasa_timeout)))
    return app
