"""Slack redelivers an event it thinks we missed; each event_id is answered once."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)


class SeenEvents:
    """Event ids seen in the last `ttl` seconds (Slack retries within minutes), bounded in size."""

    def __init__(self, ttl: float = 3600.0, capacity: int = 50_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is offered, False for any repeat within the ttl."""
        now = time.monotonic()
        while self._seen and (next(iter(self._seen.values())) < now - self.ttl or len(self._seen) > self.capacity):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True

    async def middleware(
        self, req: AsyncBoltRequest, resp: BoltResponse, next_: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """Global bolt middleware: a repeated event_id gets a plain 200 and no second answer."""
        event_id = _event_id(req.body)
        if event_id and not self.first_time(event_id):
            retry = req.headers.get("x-slack-retry-num", ["?"])[0] if req.headers else "?"
            log.info("event %s already handled; acknowledging retry %s", event_id, retry)
            return BoltResponse(status=200, body="")
        await next_()
        return None


def _event_id(body: dict[str, Any]) -> str:
    """The Events API id (absent on commands and interactions, which Slack does not redeliver)."""
    return str(body.get("event_id") or "") if isinstance(body, dict) else ""
