"""hrbot's REST channel: Rasa's own, but only callers holding the channel secret vouch for a sender id.

Registered in credentials.yml in place of `rest:` (same name, same URL, /webhooks/rest/webhook), so
there is no other way in to forge identity. For every message the channel itself sets
`metadata["hrbot_verified"]`: True only when the request carries the right `X-Hrbot-Channel-Secret`
header (our connectors: Slack bridge, web chat, terminal); whatever the body says is overwritten.
An unverified sender id is also moved to its own `anon:` conversation, so it never shares a tracker
with the user it names. A wrong secret is refused with 401. Each sender id (one conversation: a
Slack thread, a web chat tab) gets HRBOT_RATE_LIMIT messages per minute, a sliding window; over it
the answer says how long to wait and nothing reaches the dialogue.

Runs in `.venv-rasa` and imports nothing of ours: it reads the same HRBOT_* variables that
store/settings.py documents (the stack passes them on).
"""

from __future__ import annotations

import hmac
import logging
import math
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import SanicException
from sanic.request import Request

log = logging.getLogger(__name__)

VERIFIED_KEY = "hrbot_verified"
"""Set by this channel on every message's metadata; bot/services/identity.py reads it."""
SECRET_HEADER = "X-Hrbot-Channel-Secret"
"""connectors/secrets.py's CHANNEL_HEADER: the same name on both sides."""
UNVERIFIED_PREFIX = "anon:"
DEFAULT_RATE_LIMIT = 30
WINDOW_S = 60.0
TOO_MANY = "You're sending messages faster than I can take them: please wait {wait} s and try again."

OnMessage = Callable[[UserMessage], Awaitable[Any]]


def _env_int(name: str, default: int) -> int:
    """A whole number from the environment; blank or not a number means the default (as store/settings.py)."""
    try:
        return int((os.environ.get(name) or "").strip())
    except ValueError:
        return default


class SlidingWindow:
    """At most `limit` events per key in any `window` seconds; remembers only keys seen within a window."""

    def __init__(self, limit: int, window: float = WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._calls = 0

    def wait(self, key: str) -> float:
        """0 and the event counted, or the seconds until `key` may send again (nothing counted)."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        self._prune(now)
        stamps = self._seen.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) >= self.limit:
            return stamps[0] + self.window - now
        stamps.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        """Now and then, forget senders quiet for a whole window (bounded memory)."""
        self._calls += 1
        if self._calls % 1000:
            return
        for key in [k for k, s in self._seen.items() if not s or s[-1] <= now - self.window]:
            del self._seen[key]


class VerifiedRestInput(RestInput):
    """Rasa's REST channel where the channel, not the caller, decides whether the sender id is vouched for."""

    def __init__(self, secret: str = "", rate_limit: int = DEFAULT_RATE_LIMIT, clock: Callable[[], float] = time.monotonic) -> None:
        self.secret = secret
        self.limiter = SlidingWindow(rate_limit, clock=clock)
        if not secret:
            log.warning("HRBOT_CHANNEL_SECRET is not set: every REST caller is treated as an anonymous employee")

    @classmethod
    def name(cls) -> str:
        """Rasa's own channel name, so its URL and the connectors stay as they are."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "VerifiedRestInput":
        """credentials.yml may give `secret` and `rate_limit`; else HRBOT_CHANNEL_SECRET and HRBOT_RATE_LIMIT."""
        credentials = credentials or {}
        secret = str(credentials.get("secret") or os.environ.get("HRBOT_CHANNEL_SECRET") or "").strip()
        limit = credentials.get("rate_limit")
        return cls(secret, int(limit) if limit is not None else _env_int("HRBOT_RATE_LIMIT", DEFAULT_RATE_LIMIT))

    def verified(self, request: Request) -> bool:
        """Whether the request carries the channel secret; a wrong one is refused outright."""
        given = request.headers.get(SECRET_HEADER)
        if given is None or not self.secret:
            return False
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise SanicException("wrong channel secret", status_code=401)
        return True

    async def _extract_sender(self, req: Request) -> str | None:
        """The body's sender id, moved to an `anon:` conversation unless vouched for."""
        req.ctx.hrbot_verified = self.verified(req)
        sender = req.json.get("sender", None) if isinstance(req.json, dict) else None
        if sender is None or req.ctx.hrbot_verified:
            return sender
        return f"{UNVERIFIED_PREFIX}{sender}"

    def _extract_input_channel(self, req: Request) -> str:
        """Always this channel: the caller can't name another."""
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """The body's metadata with the verified flag set here (any flag in the body is overwritten)."""
        body = request.json.get("metadata") if isinstance(request.json, dict) else None
        metadata = dict(body) if isinstance(body, dict) else {}
        metadata[VERIFIED_KEY] = bool(getattr(request.ctx, "hrbot_verified", False))
        return metadata

    def blueprint(self, on_new_message: OnMessage) -> Blueprint:
        """Rasa's REST routes, with each message passing the rate limit first."""

        async def limited(message: UserMessage) -> Any:
            wait = self.limiter.wait(message.sender_id or "")
            if wait > 0:
                log.info("rate limit: a sender must wait %.0f s", wait)  # no sender id: logs carry no one's handle
                await message.output_channel.send_text_message(message.sender_id, TOO_MANY.format(wait=math.ceil(wait)))
                return None
            return await on_new_message(message)

        return super().blueprint(limited)
