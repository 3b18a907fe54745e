"""Talking to Rasa's REST channel from the async Slack app."""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, timed out or erroring); the user gets a clear message instead."""


class RasaClient:
    """One pooled HTTP client for all conversations; created lazily inside the running loop."""

    def __init__(self, base_url: str, timeout: float = 60.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def webhook(self) -> str:
        """The REST channel every connector speaks."""
        return f"{self.base_url}/webhooks/rest/webhook"

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, transport=self._transport)
        return self._client

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One user message in; Rasa's replies (text, buttons, custom payloads) out."""
        body: dict[str, Any] = {"sender": sender, "message": text[:MAX_MESSAGE_CHARS]}
        if metadata:
            body["metadata"] = metadata
        try:
            response = await self._http().post(self.webhook, json=body)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("Rasa at %s unavailable: %s", self.webhook, exc)
            raise RasaUnavailable(str(exc)) from exc
        return replies if isinstance(replies, list) else []

    async def aclose(self) -> None:
        """Close pooled connections (on shutdown)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
