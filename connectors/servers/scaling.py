"""Rasa's own way to scale: several Rasa servers sharing a SQL tracker store and a Redis lock store.

Any Rasa server can then answer any turn of any conversation (a plain round-robin balancer works);
the action server is stateless. Used by the load benchmark; a deployment sets the same two
stores in endpoints.yml (see the commented settings there).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.servers.postgres import postgres_server
from connectors.servers.stack import Stack, StackError, free_port, make_stack


@contextmanager
def redis_server() -> Iterator[int]:
    """A throwaway Redis on loopback (no persistence); yields its port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise StackError("redis-server not found (apt-get install redis-server)")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="hrbot-redis-"))
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        else:
            raise StackError("redis-server did not answer")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def shared_lock_yaml(redis_port: int) -> str:
    """The endpoints.yml part that makes Rasa servers share conversation locks (the tracker store is
    HRBOT_TRACKER_STORE, see connectors/servers/tracker.py)."""
    return f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {redis_port}\n  db: 1\n"


@dataclass
class ScaledStack:
    """Running Rasa servers, their action server and the shared stores, stopped together."""

    stack: Stack
    services: ExitStack

    @property
    def webhooks(self) -> list[str]:
        """One REST webhook per Rasa server."""
        return self.stack.webhooks

    def stop(self) -> None:
        """Servers first, then the stores they share."""
        try:
            self.stack.stop()
        finally:
            self.services.close()


def start_scaled(model: Path, servers: int, extra_env: dict[str, str] | None = None,
                 log_dir: Path | None = None) -> ScaledStack:
    """`servers` Rasa servers over one PostgreSQL tracker store and one Redis lock store."""
    services = ExitStack()
    try:
        tracker_url = services.enter_context(postgres_server())
        redis_port = services.enter_context(redis_server())
        stack = make_stack(log_dir=log_dir, extra_env={**(extra_env or {}), "HRBOT_TRACKER_STORE": tracker_url})
        stack.more_rasa_ports = [free_port() for _ in range(servers - 1)]
        stack.endpoints_extra = shared_lock_yaml(redis_port)
        try:
            stack.start(model=model)
        except Exception:
            stack.stop()
            raise
    except Exception:
        services.close()
        raise
    return ScaledStack(stack, services)
