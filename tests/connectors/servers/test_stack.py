"""Restarting one child of a stack on its port (the fault tests' crash and supervisor), on a stand-in server."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from connectors.servers.stack import StackError, free_port, make_stack, wait_http


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
