"""A real trained model and a real Rasa + action server stack, shared by the e2e tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.servers import Stack, make_stack, project_root, rasa_python

RESULTS = project_root() / "results"
E2E_RATE_LIMIT = 20
"""Messages per minute per conversation: above any one test's, low enough that the limit's own test is quick."""


def rasa(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """Run the real `rasa` CLI from the Rasa-server environment in the project root."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run(
        [str(rasa_python()), "-m", "rasa", *args], cwd=project_root(), env=env,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Train the project's model from scratch (NLU + dialogue) once per test run.

    HRBOT_TEST_MODEL=<archive> reuses a model trained from the same data (quick local reruns; CI trains).
    """
    reuse = os.environ.get("HRBOT_TEST_MODEL", "").strip()
    if reuse:
        return Path(reuse).resolve()
    if not rasa_python().exists():
        pytest.fail(f"Rasa environment missing at {rasa_python()}: run scripts/install.sh")
    out = tmp_path_factory.mktemp("models")
    done = rasa("train", "--out", str(out), "--fixed-model-name", "hrbot-test")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    model = out / "hrbot-test.tar.gz"
    assert model.exists()
    return model


@pytest.fixture(scope="session")
def e2e_dir(indexed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seeded, indexed store: the conversations write to it."""
    from tests.retrieval.helpers import copy_store

    return copy_store(indexed_dir, tmp_path_factory.mktemp("e2e-store"))


@pytest.fixture(scope="session")
def stack(trained_model: Path, e2e_dir: Path) -> Iterator[Stack]:
    """Rasa server + action server on free loopback ports, over a private copy of the seeded store.

    The tests' own connectors (web chat, Slack app, CLI) get the stack's channel secret and API token.
    """
    log_dir = RESULTS / "e2e-logs"
    env = {"HRBOT_DATA_DIR": str(e2e_dir), "DATABASE_URL": "", "HRBOT_INDEX_DIR": "", "HRBOT_VECTOR_BACKEND": "",
           "HRBOT_RATE_LIMIT": str(E2E_RATE_LIMIT),
           "HRBOT_TRACKER_STORE": "sql"}  # conversations in <e2e_dir>/conversations.db: they survive a Rasa restart
    running = make_stack(log_dir=log_dir, extra_env=env)
    try:
        running.start(model=trained_model)
    except Exception:
        running.stop()
        raise
    with pytest.MonkeyPatch.context() as mp:
        for name, value in running.client_env.items():
            mp.setenv(name, value)
        yield running
    running.stop()
