"""One Rasa REST client, two faces: the same request, the same limit, the same failure."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from connectors.rasa_client import (
    MAX_MESSAGE_CHARS, AsyncRasaClient, RasaClient, RasaUnavailable, api_params, request_body, webhook_url,
)

WEBHOOK = "http://rasa.test/webhooks/rest/webhook"


def answering(status: int = 200, body: Any = None, seen: list[dict[str, Any]] | None = None) -> httpx.MockTransport:
    """A transport that records each request body and answers with `status` and `body`."""

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        content = body if isinstance(body, bytes) else json.dumps(body if body is not None else []).encode()
        return httpx.Response(status, content=content, headers={"Content-Type": "application/json"})

    return httpx.MockTransport(handle)


def refusing() -> httpx.MockTransport:
    """A transport whose every request fails to connect."""

    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    return httpx.MockTransport(handle)


def send_sync(transport: httpx.MockTransport, text: str = "hi", metadata: dict[str, Any] | None = None) -> list:
    return RasaClient(WEBHOOK, transport=transport).send("rita", text, metadata)


def send_async(transport: httpx.MockTransport, text: str = "hi", metadata: dict[str, Any] | None = None) -> list:
    async def go() -> list:
        client = AsyncRasaClient(WEBHOOK, transport=transport)
        try:
            return await client.send("rita", text, metadata)
        finally:
            await client.aclose()

    return asyncio.run(go())


FACES = pytest.mark.parametrize("send", [send_sync, send_async], ids=["sync", "async"])


def test_webhook_url_and_body() -> None:
    assert webhook_url("http://127.0.0.1:5005/") == "http://127.0.0.1:5005/webhooks/rest/webhook"
    assert request_body("u", "hello") == {"sender": "u", "message": "hello"}
    assert request_body("u", "x" * 9000, {"channel": "slack"})["message"] == "x" * MAX_MESSAGE_CHARS


@FACES
def test_replies_come_back_and_long_messages_are_cut(send: Any) -> None:
    seen: list[dict[str, Any]] = []
    replies = [{"recipient_id": "rita", "text": "hello"}]
    assert send(answering(body=replies, seen=seen), "y" * 6000, {"channel": "slack"}) == replies
    assert seen == [{"sender": "rita", "message": "y" * MAX_MESSAGE_CHARS, "metadata": {"channel": "slack"}}]


@FACES
def test_no_metadata_key_without_metadata_and_odd_json_is_no_reply(send: Any) -> None:
    seen: list[dict[str, Any]] = []
    assert send(answering(body={"not": "a list"}, seen=seen)) == []
    assert seen == [{"sender": "rita", "message": "hi"}]


@FACES
@pytest.mark.parametrize("transport, cause", [
    (refusing(), "ConnectError"),
    (answering(500, {"error": "boom"}), "HTTPStatusError"),
    (answering(200, b"<html>"), "JSONDecodeError"),
])
def test_every_failure_is_rasa_unavailable(send: Any, transport: httpx.MockTransport, cause: str) -> None:
    with pytest.raises(RasaUnavailable) as raised:
        send(transport)
    assert raised.value.cause == cause and raised.value.webhook == WEBHOOK


def headers_seen(send: Any, **kwargs: Any) -> list[httpx.Headers]:
    """The headers of each request `send` makes."""
    seen: list[httpx.Headers] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json=[])

    send(httpx.MockTransport(handle), **kwargs)
    return seen


@FACES
def test_the_channel_secret_vouches_for_the_sender(send: Any, channel_secrets: dict[str, str]) -> None:
    (headers,) = headers_seen(send)
    assert headers["X-Hrbot-Channel-Secret"] == channel_secrets["HRBOT_CHANNEL_SECRET"]


def test_an_anonymous_message_carries_no_secret() -> None:
    (headers,) = headers_seen(lambda t: RasaClient(WEBHOOK, transport=t).send("guest-1", "hi", verified=False))
    assert "X-Hrbot-Channel-Secret" not in headers


def test_a_given_secret_and_the_api_token(channel_secrets: dict[str, str]) -> None:
    (headers,) = headers_seen(lambda t: RasaClient(WEBHOOK, transport=t, secret="mine").send("rita", "hi"))
    assert headers["X-Hrbot-Channel-Secret"] == "mine"
    assert api_params() == {"token": channel_secrets["HRBOT_RASA_TOKEN"]} and api_params("t") == {"token": "t"}
