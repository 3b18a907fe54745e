"""The stack: one set of secrets shared with its servers, no exposed action server on a generated one, and
restarting one child on its port (the fault tests' crash and supervisor), on a stand-in server."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from connectors.servers import StackError, make_stack
from connectors.servers.stack import free_port, wait_http


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


def test_a_killed_child_starts_again_on_its_port(tmp_path: Path) -> None:
    stack = make_stack(log_dir=tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    try:
        first = stack._spawn("web", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], url)
        wait_http(url, first, 60, tmp_path / "web.log")
        stack.kill("web")
        assert first.poll() is not None and first not in stack.procs
        with pytest.raises(httpx.ConnectError):
            httpx.get(url, timeout=2)
        with pytest.raises(StackError, match="web is not running"):
            stack.kill("web")
        stack.start_child("web", timeout=60)
        assert httpx.get(url, timeout=5).status_code == 200
        second = stack._proc("web")
        assert second is not first and second.poll() is None
        stack.restart("web", timeout=60)
        assert stack._proc("web") is not second and httpx.get(url, timeout=5).status_code == 200
    finally:
        stack.stop()
    assert stack.procs == []


def test_the_action_server_starts_after_the_step_that_runs_while_rasa_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`hrbot web --setup` builds the indexes while Rasa loads; the action server then warms up on them."""
    for name in ("HRBOT_ACTIONS_SECRET", "HRBOT_CHANNEL_SECRET", "HRBOT_RASA_TOKEN", "HRBOT_ACTIONS_HOST"):
        monkeypatch.delenv(name, raising=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "status").write_text("{}")
    venv = tmp_path / "stand-in-rasa"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"  # answers Rasa's /status on the port it is given, like `rasa run`
    python.write_text('#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = "--port" ] && port=$2; shift; done\n'
                      f'exec {sys.executable} -m http.server "$port" --bind 127.0.0.1 --directory {site}\n')
    python.chmod(0o755)
    monkeypatch.setenv("HRBOT_RASA_VENV", str(venv))
    stack = make_stack(log_dir=tmp_path / "logs", extra_env={"HRBOT_DATA_DIR": str(tmp_path), "HRBOT_TRACKER_STORE": "memory"})
    seen: list[set[str]] = []
    try:
        stack.start(model=tmp_path / "model.tar.gz", timeout=120, while_rasa_loads=lambda: seen.append(set(stack.children)))
        assert seen == [{"rasa"}]  # the step ran once, with Rasa launched and the action server not yet
        assert set(stack.children) == {"rasa", "actions"}
        assert httpx.get(f"http://127.0.0.1:{stack.actions_port}/health", timeout=5).status_code == 200
    finally:
        stack.stop()
    assert stack.procs == []


def test_a_failing_step_while_rasa_loads_leaves_no_server_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connectors.cli.channels import ensure_rasa

    started: list[object] = []

    def start(self: object, **kwargs: object) -> None:
        started.append(self)
        kwargs["while_rasa_loads"]()  # type: ignore[operator]

    def stop(self: object) -> None:
        started.remove(self)

    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("connectors.servers.stack.Stack.start", start)
    monkeypatch.setattr("connectors.servers.stack.Stack.stop", stop)

    def broken() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensure_rasa(f"http://127.0.0.1:{free_port()}", broken)
    assert started == []  # the stack that was starting was stopped
