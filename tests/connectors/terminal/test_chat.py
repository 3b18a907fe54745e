"""The terminal chat: a turn through Rasa's REST channel, buttons by number, a polite outage."""

from __future__ import annotations

from collections.abc import Callable

from connectors.rasa_client import webhook_url
from connectors.servers import free_port
from connectors.terminal import repl
from tests.connectors.slack.fakes import FakeRasa


def typed(*lines: str) -> Callable[[str], str]:
    """`input` replaced by these lines, then end of input."""
    queue = list(lines)

    def read(_prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def test_a_turn_and_a_button_picked_by_number(fake_rasa: FakeRasa) -> None:
    fake_rasa.script = lambda sender, message: [
        {"recipient_id": sender, "text": f"you said: {message}", "buttons": [{"title": "Help", "payload": "/help"}]}
    ]
    out: list[str] = []
    repl(webhook_url(fake_rasa.url), "rita", read=typed("hello", "1", "/quit"), write=out.append)
    assert [m["message"] for m in fake_rasa.messages] == ["hello", "/help"]
    assert out[1] == "hrbot> you said: hello\n         [1] Help"


def test_rasa_down_is_reported_and_the_chat_goes_on() -> None:
    out: list[str] = []
    webhook = webhook_url(f"http://127.0.0.1:{free_port()}")
    repl(webhook, "rita", read=typed("hello", "again"), write=out.append)
    assert out[1] == f"hrbot> I can't reach the assistant at {webhook} (ConnectError). Is it running?"
    assert len(out) == 4 and out[-1] == ""
