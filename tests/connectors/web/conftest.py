"""Headless Debian Chromium driven by Playwright, and the chat server in front of a fake Rasa."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.models import User, UserRole
from connectors.web import ChatServer, make_server, serve_in_thread
from tests.connectors.slack.fakes import FakeRasa
from tests.connectors.web.browser import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no shared localStorage) per test."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def people(store: Engine) -> Engine:
    """An empty store with one recruiter and one employee for the who-am-I selector."""
    with Session(store) as session:
        session.add(User(handle="rita", display_name="Rita", role=UserRole.recruiter))
        session.add(User(handle="ellen", display_name="Ellen", role=UserRole.employee))
        session.commit()
    return store


@pytest.fixture
def chat(fake_rasa: FakeRasa, people: Engine) -> Iterator[ChatServer]:
    """The web chat on a free loopback port, forwarding to the fake Rasa."""
    server = make_server(f"{fake_rasa.url}/webhooks/rest/webhook", port=0, timeout=10)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()
