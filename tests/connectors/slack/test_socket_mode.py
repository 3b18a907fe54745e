"""Socket Mode: with SLACK_APP_TOKEN the app dials Slack's WebSocket, acks envelopes and answers."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from connectors.servers import free_port
from connectors.slack import SlackConfig, serve
from tests.connectors.slack.fakes import FakeRasa, FakeSlack


class FakeSocket:
    """Slack's Socket Mode endpoint: says hello, delivers queued envelopes, records the acks."""

    def __init__(self) -> None:
        self.port = free_port()
        self.acks: list[str] = []
        self.outbox: asyncio.Queue[dict[str, Any]] | None = None
        self.runner: web.AppRunner | None = None
        self.tasks: set[asyncio.Future[None]] = set()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        assert ready.wait(10)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.outbox = asyncio.Queue()
        app = web.Application()
        app.add_routes([web.get("/link", self._socket)])
        self.runner = runner = web.AppRunner(app, shutdown_timeout=1)
        self.loop.run_until_complete(runner.setup())
        self.loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        ready.set()
        self.loop.run_forever()

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})

        async def deliver() -> None:
            while True:
                await ws.send_json(await self.outbox.get())  # type: ignore[union-attr]

        sender = asyncio.ensure_future(deliver())
        self.tasks.add(sender)
        async for message in ws:
            if message.type == WSMsgType.TEXT and "envelope_id" in (data := json.loads(message.data)):
                self.acks.append(data["envelope_id"])
        sender.cancel()
        return ws

    async def _shutdown(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.runner.cleanup()  # type: ignore[union-attr]

    def send(self, envelope: dict[str, Any]) -> None:
        self.loop.call_soon_threadsafe(self.outbox.put_nowait, envelope)  # type: ignore[union-attr]

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def socket_app(fake_slack: FakeSlack, fake_rasa: FakeRasa) -> Iterator[FakeSocket]:
    """The app in Socket Mode, connected to the fake socket."""
    socket = FakeSocket()
    fake_slack.socket_url = socket.url
    config = SlackConfig(bot_token="xoxb-test", app_token="xapp-test", api_url=fake_slack.api_url, rasa_url=fake_rasa.url)
    loop = asyncio.new_event_loop()
    task = loop.create_task(serve(config))
    thread = threading.Thread(target=lambda: loop.run_until_complete(asyncio.wait([task])), daemon=True)
    thread.start()
    fake_slack.wait_for("apps.connections.open")
    yield socket
    loop.call_soon_threadsafe(task.cancel)
    thread.join(10)
    socket.close()
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def envelope(envelope_id: str, event_id: str, retry: int = 0) -> dict[str, Any]:
    """An events_api envelope carrying a DM, as Slack sends it over the socket."""
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U_REC", "text": "hello",
             "ts": "1700000000.000900", "event_ts": "1700000000.000900"}
    return {"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": retry, "retry_reason": "timeout" if retry else "",
            "payload": {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                        "event_time": 1700000000, "event": event,
                        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}}


def test_socket_mode_acks_answers_in_thread_and_drops_redeliveries(socket_app: FakeSocket, fake_slack: FakeSlack,
                                                                  fake_rasa: FakeRasa) -> None:
    socket_app.send(envelope("env-1", "EvSock"))
    post = fake_slack.posted()[0]
    assert post["thread_ts"] == "1700000000.000900" and post["text"] == "you said: hello"
    socket_app.send(envelope("env-2", "EvSock", retry=1))
    deadline = time.monotonic() + 5
    while len(socket_app.acks) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert socket_app.acks == ["env-1", "env-2"]
    time.sleep(0.5)
    assert len(fake_rasa.messages) == 1 and len(fake_slack.of("chat.postMessage")) == 1
