"""Clicks: acked first; the choice goes back into its conversation, one-shot buttons close."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

from connectors.slack.blockkit import finalize
from connectors.slack.bridge import Bridge
from connectors.slack.home import HOME_ASK_ACTION
from connectors.slack.listeners.actions import CHOICE, handle_choice, handle_home_ask, register
from connectors.slack.renderers import render_turn
from connectors.slack.turns import group
from tests.connectors.slack.listeners.running import run
from tests.connectors.slack.replies import rest, two_amaras


def two_amaras_message() -> dict:
    """The bot's "which one?" message as Slack sends it back in a block_actions payload."""
    text, blocks = render_turn(group(rest(two_amaras())))
    for i, block in enumerate(blocks):
        block.setdefault("block_id", f"blk{i}")
    return {"type": "message", "ts": "1800000000.000001", "thread_ts": "1700000000.000100", "text": text,
            "blocks": finalize(blocks)}


def clicked(message: dict, element: dict, container: dict | None = None) -> tuple[dict, dict]:
    """(body, action) of a click on `element` of `message`."""
    block = next(b for b in message["blocks"] if b.get("accessory") is element or element in b.get("elements", []))
    action = {**element, "block_id": block["block_id"]}
    body = {"type": "block_actions", "user": {"id": "U_REC"}, "channel": {"id": "C1"}, "message": message,
            "container": container or {"type": "message", "message_ts": message["ts"], "channel_id": "C1"},
            "actions": [action]}
    return body, action


def test_one_shot_choice_closes_its_buttons_then_goes_to_the_thread(
    ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    message = two_amaras_message()
    second = [b["accessory"] for b in message["blocks"] if b.get("accessory")][1]
    body, action = clicked(message, second)
    order = MagicMock()
    order.attach_mock(ack, "ack")
    order.attach_mock(client.chat_update, "chat_update")
    order.attach_mock(rasa.send, "send")
    run(handle_choice(ack=ack, body=body, action=action, client=client, respond=respond, bridge=bridge))
    assert [c[0] for c in order.mock_calls] == ["ack", "chat_update", "send"]
    update = client.chat_update.await_args.kwargs
    assert update["channel"] == "C1" and update["ts"] == "1800000000.000001"
    assert not any(b.get("accessory") for b in update["blocks"])
    assert "<@U_REC> chose *Amara Okafor* · ML Engineer · Munich" in str(update["blocks"])
    assert rasa.send.await_args.args[:2] == ("U_REC~C1:1700000000.000100", second["value"])
    assert client.chat_postMessage.await_args.kwargs["thread_ts"] == "1700000000.000100"


def test_choice_in_an_ephemeral_answer_is_answered_privately(
    ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    action = {"type": "button", "action_id": "hr:say:0", "value": "help", "text": {"type": "plain_text", "text": "Help"}}
    body = {"user": {"id": "U_REC"}, "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True}}
    run(handle_choice(ack=ack, body=body, action=action, client=client, respond=respond, bridge=bridge))
    assert rasa.send.await_args.args[:2] == ("U_REC~C1:cmd", "help")
    assert respond.await_args.kwargs["response_type"] == "ephemeral"
    client.chat_update.assert_not_awaited()


def test_choice_on_the_home_tab_is_asked_in_the_dm(
    ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    action = {"type": "button", "action_id": "hr:say:1", "value": "what should I learn?"}
    body = {"user": {"id": "U_REC"}, "container": {"type": "view", "view_id": "V1"}}
    run(handle_choice(ack=ack, body=body, action=action, client=client, respond=respond, bridge=bridge))
    first = client.chat_postMessage.await_args_list[0].kwargs
    assert first == {"channel": "U_REC", "text": "You asked: what should I learn?"}
    assert rasa.send.await_args.args[:2] == ("U_REC~D_REC:1800000000.000001", "what should I learn?")


def test_a_click_without_a_payload_is_only_acked(
    ack: AsyncMock, client: AsyncMock, respond: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    body = {"user": {"id": "U_REC"}, "container": {"type": "message", "channel_id": "C1"}}
    run(handle_choice(ack=ack, body=body, action={"action_id": "hr:say:0"}, client=client, respond=respond,
                      bridge=bridge))
    ack.assert_awaited_once_with()
    rasa.send.assert_not_awaited()


def test_home_ask_button_opens_the_modal_after_the_ack(ack: AsyncMock, client: AsyncMock) -> None:
    run(handle_home_ask(ack=ack, body={"trigger_id": "trig-1"}, client=client))
    ack.assert_awaited_once_with()
    opened = client.views_open.await_args.kwargs
    assert opened["trigger_id"] == "trig-1" and opened["view"]["callback_id"] == "hr_ask"


def test_register_attaches_both_actions() -> None:
    app = MagicMock()
    register(app)
    assert [c.args[0] for c in app.action.call_args_list] == [CHOICE, HOME_ASK_ACTION]
    assert [c.args[0] for c in app.action.return_value.call_args_list] == [handle_choice, handle_home_ask]
