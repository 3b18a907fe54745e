"""Messages and mentions reach Rasa once and are answered in their thread; failures stay polite."""

from __future__ import annotations

import json
import time

from tests.connectors.slack.harness import SlackHarness, start_app, stop_app
from tests.connectors.slack.fakes import FakeSlack
from tests.connectors.slack.replies import HELP, rest, status_of_amara

from connectors.servers import free_port


def buttons_of(blocks: list[dict]) -> list[dict]:
    """Every interactive element of a message."""
    out = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return out + [b["accessory"] for b in blocks if b.get("accessory")]


def test_dm_is_answered_in_its_thread_with_blocks(slack_app: SlackHarness) -> None:
    slack_app.rasa.script = lambda sender, message: rest(HELP, sender)
    assert slack_app.dm("what can you do?", ts="1700000000.000100").status_code == 200
    post = slack_app.slack.posted()[0]
    assert post["channel"] == "D1" and post["thread_ts"] == "1700000000.000100"
    assert post["text"].startswith("Here's what I can do")
    examples = [b["value"] for b in buttons_of(post["blocks"])]
    assert examples == HELP.payload["examples"]
    sent = slack_app.rasa.messages[0]
    assert sent["sender"] == "U_REC~D1:1700000000.000100" and sent["message"] == "what can you do?"
    assert sent["metadata"]["slack"] == {"user": "U_REC", "channel": "D1", "thread_ts": "1700000000.000100"}


def test_mention_in_a_thread_strips_the_mention_and_replies_there(slack_app: SlackHarness) -> None:
    slack_app.rasa.script = lambda sender, message: rest(status_of_amara(), sender)
    slack_app.event({"type": "app_mention", "channel": "C9", "user": "U_REC", "text": "<@UBOT> status of Amara Okafor",
                     "ts": "1700000005.000200", "thread_ts": "1700000001.000100"})
    post = slack_app.slack.posted()[0]
    assert post["channel"] == "C9" and post["thread_ts"] == "1700000001.000100"
    assert slack_app.rasa.messages[0]["message"] == "status of Amara Okafor"
    shown = json.dumps(post["blocks"], ensure_ascii=False)
    assert "*Amara Okafor*" in shown and "Senior NLP Engineer" in shown and "phone screen · since 2026-03-02" in shown


def test_each_thread_is_its_own_conversation(slack_app: SlackHarness) -> None:
    slack_app.dm("hello", ts="1700000000.000001")
    slack_app.dm("hello again", ts="1700000000.000002")
    slack_app.slack.posted(2)
    senders = {m["sender"] for m in slack_app.rasa.messages}
    assert senders == {"U_REC~D1:1700000000.000001", "U_REC~D1:1700000000.000002"}


def test_retries_are_answered_once(slack_app: SlackHarness) -> None:
    slack_app.rasa.delay = 0.5
    first = slack_app.dm("hello", event_id="EvSame")
    retry = slack_app.dm("hello", event_id="EvSame", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status_code == retry.status_code == 200
    slack_app.slack.posted(1)
    time.sleep(1.0)
    assert len(slack_app.slack.of("chat.postMessage")) == 1
    assert len(slack_app.rasa.messages) == 1


def test_bad_signature_or_stale_timestamp_is_rejected(slack_app: SlackHarness) -> None:
    assert slack_app.dm("hello", signature="v0=" + "0" * 64).status_code == 401
    assert slack_app.dm("hello", timestamp=int(time.time()) - 3600).status_code == 401
    time.sleep(0.3)
    assert slack_app.rasa.messages == [] and slack_app.slack.of("chat.postMessage") == []


def test_rate_limited_post_waits_retry_after_then_succeeds(slack_app: SlackHarness) -> None:
    slack_app.slack.fail_next("chat.postMessage", 429, {"Retry-After": "1"})
    slack_app.dm("hello")
    calls = slack_app.slack.wait_for("chat.postMessage", 2, timeout=10)
    assert calls[1].at - calls[0].at >= 1.0
    assert calls[1].params["text"] == "you said: hello"


def test_rasa_down_gives_a_clear_message(fake_slack: FakeSlack) -> None:
    url, stop = start_app(fake_slack, f"http://127.0.0.1:{free_port()}")
    try:
        SlackHarness(url, fake_slack, None).dm("hello")  # type: ignore[arg-type]
        post = fake_slack.posted()[0]
    finally:
        stop_app(stop)
    assert "can't reach the assistant" in post["text"] and post["thread_ts"] == "1700000000.000100"


def test_bot_posts_edits_and_channel_chatter_are_ignored(slack_app: SlackHarness) -> None:
    slack_app.event({"type": "message", "channel_type": "im", "channel": "D1", "bot_id": "BBOT", "text": "x", "ts": "1.1"})
    slack_app.event({"type": "message", "channel_type": "im", "channel": "D1", "subtype": "message_changed", "ts": "1.2"})
    slack_app.event({"type": "message", "channel_type": "channel", "channel": "C1", "user": "U2", "text": "x", "ts": "1.3"})
    time.sleep(0.5)
    assert slack_app.rasa.messages == []


def test_home_tab_is_published_for_the_user(slack_app: SlackHarness) -> None:
    slack_app.event({"type": "app_home_opened", "user": "U_REC", "channel": "D1", "tab": "home"})
    view = slack_app.slack.wait_for("views.publish")[0].params
    assert view["user_id"] == "U_REC"
    shown = json.dumps(view["view"])
    assert view["view"]["type"] == "home" and "Hi Rita!" in shown and "/hr" in shown
    assert slack_app.slack.of("users.info")[0].params["user"] == "U_REC"
