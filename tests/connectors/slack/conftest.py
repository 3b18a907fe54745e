"""Fixtures: the fakes, and the Slack app started against them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.connectors.slack.fakes import FakeRasa, FakeSlack
from tests.connectors.slack.harness import SlackHarness, start_app, stop_app


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.close()


@pytest.fixture
def slack_app(fake_slack: FakeSlack, fake_rasa: FakeRasa) -> Iterator[SlackHarness]:
    """The app in HTTP mode, answering from the fake Rasa and posting to the fake Slack."""
    url, stop = start_app(fake_slack, fake_rasa.url)
    yield SlackHarness(url, fake_slack, fake_rasa)
    stop_app(stop)
