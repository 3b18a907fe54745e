"""`/hr`: acked first, then answered privately through the response_url."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock, call

from connectors.slack.bridge import Bridge
from connectors.slack.listeners.commands import COMMAND, handle_hr_command, register
from tests.connectors.slack.listeners.running import run


def command(text: str) -> dict:
    return {"command": "/hr", "text": text, "user_id": "U_REC", "channel_id": "C1"}


def test_ack_comes_before_rasa_and_the_answer_is_ephemeral(
    ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    order = MagicMock()
    order.attach_mock(ack, "ack")
    order.attach_mock(rasa.send, "send")
    run(handle_hr_command(ack=ack, command=command(" status of Amara "), client=client, respond=respond, bridge=bridge))
    assert [c[0] for c in order.mock_calls] == ["ack", "send"]
    assert rasa.send.await_args.args[:2] == ("U_REC~C1:cmd", "status of Amara")
    answer = respond.await_args.kwargs
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert answer["text"] == "you said: status of Amara"
    client.chat_postMessage.assert_not_awaited()


def test_no_text_asks_for_help(ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock,
                               bridge: Bridge) -> None:
    run(handle_hr_command(ack=ack, command=command(""), client=client, respond=respond, bridge=bridge))
    assert rasa.send.await_args.args[1] == "help"
    assert ack.await_args == call()


def test_register_attaches_the_command() -> None:
    app = MagicMock()
    register(app)
    app.command.assert_called_once_with(COMMAND)
    app.command.return_value.assert_called_once_with(handle_hr_command)
