"""An action that leaves a trace: the action server tests see whether anything ran."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionProbe(Action):
    """Appends the sender id to $PROBE_FILE and says so."""

    def name(self) -> str:
        return "action_probe"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        with Path(os.environ["PROBE_FILE"]).open("a") as trace:
            trace.write(f"{tracker.sender_id}\n")
        dispatcher.utter_message(text="probed")
        return []
