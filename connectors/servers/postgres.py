"""A throwaway PostgreSQL server on loopback, started from the Debian binaries (tests, benchmarks, scaled stacks)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from connectors.servers.stack import free_port


def pg_bindir() -> Path | None:
    """The newest installed PostgreSQL server binaries, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_postgres(argv: list[str]) -> list[str]:
    """initdb refuses root; run server tools as the `postgres` system user when we are root."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@dataclass
class PostgresCluster:
    """A running throwaway cluster: its DATABASE_URL, and a restart as an operator's would be."""

    url: str
    data: Path
    log: Path
    port: int
    sock: Path
    bindir: Path

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, capture_output=True, text=True)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: open sessions are cut, as in a restart; immediate: as in a crash)."""
        self._ctl("-m", mode, "-w", "stop")

    def start(self) -> None:
        """Start it again on the same port and wait until it accepts connections."""
        self._ctl("-l", str(self.log), "-w", "-t", "60", "start",
                  "-o", f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c fsync=off")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start: every open connection to it is gone afterwards."""
        self.stop(mode)
        self.start()


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start a fresh cluster, yield it (URL, restart), and remove it afterwards."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="hrbot-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        for path in (root, sock):
            os.chown(path, pg.pw_uid, pg.pw_gid)
    port = free_port()
    run = lambda argv: subprocess.run(_as_postgres(argv), check=True, capture_output=True, text=True)  # noqa: E731
    run([str(bindir / "initdb"), "-D", str(data), "-U", "hrbot", "--auth=trust", "-E", "UTF8"])
    cluster = PostgresCluster(f"postgresql://hrbot@127.0.0.1:{port}/hrbot", data, root / "server.log", port, sock, bindir)
    cluster.start()
    try:
        for _ in range(60):
            probe = subprocess.run(
                [str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True
            )
            if probe.returncode == 0:
                break
            time.sleep(0.5)
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "hrbot", "hrbot"])
        yield cluster
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a fresh cluster, yield a DATABASE_URL for it, and remove it afterwards."""
    with postgres_cluster() as cluster:
        yield cluster.url
