"""Which Rasa conversation a Slack message belongs to: one per user per thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEPARATOR = "~"
"""Splits the Slack user id (the identity handle) from the thread part of the Rasa sender id;
'~' because it never occurs in Slack ids or handles and needs no escaping in Rasa's /conversations URLs."""
SLASH_THREAD = "cmd"
"""Thread key for `/hr` answers, which are ephemeral and so have no thread."""


@dataclass(frozen=True)
class Conversation:
    """A user in a channel thread; the Rasa sender id keeps parallel threads apart."""

    user: str
    channel: str
    thread: str

    @property
    def sender(self) -> str:
        """`<slack user>~<channel>:<thread ts>`; the part before '~' is the identity handle."""
        return f"{self.user}{SEPARATOR}{self.channel}:{self.thread}"

    @property
    def thread_ts(self) -> str | None:
        """The Slack thread to reply in (None for slash-command conversations)."""
        return None if self.thread == SLASH_THREAD else self.thread

    def metadata(self) -> dict[str, Any]:
        """Passed to Rasa with each message so actions can see the Slack context."""
        return {"channel": "slack", "slack": {"user": self.user, "channel": self.channel, "thread_ts": self.thread_ts}}


def for_message(event: dict[str, Any]) -> Conversation:
    """A message or mention: its thread, or the thread it starts."""
    return Conversation(str(event["user"]), str(event["channel"]), str(event.get("thread_ts") or event["ts"]))


def for_slash(user: str, channel: str) -> Conversation:
    """`/hr` in a channel: one running conversation per user per channel."""
    return Conversation(user, channel, SLASH_THREAD)
