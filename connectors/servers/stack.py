"""Starting and stopping the Rasa server and the action server as child processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from connectors.errors import ConnectorError
from connectors.rasa_client import webhook_url
from connectors.secrets import (
    ACTIONS, ACTIONS_HEADER, CHANNEL, ENV_VARS, RASA_API, configured, exposed, is_loopback, shared_secret,
)
from connectors.servers.paths import app_python, latest_model, project_root, rasa_python
from connectors.servers.tracker import TrackerStoreError, tracker_password, tracker_store_yaml
from store.settings import get_settings


class StackError(ConnectorError, RuntimeError):
    """A server did not come up; the message says which and where its log is."""


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(
    url: str, proc: subprocess.Popen, timeout: float, log: Path, params: dict[str, str] | None = None
) -> None:
    """Poll `url` until it answers 200, failing early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StackError(f"{url} process exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(url, params=params, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise StackError(f"{url} did not answer within {timeout:.0f} s; see {log}")


@dataclass
class Stack:
    """A running Rasa server + action server pair on loopback."""

    rasa_port: int
    actions_port: int
    log_dir: Path
    env: dict[str, str]
    procs: list[subprocess.Popen] = field(default_factory=list)
    more_rasa_ports: list[int] = field(default_factory=list)
    endpoints_extra: str = ""
    """More endpoints.yml settings, e.g. the shared lock store of a scaled stack."""
    children: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    """Each child by log name: its command line and the URL that answers once it is up (for restarts)."""
    configured_secrets: frozenset[str] = frozenset()
    """The secrets set by the caller (the others were generated into the data dir; see connectors/secrets.py)."""

    @property
    def rasa_url(self) -> str:
        """Base URL of Rasa's HTTP API."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def api_params(self) -> dict[str, str]:
        """The token query parameter Rasa's HTTP API wants (/status, /conversations, /model/parse)."""
        return {"token": self.env[ENV_VARS[RASA_API]]}

    @property
    def client_env(self) -> dict[str, str]:
        """The secrets a connector needs to talk to this stack as a verified channel."""
        return {ENV_VARS[name]: self.env[ENV_VARS[name]] for name in (CHANNEL, RASA_API)}

    @property
    def webhook(self) -> str:
        """Rasa's REST channel, which every connector speaks."""
        return webhook_url(self.rasa_url)

    @property
    def webhooks(self) -> list[str]:
        """The REST channel of every Rasa server of this stack."""
        return [webhook_url(f"http://127.0.0.1:{p}") for p in [self.rasa_port, *self.more_rasa_ports]]

    def _spawn(self, name: str, argv: list[str], ready_url: str = "") -> subprocess.Popen:
        log = self.log_dir / f"{name}.log"
        handle = open(log, "ab")  # noqa: SIM115 - lives as long as the child
        proc = subprocess.Popen(
            argv, cwd=project_root(), env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append(proc)
        self.children[name] = (argv, ready_url)
        return proc

    def start(self, model: Path | None = None, timeout: float = 240.0,
              while_rasa_loads: Callable[[], None] | None = None) -> "Stack":
        """Start both servers and wait until each answers.

        `while_rasa_loads` runs once the Rasa servers are launched and before the action server is:
        the first run builds the search indexes while Rasa loads its model (the action server then
        warms up on indexes that exist).
        """
        model = model or latest_model()
        if model is None:
            raise StackError("no trained model in models/: run `hrbot train` first")
        try:
            tracker_store = tracker_store_yaml(self.env, project_root())
        except TrackerStoreError as exc:
            raise StackError(str(exc)) from exc
        endpoints = self.log_dir / "endpoints.yml"
        actions_host = get_settings(self.env).actions_host
        if not is_loopback(actions_host) and ACTIONS not in self.configured_secrets:
            raise StackError(exposed(actions_host, ACTIONS))  # a generated secret guards loopback only
        endpoints.write_text(  # the secret stays in the environment: Rasa expands ${...} (unquoted only)
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'  headers:\n    {ACTIONS_HEADER}: ${{{ENV_VARS[ACTIONS]}}}\n' + tracker_store + self.endpoints_extra
        )
        self.env.update(tracker_password(self.env))
        servers = []
        for i, port in enumerate([self.rasa_port, *self.more_rasa_ports]):
            argv = [
                str(rasa_python()), "-m", "rasa_server", "run", "--enable-api", "--model", str(model),
                "--endpoints", str(endpoints), "--credentials", str(project_root() / "credentials.yml"),
                "--port", str(port), "--interface", "127.0.0.1",  # no CORS; the token comes from HRBOT_RASA_TOKEN
            ]
            name = "rasa" if i == 0 else f"rasa-{i}"
            servers.append((port, self._spawn(name, argv, f"http://127.0.0.1:{port}/status")))
        if while_rasa_loads is not None:
            while_rasa_loads()
        actions = self._spawn(
            "actions",
            [str(app_python()), "-m", "connectors.servers.action_server", "--actions", "bot.actions",
             "--port", str(self.actions_port), "--host", actions_host],
            f"http://127.0.0.1:{self.actions_port}/health",
        )
        wait_http(f"http://127.0.0.1:{self.actions_port}/health", actions, timeout, self.log_dir / "actions.log")
        for i, (port, proc) in enumerate(servers):
            log = self.log_dir / ("rasa.log" if i == 0 else f"rasa-{i}.log")
            wait_http(f"http://127.0.0.1:{port}/status", proc, timeout, log, self.api_params)
        return self

    def stop(self) -> None:
        """Terminate both servers (their whole process groups)."""
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            _reap(proc)
        self.procs.clear()

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Stop one child ("actions", "rasa", "rasa-1", ...) as a crash would (SIGKILL) or politely (SIGTERM)."""
        proc = self._proc(name)
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        _reap(proc)
        self.procs.remove(proc)

    def start_child(self, name: str, timeout: float = 240.0) -> None:
        """Start a stopped child again on its port, with the same command line, and wait until it answers."""
        argv, ready_url = self.children[name]
        proc = self._spawn(name, argv, ready_url)
        params = self.api_params if name == "rasa" or name.startswith("rasa-") else None
        wait_http(ready_url, proc, timeout, self.log_dir / f"{name}.log", params)

    def restart(self, name: str, sig: int = signal.SIGKILL, timeout: float = 240.0) -> None:
        """Kill one child and start it again on the same port (a crash and its supervisor's restart)."""
        self.kill(name, sig)
        self.start_child(name, timeout)

    def restart_rasa(self, timeout: float = 240.0) -> None:
        """Restart every Rasa server of this stack; conversations go on from the tracker store."""
        for name in [n for n in self.children if n == "rasa" or n.startswith("rasa-")]:
            self.restart(name, timeout=timeout)

    def restart_actions(self, timeout: float = 240.0) -> None:
        """Restart the action server (stateless: the conversation state lives in Rasa's tracker)."""
        self.restart("actions", timeout=timeout)

    def _proc(self, name: str) -> subprocess.Popen:
        """The running process of child `name` (the newest, after restarts)."""
        argv = self.children[name][0]
        for proc in reversed(self.procs):
            if proc.args == argv:
                return proc
        raise StackError(f"{name} is not running")

    def __enter__(self) -> "Stack":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_stack(
    rasa_port: int | None = None, actions_port: int | None = None, log_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Stack:
    """A Stack on the given (or free) ports, logging to `log_dir` (or a temp dir)."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="hrbot-stack-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false", **(extra_env or {})}
    env.setdefault("HRBOT_DATA_DIR", str((project_root() / "var").resolve()))
    settings = get_settings(env)
    names = (ACTIONS, CHANNEL, RASA_API)
    given = frozenset(name for name in names if configured(name, settings))
    env.update({ENV_VARS[name]: shared_secret(name, settings) for name in names})
    return Stack(rasa_port or free_port(), actions_port or free_port(), log_dir, env, configured_secrets=given)


def _reap(proc: subprocess.Popen) -> None:
    """Wait for a child that was told to stop; kill its group if it lingers."""
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
