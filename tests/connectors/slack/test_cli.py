"""`hrbot slack`: clear errors for missing settings; in HTTP mode it serves the events endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from connectors.servers import free_port, project_root
from tests.connectors.slack.fakes import FakeRasa

CLEAN = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}


def hrbot(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "connectors.cli", "slack", *args], cwd=project_root(), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_missing_token_is_a_readable_error() -> None:
    out, _ = hrbot(env=CLEAN).communicate(timeout=60)
    assert "SLACK_BOT_TOKEN must be set" in out and "Traceback" not in out


def test_http_mode_serves_the_signed_endpoint(fake_rasa: FakeRasa) -> None:
    port = free_port()
    env = {**CLEAN, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    proc = hrbot("--url", fake_rasa.url, "--port", str(port), env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        unsigned = httpx.post(f"http://127.0.0.1:{port}/slack/events", json={"type": "event_callback"}, timeout=5)
        assert unsigned.status_code == 401
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/slack/events" in out
