"""Fixtures shared by the channel tests (Slack and web chat)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.connectors.slack.fakes import FakeRasa


@pytest.fixture(autouse=True)
def channel_secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Known channel secret and API token, so no test writes generated ones into a data dir it doesn't own."""
    values = {"HRBOT_CHANNEL_SECRET": "test-channel-secret", "HRBOT_RASA_TOKEN": "test-rasa-token"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    """A loopback stand-in for Rasa's REST channel, for tests about the channel itself."""
    server = FakeRasa()
    yield server
    server.close()
