"""A small local web server: the chat page, and a JSON proxy to Rasa's REST channel.

There is no login, so the "I am" picker is a local demo mode (HRBOT_WEB_DEMO_IDENTITIES): on, it
vouches for the picked handle to Rasa (the channel secret); off, every web user is an anonymous
employee. `auto`, the default, turns it on only on loopback; `on` with any other host refuses to start.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from connectors.errors import ConnectorError
from connectors.rasa_client import DEFAULT_TIMEOUT, RasaClient, RasaUnavailable
from connectors.secrets import is_loopback
from connectors.web.users import known_users
from store.settings import get_settings

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
MAX_BODY = 64 * 1024
MAX_HANDLE_CHARS = 120
RASA_DOWN = (
    "I can't reach the assistant right now, so I couldn't answer that. Nothing was changed; "
    "please try again in a minute."
)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Forward = Callable[[str, str, bool], list[dict[str, Any]]]
"""(sender, text, verified) -> Rasa's replies; `verified` vouches for the sender id."""


class WebConfigError(ConnectorError, ValueError):
    """The web chat was asked for a mode it refuses (demo identities beyond loopback)."""


def demo_identities(host: str, setting: str | None = None) -> bool:
    """Whether the who-am-I picker is on: `on`, `off`, or `auto` (loopback only); `on` off loopback refuses."""
    mode = (setting if setting is not None else get_settings().web_demo_identities).strip().lower()
    if mode in {"on", "1", "true", "yes"}:
        if not is_loopback(host):
            raise WebConfigError(
                f"HRBOT_WEB_DEMO_IDENTITIES=on lets anyone pick who they are, so the web chat won't listen on {host}: "
                "listen on 127.0.0.1, or turn demo identities off (every web user is then an anonymous employee)")
        return True
    if mode in {"off", "0", "false", "no"}:
        return False
    return is_loopback(host)


class ChatServer(ThreadingHTTPServer):
    """Serves the page and forwards messages to Rasa; `forward(sender, text)` is the Rasa call.

    `forward` cuts long messages to Rasa's limit and raises `RasaUnavailable` when Rasa does not answer.
    """

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], forward: Forward, users: Callable[[], list[dict[str, Any]]], demo: bool = True
    ) -> None:
        super().__init__(address, ChatHandler)
        self.forward = forward
        self.users = users
        self.demo = demo
        """Demo identities: the picked handle is vouched for; otherwise every web user is anonymous."""
        self.allowed_hosts = LOCAL_HOSTS | {address[0]}

    @property
    def url(self) -> str:
        """Where to open the chat."""
        host, port = self.server_address[:2]
        return f"http://{'127.0.0.1' if host in {'0.0.0.0', '::'} else host}:{port}/"


class ChatHandler(BaseHTTPRequestHandler):
    """GET: page, static files, user list; POST /api/message: one turn through Rasa."""

    server: ChatServer
    server_version = "hrbot-web"
    sys_version = ""

    def log_message(self, fmt: str, *args: object) -> None:
        log.debug("%s " + fmt, self.address_string(), *args)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _host_ok(self) -> bool:
        """Only local Host names (blocks DNS-rebinding pages from driving the chat)."""
        if "0.0.0.0" in self.server.allowed_hosts or "::" in self.server.allowed_hosts:
            return True
        host = urlsplit("//" + (self.headers.get("Host") or "")).hostname or ""
        return host in self.server.allowed_hosts

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._host_ok():
            return self._json(403, {"error": "forbidden host"})
        path = urlsplit(self.path).path
        if path in {"/", "/index.html"}:
            return self._static("index.html")
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        if path == "/api/users":
            return self._json(200, {"users": self.server.users() if self.server.demo else [], "demo": self.server.demo})
        if path == "/healthz":
            return self._json(200, {"ok": True})
        return self._json(404, {"error": "not found"})

    def _static(self, name: str) -> None:
        """Files directly in static/ only (no sub-paths, so no traversal)."""
        files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
        if name not in files:
            return self._json(404, {"error": "not found"})
        ctype = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}.get(
            files[name].suffix, mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        self._send(200, files[name].read_bytes(), f"{ctype}; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        if not self._host_ok():
            return self._json(403, {"error": "forbidden host"})
        if urlsplit(self.path).path != "/api/message":
            return self._json(404, {"error": "not found"})
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            return self._json(415, {"error": "send JSON"})  # also keeps cross-site form posts out
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._json(413, {"error": "message too long"})
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            sender = str(body.get("sender") or "").strip()[:MAX_HANDLE_CHARS]
            message = str(body.get("message") or "").strip()
        except (ValueError, AttributeError):
            return self._json(400, {"error": "bad JSON"})
        if not sender or not message:
            return self._json(400, {"error": "sender and message are required"})
        try:
            messages = self.server.forward(sender, message, self.server.demo)
        except RasaUnavailable:
            return self._json(502, {"error": RASA_DOWN})
        self._json(200, {"messages": messages if isinstance(messages, list) else []})


def make_server(
    webhook: str, host: str = "127.0.0.1", port: int = 8080, timeout: float = DEFAULT_TIMEOUT,
    demo: bool | None = None,
) -> ChatServer:
    """A chat server bound to host:port (port 0 picks a free one) forwarding to the Rasa `webhook`.

    `demo` None: from HRBOT_WEB_DEMO_IDENTITIES; True off loopback raises `WebConfigError`.
    """
    demo = demo_identities(host) if demo is None else demo_identities(host, "on" if demo else "off")
    client = RasaClient(webhook, timeout)

    def forward(sender: str, text: str, verified: bool) -> list[dict[str, Any]]:
        return client.send(sender, text, verified=verified)

    return ChatServer((host, port), forward, known_users, demo)


def serve_in_thread(server: ChatServer) -> threading.Thread:
    """Run the server in a daemon thread (tests, and the CLI while it watches the stack)."""
    thread = threading.Thread(target=server.serve_forever, name="hrbot-web", daemon=True)
    thread.start()
    return thread
