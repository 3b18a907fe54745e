"""Fixtures shared by the channel tests (Slack and web chat)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.connectors.slack.fakes import FakeRasa


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    """A loopback stand-in for Rasa's REST channel, for tests about the channel itself."""
    server = FakeRasa()
    yield server
    server.close()
