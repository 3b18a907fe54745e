"""Button clicks, menus, `/hr` and the ask modal: acked at once, then back into the conversation."""

from __future__ import annotations

import json
import time

from tests.connectors.slack.harness import SlackHarness
from tests.connectors.slack.replies import rest, two_amaras

from connectors.slack.blockkit import finalize
from connectors.slack.renderers import render_turn
from connectors.slack.turns import group


def message_with(reply_messages: list[dict], ts: str = "1800000000.000001", thread_ts: str = "1700000000.000100") -> dict:
    """The bot message Slack includes in a block_actions payload."""
    text, blocks = render_turn(group(reply_messages))
    for i, block in enumerate(blocks):
        block.setdefault("block_id", f"blk{i}")  # as Slack does
    return {"type": "message", "ts": ts, "thread_ts": thread_ts, "text": text, "blocks": finalize(blocks), "user": "UBOT"}


def click(message: dict, element: dict, user: str = "U_REC", channel: str = "C1") -> dict:
    """A block_actions payload for clicking `element` of `message`."""
    block = next(b for b in message["blocks"] if b.get("accessory") is element or element in b.get("elements", []))
    action = {**element, "block_id": block["block_id"], "action_ts": "1800000001.0"}
    if element["type"] == "static_select":
        action = {**action, "selected_option": element["options"][2]}
    return {
        "type": "block_actions", "user": {"id": user}, "trigger_id": "trig", "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False},
        "message": message, "response_url": "http://127.0.0.1:9/unused", "actions": [action],
    }


def test_one_shot_choice_goes_to_the_thread_and_closes_the_buttons(slack_app: SlackHarness) -> None:
    message = message_with(rest(two_amaras()))
    second = [b["accessory"] for b in message["blocks"] if b.get("accessory")][1]
    started = time.monotonic()
    slack_app.rasa.delay = 1.5
    assert slack_app.interaction(click(message, second)).status_code == 200
    assert time.monotonic() - started < 1.0, "ack must not wait for Rasa"
    update = slack_app.slack.wait_for("chat.update")[0].params
    assert update["ts"] == message["ts"] and update["channel"] == "C1"
    assert not any(b.get("accessory") for b in update["blocks"])
    assert "<@U_REC> chose *Amara Okafor* · ML Engineer · Munich" in json.dumps(update["blocks"], ensure_ascii=False)
    post = slack_app.slack.posted()[0]
    assert post["thread_ts"] == "1700000000.000100"
    sent = slack_app.rasa.messages[0]
    assert sent["sender"] == "U_REC~C1:1700000000.000100"
    assert sent["message"] == '/application_status{"person": "Amara Okafor"}'


def test_candidate_card_menu_moves_stage_through_the_conversation(slack_app: SlackHarness) -> None:
    payload = {"type": "candidate_list", "role": "Data Engineer",
               "candidates": [{"candidate_id": 7, "name": "Lena Park", "headline": "Data Engineer", "score": 0.91}]}
    message = message_with([{"text": "Top matches:"}, {"custom": payload}])
    menu = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"] if e["type"] == "static_select")
    slack_app.interaction(click(message, menu))
    slack_app.slack.posted()
    assert slack_app.rasa.messages[0]["message"] == "move Lena Park to phone screen"
    assert slack_app.slack.of("chat.update") == []  # cards stay usable


def test_slash_command_acks_fast_and_answers_privately(slack_app: SlackHarness) -> None:
    slack_app.rasa.delay = 1.5
    started = time.monotonic()
    assert slack_app.command("status of Amara").status_code == 200
    assert time.monotonic() - started < 1.0
    answer = slack_app.slack.wait_for("response_url")[0].params
    assert answer["response_type"] == "ephemeral" and answer["text"] == "you said: status of Amara"
    assert slack_app.rasa.messages[0]["sender"] == "U_REC~C1:cmd"


def test_empty_slash_command_asks_for_help(slack_app: SlackHarness) -> None:
    slack_app.command("")
    slack_app.slack.wait_for("response_url")
    assert slack_app.rasa.messages[0]["message"] == "help"


def test_home_ask_button_opens_modal_and_submission_answers_in_dm(slack_app: SlackHarness) -> None:
    slack_app.interaction({"type": "block_actions", "user": {"id": "U_REC"}, "trigger_id": "trig-1",
                           "container": {"type": "view", "view_id": "V1"},
                           "actions": [{"action_id": "hr_home_ask", "type": "button", "block_id": "b"}]})
    opened = slack_app.slack.wait_for("views.open")[0].params
    assert opened["trigger_id"] == "trig-1" and opened["view"]["callback_id"] == "hr_ask"
    view = {**opened["view"], "id": "V2", "state": {"values": {"question": {"text": {"type": "plain_text_input",
                                                                                        "value": "what can you do?"}}}}}
    assert slack_app.interaction({"type": "view_submission", "user": {"id": "U_REC"}, "view": view}).status_code == 200
    question, answer = slack_app.slack.posted(2)
    assert question["channel"] == "U_REC" and question["text"] == "You asked: what can you do?"
    assert answer["channel"] == "D_REC" and answer["thread_ts"] == "1800000000.000001"
    assert slack_app.rasa.messages[0]["sender"] == "U_REC~D_REC:1800000000.000001"


def test_empty_modal_submission_shows_an_error(slack_app: SlackHarness) -> None:
    view = {"id": "V2", "type": "modal", "callback_id": "hr_ask", "state": {"values": {"question": {"text": {"value": " "}}}}}
    reply = slack_app.interaction({"type": "view_submission", "user": {"id": "U_REC"}, "view": view})
    assert reply.json() == {"response_action": "errors", "errors": {"question": "Type a question first."}}
