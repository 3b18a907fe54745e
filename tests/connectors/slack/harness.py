"""A running Slack app (HTTP mode) wired to a fake Slack Web API and a fake Rasa, all on loopback."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any
from urllib.parse import urlencode

import httpx
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from connectors.servers import free_port
from connectors.slack import SlackConfig, build_app, http_app
from tests.connectors.slack.fakes import FakeRasa, FakeSlack

SECRET = "test-signing-secret"


class SlackHarness:
    """The app's HTTP endpoint plus helpers that post signed Slack requests to it."""

    def __init__(self, url: str, slack: FakeSlack, rasa: FakeRasa) -> None:
        self.url = url
        self.slack = slack
        self.rasa = rasa
        self._events = 0

    def post(self, body: bytes, content_type: str, headers: dict[str, str] | None = None,
             signature: str | None = None, timestamp: int | None = None) -> httpx.Response:
        """POST raw bytes with Slack's signature headers (correct unless overridden)."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
        return httpx.post(self.url, content=body, timeout=10, headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, **(headers or {}),
        })

    def event(self, event: dict[str, Any], event_id: str | None = None, **kw: Any) -> httpx.Response:
        """An Events API callback."""
        self._events += 1
        body = {
            "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{self._events:04d}", "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        }
        return self.post(json.dumps(body).encode(), "application/json", **kw)

    def dm(self, text: str, user: str = "U_REC", ts: str = "1700000000.000100", **kw: Any) -> httpx.Response:
        """A direct message to the bot."""
        return self.event({"type": "message", "channel_type": "im", "channel": "D1", "user": user,
                           "text": text, "ts": ts, "event_ts": ts}, **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> httpx.Response:
        """A block_actions / view_submission payload, form-encoded as Slack sends it."""
        payload = {"team": {"id": "T1"}, "api_app_id": "A1", "token": "legacy", **payload}
        return self.post(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded", **kw)

    def command(self, text: str, user: str = "U_REC", channel: str = "C1", **kw: Any) -> httpx.Response:
        """`/hr <text>`."""
        form = {"command": "/hr", "text": text, "user_id": user, "channel_id": channel, "team_id": "T1",
                "api_app_id": "A1", "token": "legacy", "trigger_id": "trig",
                "response_url": f"{self.slack.url}/response/1"}
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded", **kw)


def _serve(config: SlackConfig, port: int, ready: threading.Event, stop: list[Any]) -> None:
    """The app's aiohttp server in its own event loop (this thread)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    runner = web.AppRunner(http_app(build_app(config), config.path))
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    stop.append(loop)
    ready.set()
    loop.run_forever()
    loop.run_until_complete(runner.cleanup())
    loop.close()


def start_app(slack: FakeSlack, rasa_url: str) -> tuple[str, list[Any]]:
    """Start the app against `rasa_url`; returns its endpoint and the handle to stop it."""
    config = SlackConfig(bot_token="xoxb-test", signing_secret=SECRET, api_url=slack.api_url, rasa_url=rasa_url,
                         rasa_timeout=10.0)
    port = free_port()
    ready, stop = threading.Event(), []
    threading.Thread(target=_serve, args=(config, port, ready, stop), daemon=True).start()
    assert ready.wait(10), "the Slack app did not start"
    return f"http://127.0.0.1:{port}{config.path}", stop


def stop_app(stop: list[Any]) -> None:
    """Stop the app's loop (its thread then cleans up)."""
    for loop in stop:
        loop.call_soon_threadsafe(loop.stop)
