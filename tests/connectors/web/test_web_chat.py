"""The web chat in real headless Chromium: ask, see cards, click a button, see the answer."""

from __future__ import annotations

from typing import Any

from tests.connectors.slack.fakes import FakeRasa
from tests.connectors.slack.replies import rest, status_of_amara, two_amaras

from connectors.servers import free_port, project_root
from connectors.web import ChatServer, make_server, serve_in_thread

RESULTS = project_root() / "results"


def script(sender: str, message: str) -> list[dict]:
    """Fake Rasa: a name asks which person; a chosen person gets their status card."""
    if message.startswith("/application_status"):
        return rest(status_of_amara(), sender)
    if "Amara" in message:
        return rest(two_amaras(), sender)
    return [{"recipient_id": sender, "text": "<img src=x onerror=\"document.title='pwned'\"> & more"}]


def ask(page: Any, text: str) -> None:
    page.fill("#message", text)
    page.press("#message", "Enter")


def test_ask_pick_a_card_button_and_see_the_status(page: Any, chat: ChatServer, fake_rasa: FakeRasa) -> None:
    fake_rasa.script = script
    page.goto(chat.url)
    page.wait_for_selector("#who option[value=rita]", state="attached")
    assert page.locator("#who optgroup[label=recruiters] option").all_inner_texts() == ["Rita (rita)"]
    page.select_option("#who", "rita")
    page.get_by_text("Chatting as rita (recruiter).").wait_for()

    ask(page, "where is Amara Okafor in the process?")
    cards = page.locator(".msg.bot[data-type=disambiguation] .card")
    cards.first.wait_for()
    assert cards.count() == 2
    assert "ML Engineer · Munich" in cards.nth(1).inner_text()

    cards.nth(1).get_by_role("button", name="This one").click()
    status = page.locator(".msg.bot[data-type=application_status] .card")
    status.wait_for()
    shown = status.inner_text()
    assert "Amara Okafor" in shown and "Senior NLP Engineer" in shown and "phone screen · since 2026-03-02" in shown
    assert page.locator(".msg.user").all_inner_texts() == [
        "where is Amara Okafor in the process?", "Amara Okafor (ML Engineer · Munich)"]
    assert page.locator(".msg.bot[data-type=disambiguation] button.once:enabled").count() == 0
    assert page.get_by_text("You chose: Amara Okafor (ML Engineer · Munich)").is_visible()
    assert fake_rasa.messages[-1] == {"sender": "rita", "message": '/application_status{"person": "Amara Okafor"}'}

    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web-chat.png"), full_page=True)


def test_role_card_quotes_the_posting_for_each_requirement(page: Any, chat: ChatServer, fake_rasa: FakeRasa) -> None:
    card = {"type": "role_card", "role_id": 7, "title": "Data Engineer", "location": "Munich", "evidence": [
        {"kind": "required", "value": "Spark", "evidence": "You have run <b>Spark</b> jobs in production."},
        {"kind": "years", "value": "3", "evidence": "3+ years of data work."}]}
    fake_rasa.script = lambda sender, message: [{"recipient_id": sender, "text": "Data Engineer", "custom": card}]
    page.goto(chat.url)
    ask(page, "tell me about the data engineer role")
    shown = page.locator(".msg.bot[data-type=role_card] .card")
    shown.wait_for()
    text = shown.inner_text()
    assert "From the posting:" in text and "Spark (required): “You have run <b>Spark</b> jobs in production.”" in text
    assert "3+ years of data work." not in text and "evidence" not in text  # years show as a fact, not a quote
    assert page.locator(".msg.bot b").count() == 0


def test_bot_text_is_shown_as_text_never_markup(page: Any, chat: ChatServer, fake_rasa: FakeRasa) -> None:
    fake_rasa.script = script
    page.goto(chat.url)
    ask(page, "hello")
    page.get_by_text("& more").wait_for()
    assert page.locator("#log img").count() == 0 and page.title() == "hrbot web chat"


def test_rasa_down_shows_a_clear_message(page: Any, people: Any) -> None:
    server = make_server(f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook", port=0, timeout=5)
    serve_in_thread(server)
    try:
        page.goto(server.url)
        ask(page, "hello")
        page.locator(".msg.bot.error").wait_for()
        assert "can't reach the assistant" in page.locator(".msg.bot.error").inner_text()
    finally:
        server.shutdown()
        server.server_close()


def test_without_demo_identities_the_page_chats_as_an_anonymous_guest(page: Any, fake_rasa: FakeRasa, people: Any) -> None:
    server = make_server(f"{fake_rasa.url}/webhooks/rest/webhook", port=0, timeout=10, demo=False)
    serve_in_thread(server)
    try:
        page.goto(server.url)
        page.get_by_text("Chatting as guest-").wait_for()
        assert page.locator("#who").is_disabled() and page.locator("#who option").count() == 1
        ask(page, "hello")
        page.get_by_text("you said: hello").wait_for()
        (call,) = fake_rasa.of("webhook")
        assert call.params["sender"].startswith("guest-")
        assert "x-hrbot-channel-secret" not in {k.lower() for k in call.headers}
    finally:
        server.shutdown()
        server.server_close()
