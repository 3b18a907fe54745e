"""hrbot's REST channel over real HTTP: only the channel secret vouches for a sender id, and senders are rate limited."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from itertools import count
from typing import Any

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from rasa_server.channels import SECRET_HEADER, VERIFIED_KEY, SlidingWindow, VerifiedRestInput

SECRET = "channel-test-secret"
_apps = count()


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def several_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sanic's test mode: one app per test in one process (its start-up code rewriting happens once)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def exchange(channel: VerifiedRestInput, talk: Callable[[httpx.AsyncClient, str], Awaitable[None]]) -> list[UserMessage]:
    """Serve `channel` on loopback, run `talk(client, webhook)`; the messages that reached the dialogue."""
    reached: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        reached.append(message)
        await message.output_channel.send_text_message(message.sender_id, "processed")

    async def go() -> None:
        app = Sanic(f"channel_test_{next(_apps)}")
        app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/rest")
        port = free_port()
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        serving = asyncio.ensure_future(server.serve_forever())
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                await talk(client, f"http://127.0.0.1:{port}/webhooks/rest/webhook")
        finally:
            server.close()
            await server.wait_closed()
            serving.cancel()

    asyncio.run(go())
    return reached


def test_only_the_secret_vouches_and_a_forged_flag_is_overwritten() -> None:
    answers: list[Any] = []

    async def talk(client: httpx.AsyncClient, url: str) -> None:
        forged = {"sender": "recruiter", "message": "hi", "input_channel": "slack", "metadata": {VERIFIED_KEY: True, "x": 1}}
        answers.append((await client.post(url, json=forged)).json())
        vouched = {"sender": "recruiter", "message": "hi", "metadata": {"x": 2}}
        answers.append((await client.post(url, json=vouched, headers={SECRET_HEADER: SECRET})).json())

    forged, vouched = exchange(VerifiedRestInput(SECRET), talk)
    assert (forged.sender_id, forged.metadata, forged.input_channel) == ("anon:recruiter", {VERIFIED_KEY: False, "x": 1}, "rest")
    assert (vouched.sender_id, vouched.metadata) == ("recruiter", {VERIFIED_KEY: True, "x": 2})
    assert answers == [[{"recipient_id": "anon:recruiter", "text": "processed"}], [{"recipient_id": "recruiter", "text": "processed"}]]


def test_a_wrong_secret_is_refused_and_nothing_is_processed() -> None:
    statuses: list[int] = []

    async def talk(client: httpx.AsyncClient, url: str) -> None:
        for given in ("wrong", SECRET[:-1], ""):
            reply = await client.post(url, json={"sender": "recruiter", "message": "hi"}, headers={SECRET_HEADER: given})
            statuses.append(reply.status_code)

    assert exchange(VerifiedRestInput(SECRET), talk) == [] and statuses == [401, 401, 401]


def test_without_a_configured_secret_nobody_is_vouched_for() -> None:
    async def talk(client: httpx.AsyncClient, url: str) -> None:
        await client.post(url, json={"sender": "recruiter", "message": "hi"}, headers={SECRET_HEADER: ""})

    (message,) = exchange(VerifiedRestInput(""), talk)
    assert message.sender_id == "anon:recruiter" and message.metadata[VERIFIED_KEY] is False


def test_over_the_rate_limit_the_answer_says_when_and_nothing_is_processed() -> None:
    clock = Clock()
    replies: list[str] = []

    async def say(client: httpx.AsyncClient, url: str, sender: str) -> None:
        reply = await client.post(url, json={"sender": sender, "message": "hi"}, headers={SECRET_HEADER: SECRET})
        replies.append(reply.json()[0]["text"])

    async def talk(client: httpx.AsyncClient, url: str) -> None:
        await say(client, url, "rita")
        clock.now += 15
        await say(client, url, "rita")
        await say(client, url, "rita")  # the third in a minute
        await say(client, url, "ellen")  # someone else is not held up
        clock.now += 45  # the first one leaves the window
        await say(client, url, "rita")

    reached = exchange(VerifiedRestInput(SECRET, rate_limit=2, clock=clock), talk)
    assert [m.sender_id for m in reached] == ["rita", "rita", "ellen", "rita"]
    assert replies[2] == "You're sending messages faster than I can take them: please wait 45 s and try again."
    assert [r for i, r in enumerate(replies) if i != 2] == ["processed"] * 4


def test_the_window_slides_and_zero_means_no_limit() -> None:
    clock = Clock()
    window = SlidingWindow(3, clock=clock)
    assert [window.wait("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 10
    assert window.wait("a") == pytest.approx(50.0)
    clock.now += 50
    assert window.wait("a") == 0.0 and window.wait("b") == 0.0
    assert all(SlidingWindow(0).wait("a") == 0.0 for _ in range(100))


def test_settings_come_from_credentials_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_CHANNEL_SECRET", " from-env ")
    monkeypatch.setenv("HRBOT_RATE_LIMIT", "7")
    channel = VerifiedRestInput.from_credentials(None)
    assert (channel.secret, channel.limiter.limit, channel.name()) == ("from-env", 7, "rest")
    channel = VerifiedRestInput.from_credentials({"secret": "given", "rate_limit": 3})
    assert (channel.secret, channel.limiter.limit) == ("given", 3)
    monkeypatch.setenv("HRBOT_RATE_LIMIT", "lots")
    assert VerifiedRestInput.from_credentials({}).limiter.limit == 30
