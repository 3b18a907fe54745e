"""The Rasa server's outage handling (rasa_server/outages): a clear turn when the action server is down."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import unused_port as free_port
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_server import outages

DOMAIN = Domain.from_yaml("version: '3.1'\nactions: [action_search]\n")


@pytest.fixture(autouse=True, scope="module")
def installed() -> None:
    outages.install()


def _run(url: str) -> list:
    action = RemoteAction("action_search", EndpointConfig(url))
    tracker = DialogueStateTracker("someone", DOMAIN.slots)
    nlg = TemplatedNaturalLanguageGenerator({})
    return asyncio.run(action.run(CollectingOutputChannel(), nlg, tracker, DOMAIN))


def test_install_wraps_remote_actions_once() -> None:
    outages.install()
    assert RemoteAction.run is outages._run


def test_an_unreachable_action_server_gives_a_clear_message() -> None:
    events = _run(f"http://127.0.0.1:{free_port()}/webhook")
    assert [type(e) for e in events] == [BotUttered]
    assert events[0].text == outages.ACTIONS_DOWN


def _serving(status: int, body: dict) -> list:
    async def answer(_: web.Request) -> web.Response:
        return web.json_response(body, status=status)

    async def exchange() -> list:
        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            action = RemoteAction("action_search", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
            tracker = DialogueStateTracker("someone", DOMAIN.slots)
            return await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, DOMAIN)
        finally:
            await runner.cleanup()

    return asyncio.run(exchange())


def test_an_erroring_action_server_gives_the_same_clear_message() -> None:
    events = _serving(500, {"error": "boom"})
    assert [e.text for e in events] == [outages.ACTIONS_DOWN]


def test_a_form_rejection_is_still_rasas_to_handle() -> None:
    with pytest.raises(ActionExecutionRejection):
        _serving(400, {"action_name": "action_search", "error": "not now"})


def test_a_working_action_server_is_answered_as_before() -> None:
    events = _serving(200, {"events": [], "responses": [{"text": "found 3"}]})
    assert [e.text for e in events] == ["found 3"]
