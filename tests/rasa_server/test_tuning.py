"""hrbot's replacements for Rasa hot spots (rasa_server/tuning), against Rasa's own behaviour.

They run in the Rasa-server environment, where `rasa_server` installs them.
"""

from __future__ import annotations

import asyncio
import json

import jsonschema
import pytest
from aiohttp import web
from aiohttp.test_utils import unused_port as free_port
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import InMemoryTrackerStore, SerializedTrackerAsText
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from rasa_server import tuning as rasa_tuning
from rasa_server.tuning import event_types, json_encoding

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "person", "value": "Ana", "timestamp": None}],
     "responses": [{"text": "hi", "json_message": {"type": "candidate_list", "candidates": []}, "buttons": []}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}]},
]
BAD = [
    {"events": {"event": "slot"}},
    {"events": [{"name": "person"}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "hello"},
]
# What a recruiter turn stores and sends: accents, emoji, slashes, markup, nested payloads, floats.
PAYLOAD = {
    "text": "Élise Laurent — 🚀 <b>C++/Go</b> \"quoted\" \\ back\nslash",
    "json_message": {"type": "candidate_list", "candidates": [{"id": 7, "score": 0.8125, "skills": ["NLP", "ML/AI"]}]},
    "none": None, "flag": True, "big": 2**53, "neg": -1.5e-7,
}


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    rasa_tuning.install()
    rasa_tuning.install()  # idempotent


def test_install_replaces_each_hot_spot() -> None:
    assert RemoteAction._validate_action_result is rasa_tuning.action_check._validate_action_result
    assert Event.resolve_by_type is event_types.resolve_by_type
    assert EndpointConfig.session is json_encoding.session
    assert SerializedTrackerAsText.serialise_tracker is json_encoding.serialise_tracker


@pytest.mark.parametrize("result", GOOD)
def test_valid_answers_pass_as_with_rasa(result: dict) -> None:
    jsonschema.validate(result, RemoteAction.action_response_format_spec())  # Rasa's own check agrees
    assert RemoteAction("action_x", None)._validate_action_result(result) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_answers_fail_as_with_rasa(result: dict) -> None:
    with pytest.raises(jsonschema.ValidationError) as rasa_own:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction("action_x", None)._validate_action_result(result)
    assert ours.value.message.startswith(rasa_own.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_every_event_type_resolves_to_rasas_first_match() -> None:
    classes = all_subclasses(Event)
    assert len(classes) > 20
    for cls in classes:
        rasa_own = next(c for c in classes if c.type_name == cls.type_name)  # Rasa's walk, first match
        assert Event.resolve_by_type(cls.type_name) is rasa_own


def test_unknown_event_types_answer_as_rasa_does() -> None:
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert isinstance(Event.from_parameters({"event": "no_such_event", "name": "x"}, default=SlotSet), SlotSet)


def test_an_event_class_defined_later_is_found() -> None:
    assert Event.resolve_by_type("user") is UserUttered  # the table is built

    class LateEvent(SlotSet):
        type_name = "hrbot_late_event"

    assert Event.resolve_by_type("hrbot_late_event") is LateEvent


def tracker() -> DialogueStateTracker:
    """A short recruiter conversation with every kind of value the store keeps."""
    return DialogueStateTracker.from_events("recruiter~1", [
        ActionExecuted("action_listen"),
        UserUttered(PAYLOAD["text"], {"name": "search_candidates", "confidence": 0.97},
                    [{"entity": "skill", "value": "NLP", "start": 0, "end": 3}]),
        SlotSet("last_candidates", [{"id": 7, "name": "Élise Laurent"}]),
        BotUttered(PAYLOAD["text"], data={"custom": PAYLOAD["json_message"]}),
        ActionExecuted("action_listen"),
    ])


def test_stored_conversations_read_back_the_same() -> None:
    original = tracker()
    text = SerializedTrackerAsText.serialise_tracker(original)
    assert json.loads(text) == json.loads(json.dumps(original.as_dialogue().as_dict()))

    async def round_trip() -> DialogueStateTracker | None:
        store = InMemoryTrackerStore(Domain.empty())
        await store.save(original)
        return await store.retrieve("recruiter~1")

    restored = asyncio.run(round_trip())
    assert restored is not None and list(restored.events) == list(original.events)


def test_dumps_writes_what_json_reads() -> None:
    assert json.loads(json_encoding.dumps(PAYLOAD)) == PAYLOAD


def test_action_requests_arrive_intact_with_rasas_headers_and_auth() -> None:
    """A real request through `EndpointConfig.request` to a loopback server that echoes what it got."""
    seen: dict = {}

    async def echo(request: web.Request) -> web.Response:
        seen["body"] = await request.json()
        seen["headers"] = dict(request.headers)
        return web.json_response({"events": [], "responses": []})

    async def exchange() -> object:
        app = web.Application()
        app.router.add_post("/webhook", echo)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Team": "hr"},
                                      basic_auth={"username": "rasa", "password": "s3cret"})
            return await endpoint.request(json={"tracker": PAYLOAD, "next_action": "action_search"}, method="post")
        finally:
            await runner.cleanup()

    answer = asyncio.run(exchange())
    assert answer == {"events": [], "responses": []}
    assert seen["body"] == {"tracker": PAYLOAD, "next_action": "action_search"}
    assert seen["headers"]["X-Team"] == "hr"
    assert seen["headers"]["Authorization"].startswith("Basic ")
    assert seen["headers"]["Content-Type"].startswith("application/json")
