"""Loopback stand-ins for Slack's Web API and for Rasa's REST channel, recording what they get."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class _Server:
    """A ThreadingHTTPServer on a free loopback port, run in a daemon thread."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                owner._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                owner._handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        ctype = handler.headers.get("Content-Type", "")
        if raw and "json" in ctype:
            params.update(json.loads(raw))
        elif raw:
            params.update(dict(parse_qsl(raw.decode())))
        status, headers, body = self.respond(parts.path, params, dict(handler.headers))
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        handler.send_response(status)
        for k, v in {"Content-Type": "application/json", **headers}.items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def respond(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def record(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> None:
        with self._lock:
            self.calls.append(Call(method, params, headers))

    def of(self, method: str) -> list[Call]:
        """Calls of one method so far."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        """Block until `count` calls of `method` arrived (the app answers after its ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.of(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.of(method))}: {self.calls}")


class FakeSlack(_Server):
    """The Web API methods the app uses (under /api/) plus response_url webhooks (under /response/)."""

    def __init__(self) -> None:
        self.failures: dict[str, list[tuple[int, dict[str, str], Any]]] = {}
        self._ts = 0
        self.socket_url = ""
        self.users = {"U_REC": {"id": "U_REC", "name": "rita", "profile": {"display_name": "Rita", "real_name": "Rita R"}}}
        super().__init__()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def fail_next(self, method: str, status: int = 429, headers: dict[str, str] | None = None, body: Any = None) -> None:
        """Answer the next call of `method` with an error (default: rate limited, Retry-After 1)."""
        self.failures.setdefault(method, []).append(
            (status, headers if headers is not None else {"Retry-After": "1"}, body or {"ok": False, "error": "ratelimited"})
        )

    def respond(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if path.startswith("/response/"):
            self.record("response_url", params, headers)
            return 200, {"Content-Type": "text/plain"}, b"ok"
        method = path.removeprefix("/api/")
        self.record(method, params, headers)
        if self.failures.get(method):
            return self.failures[method].pop(0)
        if method == "auth.test":
            return 200, {}, {"ok": True, "team_id": "T1", "team": "acme", "user_id": "UBOT", "user": "hrbot",
                             "bot_id": "BBOT", "url": "https://acme.slack.com/", "is_enterprise_install": False}
        if method == "chat.postMessage":
            self._ts += 1
            channel = params.get("channel", "")
            channel = "D" + channel[1:] if channel.startswith("U") else channel
            return 200, {}, {"ok": True, "channel": channel, "ts": f"1800000000.{self._ts:06d}",
                             "message": {"text": params.get("text"), "blocks": params.get("blocks")}}
        if method == "apps.connections.open":
            return 200, {}, {"ok": True, "url": self.socket_url}
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return 200, {}, {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method in {"chat.update", "views.publish", "views.open"}:
            return 200, {}, {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        return 200, {}, {"ok": False, "error": "unknown_method"}

    def posted(self, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The params of the first `count` chat.postMessage calls, once they arrived."""
        return [c.params for c in self.wait_for("chat.postMessage", count, timeout)]


Script = Callable[[str, str], list[dict[str, Any]]]


def echo(sender: str, message: str) -> list[dict[str, Any]]:
    """Default fake Rasa answer: the message back."""
    return [{"recipient_id": sender, "text": f"you said: {message}"}]


class FakeRasa(_Server):
    """Rasa's REST webhook answering from a script (sender, message) -> replies, with an optional delay."""

    def __init__(self, script: Script = echo) -> None:
        self.script = script
        self.delay = 0.0
        super().__init__()

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [c.params for c in self.of("webhook")]

    def respond(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if path == "/status":
            return 200, {}, {"model_file": "fake.tar.gz"}
        if path != "/webhooks/rest/webhook":
            return 404, {}, {"error": "not found"}
        self.record("webhook", params, headers)
        time.sleep(self.delay)
        return 200, {}, self.script(str(params.get("sender")), str(params.get("message")))
