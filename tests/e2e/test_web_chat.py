"""The web chat in headless Chromium against the real trained model and action server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from connectors.servers import Stack, project_root
from connectors.web import ChatServer, make_server, serve_in_thread
from tests.connectors.web.browser import chromium

pytestmark = pytest.mark.slow


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        yield context.new_page()
        context.close()


@pytest.fixture
def chat(stack: Stack, seeded: Any) -> Iterator[ChatServer]:
    """The chat server over the seeded store (for the who-am-I list) in front of the real Rasa."""
    server = make_server(stack.webhook, port=0)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def test_help_then_example_button_as_recruiter(page: Any, chat: ChatServer) -> None:
    page.goto(chat.url)
    page.wait_for_selector("#who option[value=recruiter]", state="attached")
    page.select_option("#who", "recruiter")
    page.fill("#message", "what can you do?")
    page.press("#message", "Enter")
    help_reply = page.locator(".msg.bot[data-type=help]")
    help_reply.wait_for(timeout=60_000)
    example = help_reply.get_by_role("button").first
    asked = example.inner_text()
    example.click()
    page.locator(".msg.user").nth(1).wait_for()
    assert page.locator(".msg.user").nth(1).inner_text() == asked
    answer = page.locator(".msg.bot:not(.typing)").nth(1)
    answer.wait_for(timeout=60_000)
    shown = answer.inner_text()
    assert shown.strip() and "can't reach" not in shown and "recruiter-only" not in shown
    (project_root() / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(project_root() / "results" / "web-chat-e2e.png"), full_page=True)
