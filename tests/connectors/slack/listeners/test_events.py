"""Mentions and direct messages go to Rasa and are answered in their thread; the Home tab is published."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

import pytest

from connectors.rasa_client import RasaUnavailable
from connectors.slack.bridge import Bridge
from connectors.slack.listeners import events
from connectors.slack.listeners.events import (
    handle_app_home_opened, handle_app_mention, handle_message, question_text, register,
)
from tests.connectors.slack.listeners.running import run


def dm(**extra: str) -> dict:
    return {"type": "message", "channel_type": "im", "channel": "D1", "user": "U_REC", "text": "hello",
            "ts": "1700000000.000100", **extra}


def test_mention_is_answered_in_its_thread_without_the_mention(client: AsyncMock, rasa: AsyncMock, bridge: Bridge) -> None:
    event = {"type": "app_mention", "channel": "C9", "user": "U_REC", "text": "<@UBOT> status of Amara",
             "ts": "1700000005.000200", "thread_ts": "1700000001.000100"}
    run(handle_app_mention(event=event, client=client, bridge=bridge))
    rasa.send.assert_awaited_once()
    sender, text, metadata = rasa.send.await_args.args
    assert (sender, text) == ("U_REC~C9:1700000001.000100", "status of Amara")
    assert metadata["slack"] == {"user": "U_REC", "channel": "C9", "thread_ts": "1700000001.000100"}
    post = client.chat_postMessage.await_args.kwargs
    assert post["channel"] == "C9" and post["thread_ts"] == "1700000001.000100"
    assert post["text"] == "you said: status of Amara" and post["blocks"]


def test_bot_mentions_are_ignored(client: AsyncMock, rasa: AsyncMock, bridge: Bridge) -> None:
    run(handle_app_mention(event={"channel": "C9", "user": "U2", "bot_id": "B1", "text": "x", "ts": "1.1"},
                           client=client, bridge=bridge))
    rasa.send.assert_not_awaited()
    client.chat_postMessage.assert_not_awaited()


def test_direct_message_starts_a_thread_of_its_own(client: AsyncMock, rasa: AsyncMock, bridge: Bridge) -> None:
    run(handle_message(event=dm(), client=client, bridge=bridge))
    assert rasa.send.await_args.args[:2] == ("U_REC~D1:1700000000.000100", "hello")
    post = client.chat_postMessage.await_args.kwargs
    assert post["channel"] == "D1" and post["thread_ts"] == "1700000000.000100"


@pytest.mark.parametrize("event", [
    dm(bot_id="BBOT"), dm(subtype="message_changed"), dm(channel_type="channel"), {**dm(), "user": ""},
])
def test_bot_posts_edits_and_channel_chatter_are_not_questions(
    event: dict, client: AsyncMock, rasa: AsyncMock, bridge: Bridge
) -> None:
    run(handle_message(event=event, client=client, bridge=bridge))
    rasa.send.assert_not_awaited()


def test_rasa_down_is_a_polite_message_in_the_thread(client: AsyncMock, rasa: AsyncMock, bridge: Bridge) -> None:
    rasa.send.side_effect = RasaUnavailable("http://rasa", ConnectionError("refused"))
    run(handle_message(event=dm(), client=client, bridge=bridge))
    post = client.chat_postMessage.await_args.kwargs
    assert "can't reach the assistant" in post["text"] and post["thread_ts"] == "1700000000.000100"


def test_home_tab_is_published_with_the_users_name_and_role(client: AsyncMock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "role_of", AsyncMock(return_value="recruiter"))
    client.users_info.return_value = {"user": {"name": "rita", "profile": {"display_name": "Rita"}}}
    run(handle_app_home_opened(event={"type": "app_home_opened", "user": "U_REC", "tab": "home"}, client=client))
    published = client.views_publish.await_args.kwargs
    assert published["user_id"] == "U_REC" and published["view"]["type"] == "home"
    assert "Hi Rita!" in str(published["view"]) and "*recruiter*" in str(published["view"])


def test_the_messages_tab_publishes_nothing(client: AsyncMock) -> None:
    run(handle_app_home_opened(event={"type": "app_home_opened", "user": "U_REC", "tab": "messages"}, client=client))
    client.views_publish.assert_not_awaited()


def test_question_text_strips_mentions_and_greets_when_empty() -> None:
    assert question_text({"text": "<@U123|hrbot> who is free?"}) == "who is free?"
    assert question_text({"text": "<@U123>"}) == "hello"


def test_register_attaches_each_listener_to_its_event() -> None:
    app = MagicMock()
    register(app)
    kinds = [c.args[0] for c in app.event.call_args_list]
    listeners = [c.args[0] for c in app.event.return_value.call_args_list]
    assert kinds == ["app_mention", "message", "app_home_opened"]
    assert listeners == [handle_app_mention, handle_message, handle_app_home_opened]
