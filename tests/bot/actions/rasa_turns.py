"""Drive the actions as the Rasa server would: one action on a tracker, or a move_stage message through its form.

`MoveStageTurn` plays Rasa 3.6's part of `move_stage_form` (rasa/core/actions/forms.py): the domain's entity
mappings, the validation action with the slot candidates at the end of the tracker (all filled required slots
when the form starts, this message's when it runs), then the form's question or, once the form is done, the
submit action `action_prepare_move_stage`. It has an action's `run`, so tests call it like any action.
"""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import MOVE_FORM, Events
from bot.actions.moves import ActionAskApplication, ActionAskTargetStage, ActionPrepareMoveStage, ValidateMoveStageForm

DOMAIN_FILE = Path(__file__).resolve().parents[3] / "domain.yml"
ASKS: dict[str, type[Action]] = {"application": ActionAskApplication, "target_stage": ActionAskTargetStage}
MAPPED = {"application": "role", "target_stage": "stage"}
"""The form slots the domain fills from entities (on move_stage messages while the form runs)."""


@cache
def domain() -> dict[str, Any]:
    """The project's domain, as the Rasa server sends it to the action server."""
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


def required() -> list[str]:
    """The move form's required slots, in order."""
    return list(domain()["forms"][MOVE_FORM]["required_slots"])


def run_action(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], Events]:
    """The messages an action sends and the events it returns."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain()))
    return dispatcher.messages, events


def slot_values(events: Events) -> dict[str, Any]:
    """The slots a list of events sets, the last value winning."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def _tracker(like: Tracker, slots: dict[str, Any], after: list[dict[str, Any]], loop: str | None) -> Tracker:
    """`like`'s latest message with these slots, events appended after the user message, and the active loop."""
    return Tracker(
        sender_id=like.sender_id, slots=dict(slots), latest_message=like.latest_message,
        events=[*like.events, *after], paused=False, followup_action=None,
        active_loop={"name": loop} if loop else {}, latest_action_name="action_listen",
    )


class MoveStageTurn:
    """One user message through `move_stage_form`: validation, then its question or the submit action."""

    asked: str | None = None
    """The slot the form asked for after this turn; None when it ended (and the submit action ran)."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, _domain: Any = None) -> Events:
        """Every event of the turn, in order, with the messages in `dispatcher`."""
        slots = dict(tracker.slots)
        running = slots.get("requested_slot") is not None
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        entities = tracker.latest_message.get("entities") or []
        mapped: dict[str, Any] = {}
        for slot, entity in MAPPED.items():
            values = [e.get("value") for e in entities if e.get("entity") == entity]
            if values and intent == "move_stage":
                mapped[slot] = values[-1]
        slots.update(mapped)
        candidates = mapped if running else {s: slots[s] for s in required() if slots.get(s) is not None}
        marks = [{"event": "action", "name": MOVE_FORM}, *({"event": "slot", "name": k, "value": v}
                                                           for k, v in candidates.items())]
        events = await ValidateMoveStageForm().run(dispatcher, _tracker(tracker, slots, marks, MOVE_FORM), domain())
        assert events or not running, "Rasa would reject the form here and let another action answer"
        slots.update(slot_values(events))
        requested = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == "requested_slot"]
        done = bool(requested) and requested[-1] is None
        self.asked = None if done else next((s for s in required() if slots.get(s) is None), None)
        events = [*events, {"event": "slot", "name": "requested_slot", "value": self.asked}]
        slots["requested_slot"] = self.asked
        if self.asked is not None:
            follow = await ASKS[self.asked]().run(dispatcher, _tracker(tracker, slots, [], MOVE_FORM), domain())
        else:
            events.append({"event": "active_loop", "name": None})
            follow = await ActionPrepareMoveStage().run(dispatcher, _tracker(tracker, slots, [], None), domain())
        return [*events, *follow]


def move_turn(tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any], str | None]:
    """The messages, the slots after the turn (all of them), and the slot the form asks for next."""
    turn = MoveStageTurn()
    messages, events = run_action(turn, tracker)
    return messages, {**tracker.slots, **slot_values(events)}, turn.asked
