"""The ask modal: an empty question is an error in the modal; a question is answered in the DM."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

from connectors.slack.bridge import Bridge
from connectors.slack.home import ASK_VIEW
from connectors.slack.listeners.views import handle_ask_submission, register
from tests.connectors.slack.listeners.running import run


def submitted(text: str) -> dict:
    return {"id": "V2", "type": "modal", "callback_id": ASK_VIEW,
            "state": {"values": {"question": {"text": {"type": "plain_text_input", "value": text}}}}}


def test_question_is_asked_in_a_new_dm_thread(ack: AsyncMock, client: AsyncMock, rasa: AsyncMock,
                                              bridge: Bridge) -> None:
    run(handle_ask_submission(ack=ack, body={"user": {"id": "U_REC"}}, view=submitted("what can you do?"),
                              client=client, bridge=bridge))
    ack.assert_awaited_once_with()
    question, answer = [c.kwargs for c in client.chat_postMessage.await_args_list]
    assert question == {"channel": "U_REC", "text": "You asked: what can you do?"}
    assert answer["channel"] == "D_REC" and answer["thread_ts"] == "1800000000.000001"
    assert rasa.send.await_args.args[:2] == ("U_REC~D_REC:1800000000.000001", "what can you do?")


def test_empty_question_shows_an_error_in_the_modal(ack: AsyncMock, client: AsyncMock, rasa: AsyncMock,
                                                    bridge: Bridge) -> None:
    run(handle_ask_submission(ack=ack, body={"user": {"id": "U_REC"}}, view=submitted("  "), client=client,
                              bridge=bridge))
    ack.assert_awaited_once_with(response_action="errors", errors={"question": "Type a question first."})
    rasa.send.assert_not_awaited()
    client.chat_postMessage.assert_not_awaited()


def test_register_attaches_the_modal() -> None:
    app = MagicMock()
    register(app)
    app.view.assert_called_once_with(ASK_VIEW)
    app.view.return_value.assert_called_once_with(handle_ask_submission)
