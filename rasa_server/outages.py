"""What a user hears when the action server is down.

Rasa 3.6 logs a failed call to the action server (down, restarting, erroring) and answers the turn
with nothing, which every channel would show as no answer at all. `install()` makes such a turn
say clearly that the assistant could not do it and nothing was changed; the conversation keeps its
slots (the failed action's events are the only thing dropped), so the same request works once
the action server is back. A form's rejection (HTTP 400) is still Rasa's to handle.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

log = logging.getLogger(__name__)

ACTIONS_DOWN = (
    "Sorry, I couldn't do that just now: part of the assistant is restarting. Nothing was changed, and "
    "I still remember our conversation; please send that again in a minute."
)
_PATCHED = "_hrbot_actions_down_message"


async def _run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list[Event]:
    """Rasa's `RemoteAction.run`; a failed call to the action server becomes a clear message."""
    try:
        return await _ORIGINAL_RUN(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException as exc:
        log.error("action %s not run: %s", self.name(), exc)
        return [BotUttered(ACTIONS_DOWN, metadata={"error": "actions_unavailable"})]


_ORIGINAL_RUN = RemoteAction.run


def install() -> None:
    """Answer a turn the action server could not run with ACTIONS_DOWN (idempotent)."""
    if getattr(RemoteAction, _PATCHED, False):
        return
    RemoteAction.run = _run  # type: ignore[method-assign]
    setattr(RemoteAction, _PATCHED, True)
