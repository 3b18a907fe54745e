"""Talking to Rasa's REST channel, the one every channel speaks: a sync face and an async face.

Both build the same request (one message size limit), read the replies the same way and turn
every failure (down, timed out, erroring, not JSON) into `RasaUnavailable`, which each channel
answers with its own clear message. Both send the channel secret, which makes Rasa trust the
sender id (rasa_server/channels.py); `verified=False` sends a message as an anonymous caller.
Calls to Rasa's HTTP API (/status, /conversations, /model/parse) add `api_params()`: its token.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from connectors.errors import ConnectorError
from connectors.secrets import CHANNEL, CHANNEL_HEADER, RASA_API, shared_secret

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
"""Longer messages are cut to this many characters before they reach Rasa."""
DEFAULT_TIMEOUT = 60.0
WEBHOOK_PATH = "/webhooks/rest/webhook"

Replies = list[dict[str, Any]]


class RasaUnavailable(ConnectorError, RuntimeError):
    """Rasa did not answer (down, timed out or erroring); the user gets a clear message instead."""

    def __init__(self, webhook: str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.webhook = webhook
        self.cause = type(cause).__name__
        """The kind of failure (ConnectError, ReadTimeout, ...), for messages that name it."""


def webhook_url(base_url: str) -> str:
    """The REST channel of the Rasa server at `base_url`."""
    return f"{base_url.rstrip('/')}{WEBHOOK_PATH}"


def request_body(sender: str, text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """What one user message looks like to Rasa: sender, the text within the limit, optional metadata."""
    body: dict[str, Any] = {"sender": sender, "message": text[:MAX_MESSAGE_CHARS]}
    if metadata:
        body["metadata"] = metadata
    return body


def channel_headers(secret: str | None = None, verified: bool = True) -> dict[str, str]:
    """The header that vouches for the sender id (none for an anonymous message)."""
    return {CHANNEL_HEADER: secret or shared_secret(CHANNEL)} if verified else {}


def api_params(token: str | None = None) -> dict[str, str]:
    """The query parameter Rasa's HTTP API wants (`--auth-token`): the configured or generated token."""
    return {"token": token or shared_secret(RASA_API)}


def replies_of(response: httpx.Response) -> Replies:
    """Rasa's replies (text, buttons, custom payloads); an HTTP error status or bad JSON raises."""
    response.raise_for_status()
    replies = response.json()
    return replies if isinstance(replies, list) else []


@contextmanager
def unavailable_on_error(webhook: str) -> Iterator[None]:
    """Any transport, status or JSON failure inside becomes `RasaUnavailable` (logged once)."""
    try:
        yield
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("Rasa at %s unavailable: %s", webhook, exc)
        raise RasaUnavailable(webhook, exc) from exc


class _ChannelSecret:
    """The channel secret of a client, read once (its file is not read again on every message)."""

    secret: str | None

    def _secret(self) -> str:
        if not self.secret:
            self.secret = shared_secret(CHANNEL)
        return self.secret


class RasaClient(_ChannelSecret):
    """The sync face (terminal, web chat): one pooled HTTP client, safe to share between threads."""

    def __init__(
        self, webhook: str, timeout: float = DEFAULT_TIMEOUT, transport: httpx.BaseTransport | None = None,
        secret: str | None = None,
    ) -> None:
        self.webhook = webhook
        self.timeout = timeout
        self.secret = secret
        """The channel secret (None: the configured or generated one, read at the first message)."""
        self._client = httpx.Client(timeout=timeout, transport=transport)

    def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None, verified: bool = True) -> Replies:
        """One user message in; Rasa's replies out. `verified=False`: Rasa treats the sender as anonymous."""
        with unavailable_on_error(self.webhook):
            headers = channel_headers(self._secret(), verified)
            return replies_of(self._client.post(self.webhook, json=request_body(sender, text, metadata), headers=headers))

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()


class AsyncRasaClient(_ChannelSecret):
    """The async face (Slack): one pooled HTTP client for all conversations, made inside the running loop."""

    def __init__(
        self, webhook: str, timeout: float = DEFAULT_TIMEOUT, transport: httpx.AsyncBaseTransport | None = None,
        secret: str | None = None,
    ) -> None:
        self.webhook = webhook
        self.timeout = timeout
        self.secret = secret
        """The channel secret (None: the configured or generated one, read at the first message)."""
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, transport=self._transport)
        return self._client

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> Replies:
        """One user message in; Rasa's replies out."""
        with unavailable_on_error(self.webhook):
            headers = channel_headers(self._secret())
            return replies_of(await self._http().post(self.webhook, json=request_body(sender, text, metadata), headers=headers))

    async def aclose(self) -> None:
        """Close pooled connections (on shutdown)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
