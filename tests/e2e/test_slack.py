"""The Slack app against the real trained model and action server; Slack itself is a loopback fake."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session

from bot.services.identity import resolve_identity
from connectors.servers import Stack
from store.engine import get_engine
from tests.connectors.slack.fakes import FakeSlack
from tests.connectors.slack.harness import SlackHarness, start_app, stop_app

pytestmark = pytest.mark.slow


@pytest.fixture
def slack(stack: Stack) -> Iterator[SlackHarness]:
    """The Slack app in HTTP mode answering from the real Rasa stack."""
    fake = FakeSlack()
    url, stop = start_app(fake, stack.rasa_url)
    yield SlackHarness(url, fake, None)  # type: ignore[arg-type]
    stop_app(stop)
    fake.close()


def tracker_texts(stack: Stack, sender: str) -> list[str]:
    """What the user said in one Rasa conversation."""
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.api_params, timeout=30).json()
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def test_dm_help_and_example_button_stay_in_one_thread(slack: SlackHarness, stack: Stack) -> None:
    slack.dm("hello", user="U_E2E", ts="1700000100.000001")
    assert "I'm hrbot" in slack.slack.posted(1, timeout=60)[0]["text"]
    slack.dm("what can you do?", user="U_E2E", ts="1700000100.000002", event_id="EvHelp")
    help_post = slack.slack.posted(2, timeout=60)[1]
    assert help_post["thread_ts"] == "1700000100.000002" and "Here's what I can do" in help_post["text"]
    example = next(e for b in help_post["blocks"] if b["type"] == "actions" for e in b["elements"])
    message = {"type": "message", "ts": "1800000000.000002", "thread_ts": "1700000100.000002",
               "text": help_post["text"], "blocks": help_post["blocks"]}
    slack.interaction({"type": "block_actions", "user": {"id": "U_E2E"}, "trigger_id": "t", "channel": {"id": "D1"},
                       "container": {"type": "message", "message_ts": message["ts"], "channel_id": "D1"},
                       "message": message, "actions": [{**example, "block_id": "b"}]})
    answer = slack.slack.posted(3, timeout=60)[2]
    assert answer["thread_ts"] == "1700000100.000002" and answer["text"].strip()
    assert "can't reach the assistant" not in answer["text"]
    assert tracker_texts(stack, "U_E2E~D1:1700000100.000002") == ["what can you do?", example["value"]]
    assert tracker_texts(stack, "U_E2E~D1:1700000100.000001") == ["hello"]


def test_unknown_slack_user_is_an_employee(slack: SlackHarness) -> None:
    slack.command("status of Amara Okafor", user="U_STRANGER")
    answer = slack.slack.wait_for("response_url", timeout=60)[0].params
    assert "recruiter-only" in answer["text"] and answer["response_type"] == "ephemeral"


def test_recruiter_on_slack_sees_candidate_data(slack: SlackHarness, e2e_dir) -> None:
    with Session(get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")) as session:
        assert resolve_identity(session, "recruiter~C1:cmd").is_recruiter
    slack.command("where is Thaddeus Quorrington in the process?", user="recruiter")  # nobody of that name
    answer = slack.slack.wait_for("response_url", timeout=60)[0].params
    assert "recruiter-only" not in answer["text"] and "couldn't find anyone" in json.dumps(answer)
