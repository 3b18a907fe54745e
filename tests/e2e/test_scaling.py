"""Rasa's way to scale: two Rasa servers sharing a PostgreSQL tracker store and a Redis lock store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from connectors.rasa_client import channel_headers
from connectors.servers.postgres import pg_bindir
from connectors.servers.scaling import ScaledStack, start_scaled
from tests.e2e.chat import conversation

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scaled(trained_model: Path, e2e_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    if pg_bindir() is None or shutil.which("redis-server") is None:
        pytest.skip("needs the Debian postgresql and redis-server packages (scripts/test.sh installs them)")
    env = {"HRBOT_DATA_DIR": str(e2e_dir), "DATABASE_URL": "", "HRBOT_INDEX_DIR": "", "HRBOT_VECTOR_BACKEND": ""}
    running = start_scaled(trained_model, 2, extra_env=env, log_dir=tmp_path_factory.mktemp("scaled-logs"))
    yield running
    running.stop()


def turn(webhook: str, sender: str, text: str, secret: str) -> list[dict]:
    reply = httpx.post(webhook, json={"sender": sender, "message": text}, headers=channel_headers(secret), timeout=120)
    reply.raise_for_status()
    return reply.json()


def listed(replies: list[dict]) -> list[int]:
    """Candidate ids of the candidate_list payload."""
    lists = [r["custom"] for r in replies if isinstance(r.get("custom"), dict) and r["custom"].get("type") == "candidate_list"]
    assert lists, replies
    return [c["candidate_id"] for c in lists[0]["candidates"]]


def test_one_conversation_continues_on_the_other_server(scaled: ScaledStack) -> None:
    first, second = scaled.webhooks
    secret = scaled.stack.client_env["HRBOT_CHANNEL_SECRET"]
    sender = f"recruiter~{conversation('scale')}"
    page_one = listed(turn(first, sender, "find candidates with python and machine learning", secret))
    page_two = listed(turn(second, sender, "show more", secret))  # the other server knows where the search stopped
    assert page_one and page_two and not set(page_one) & set(page_two)
    profile = turn(first, sender, "tell me more about the first one", secret)
    assert any("custom" in r for r in profile)
