"""Our action server: loopback, no CORS, and no action runs without the shared secret."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from connectors.servers import free_port, project_root
from connectors.servers.action_server import authorised
from connectors.servers.stack import wait_http

SECRET = "a-long-random-test-secret"
CALL = {"next_action": "action_probe", "sender_id": "recruiter", "version": "3.6.21", "domain": {},
        "tracker": {"sender_id": "recruiter", "slots": {}, "latest_message": {}, "events": [], "paused": False,
                    "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}}


@dataclass
class Running:
    url: str
    port: int
    trace: Path

    def ran(self) -> list[str]:
        """The sender ids the probe action ran for."""
        return self.trace.read_text().split() if self.trace.exists() else []


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen:
    """The action server over the probe action, with `env` on top of a private data dir."""
    full = {**os.environ, "HRBOT_DATA_DIR": str(tmp_path), "PROBE_FILE": str(tmp_path / "ran.txt"), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "connectors.servers.action_server", "--actions", "tests.connectors.servers.probe_actions",
         *args], cwd=project_root(), env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("actions")
    port = free_port()
    proc = start(folder, "--port", str(port), HRBOT_ACTIONS_SECRET=SECRET)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/health", proc, 60, folder / "(stdout)")
        yield Running(url, port, folder / "ran.txt")
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on `port` (Linux /proc/net/tcp: hex address, state 0A = LISTEN)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_the_shared_secret_runs_the_action(server: Running) -> None:
    answer = httpx.post(f"{server.url}/webhook", json=CALL, headers={"X-Hrbot-Actions-Secret": SECRET})
    assert answer.status_code == 200 and answer.json()["responses"][0]["text"] == "probed"
    assert server.ran()[-1] == "recruiter"


@pytest.mark.parametrize("headers", [{}, {"X-Hrbot-Actions-Secret": "wrong"}, {"X-Hrbot-Actions-Secret": ""},
                                     {"Authorization": f"Bearer {SECRET}"}], ids=["none", "wrong", "empty", "elsewhere"])
def test_a_forged_call_is_refused_and_nothing_runs(server: Running, headers: dict[str, str]) -> None:
    before = server.ran()
    forged = {**CALL, "sender_id": "forger", "tracker": {**CALL["tracker"], "sender_id": "forger"}}
    answer = httpx.post(f"{server.url}/webhook", json=forged, headers=headers)
    assert answer.status_code == 401 and "probed" not in answer.text
    assert httpx.get(f"{server.url}/actions", headers=headers).status_code == 401
    assert server.ran() == before and "forger" not in server.ran()


def test_health_is_open_loopback_only_and_no_cors(server: Running) -> None:
    evil = {"Origin": "https://evil.example"}
    health = httpx.get(f"{server.url}/health", headers=evil)
    assert health.status_code == 200 and "access-control-allow-origin" not in health.headers
    preflight = httpx.options(f"{server.url}/webhook", headers={**evil, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    assert listening_addresses(server.port) == {"127.0.0.1"}


def test_beyond_loopback_without_a_configured_secret_it_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HRBOT_ACTIONS_SECRET"}
    proc = subprocess.run(
        [sys.executable, "-m", "connectors.servers.action_server", "--port", str(free_port()), "--host", "0.0.0.0"],
        cwd=project_root(), env={**env, "HRBOT_DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert "refusing to listen on 0.0.0.0: set HRBOT_ACTIONS_SECRET" in proc.stderr


def test_authorised_compares_whole_secrets() -> None:
    assert authorised(SECRET, SECRET)
    assert not authorised(SECRET[:-1], SECRET) and not authorised(None, SECRET) and not authorised("", "")


def test_it_warms_search_up_once_listening_and_builds_nothing(tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "actions.log"
    env = {**os.environ, "HRBOT_DATA_DIR": str(tmp_path), "HRBOT_ACTIONS_SECRET": SECRET}
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "connectors.servers.action_server", "--actions",
                                 "tests.connectors.servers.probe_actions", "--port", str(port)],
                                cwd=project_root(), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/health", proc, 60, log)
        for _ in range(120):  # the warm-up runs in the background: its verdict comes soon after
            if "not warmed up" in log.read_text():
                break
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert "search not warmed up: IndexNotReady" in log.read_text()  # an empty store: nothing to load
    assert not (tmp_path / "indexes" / "candidates").exists()
