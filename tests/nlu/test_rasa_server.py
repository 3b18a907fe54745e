"""The Rasa server entry point (connectors/servers/rasa_main.py), in the Rasa-server environment."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from connectors.servers import rasa_main

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


@pytest.fixture(scope="module")
def patched() -> RemoteAction:
    rasa_main.install()
    rasa_main.install()  # idempotent
    return RemoteAction("action_x", None)


@pytest.mark.parametrize("result", GOOD)
def test_valid_answers_pass_as_with_rasa(patched: RemoteAction, result: dict) -> None:
    jsonschema.validate(result, RemoteAction.action_response_format_spec())  # Rasa's own check agrees
    assert patched._validate_action_result(result) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_answers_fail_as_with_rasa(patched: RemoteAction, result: dict) -> None:
    with pytest.raises(jsonschema.ValidationError) as rasa_own:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as ours:
        patched._validate_action_result(result)
    assert ours.value.message.startswith(rasa_own.value.message)
    assert "Failed to validate Action server response" in ours.value.message
