"""The shared secrets: a configured one wins, else one is generated once per data dir, private to its owner."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from connectors.secrets import (
    ACTIONS, CHANNEL, RASA_API, SecretError, is_loopback, require_configured_for, secret_path, shared_secret,
)
from store.settings import get_settings


def test_generated_once_private_and_shared(tmp_path: Path) -> None:
    settings = get_settings({"HRBOT_DATA_DIR": str(tmp_path)})
    first = shared_secret(ACTIONS, settings)
    assert len(first) >= 40 and shared_secret(ACTIONS, settings) == first
    path = secret_path(ACTIONS, settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text().strip() == first
    assert len({first, shared_secret(CHANNEL, settings), shared_secret(RASA_API, settings)}) == 3  # one per purpose


def test_a_configured_secret_wins_and_writes_nothing(tmp_path: Path) -> None:
    settings = get_settings({"HRBOT_DATA_DIR": str(tmp_path), "HRBOT_RASA_TOKEN": " s3cret "})
    assert shared_secret(RASA_API, settings) == "s3cret"
    assert not secret_path(RASA_API, settings).exists()


def test_an_unwritable_data_dir_says_which_variable_to_set(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(SecretError, match="HRBOT_CHANNEL_SECRET"):
        shared_secret(CHANNEL, get_settings({"HRBOT_DATA_DIR": str(blocker)}))


@pytest.mark.parametrize("host, local", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("::", False), ("10.1.2.3", False), ("hr.example.com", False),
])
def test_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_beyond_loopback_only_with_a_configured_secret() -> None:
    require_configured_for("127.0.0.1", ACTIONS, get_settings({}))
    require_configured_for("0.0.0.0", ACTIONS, get_settings({"HRBOT_ACTIONS_SECRET": "long-random"}))
    with pytest.raises(SecretError, match="refusing to listen on 0.0.0.0: set HRBOT_ACTIONS_SECRET"):
        require_configured_for("0.0.0.0", ACTIONS, get_settings({}))
