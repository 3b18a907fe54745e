"""`hrbot web` serves the chat in front of an already running Rasa."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from connectors.servers import free_port, project_root
from tests.connectors.slack.fakes import FakeRasa


def test_hrbot_web_serves_the_chat_and_forwards_to_rasa(fake_rasa: FakeRasa, tmp_path) -> None:
    port = free_port()
    env = {**os.environ, "HRBOT_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "connectors.cli", "web", "--port", str(port), "--url", fake_rasa.url],
        cwd=project_root(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert "hrbot web chat" in httpx.get(base).text
        reply = httpx.post(base + "api/message", json={"sender": "recruiter", "message": "hi"}, timeout=10)
        assert reply.json()["messages"][0]["text"] == "you said: hi"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"web chat on http://127.0.0.1:{port}/" in out
