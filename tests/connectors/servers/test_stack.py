"""The stack shares one set of secrets with its servers and won't expose the action server on a generated one."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.servers import StackError, make_stack


def test_the_stack_hands_its_servers_the_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HRBOT_ACTIONS_SECRET", "HRBOT_CHANNEL_SECRET", "HRBOT_RASA_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    stack = make_stack(log_dir=tmp_path / "logs", extra_env={"HRBOT_DATA_DIR": str(tmp_path), "HRBOT_RASA_TOKEN": "given"})
    assert stack.configured_secrets == {"rasa-api"}
    assert stack.api_params == {"token": "given"}
    assert stack.env["HRBOT_ACTIONS_SECRET"] == (tmp_path / "secrets" / "actions").read_text().strip()
    assert set(stack.client_env) == {"HRBOT_CHANNEL_SECRET", "HRBOT_RASA_TOKEN"}  # connectors never get the actions one
    again = make_stack(log_dir=tmp_path / "logs", extra_env={"HRBOT_DATA_DIR": str(tmp_path)})
    assert again.env["HRBOT_CHANNEL_SECRET"] == stack.env["HRBOT_CHANNEL_SECRET"]


def test_actions_beyond_loopback_need_a_configured_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HRBOT_ACTIONS_SECRET", raising=False)
    stack = make_stack(log_dir=tmp_path, extra_env={"HRBOT_DATA_DIR": str(tmp_path), "HRBOT_ACTIONS_HOST": "0.0.0.0"})
    with pytest.raises(StackError, match="refusing to listen on 0.0.0.0: set HRBOT_ACTIONS_SECRET"):
        stack.start(model=tmp_path / "model.tar.gz")
    assert stack.procs == []  # nothing was started
