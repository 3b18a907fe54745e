"""Locked down by default, against the real stack: forged action calls, cross-origin and token-less API calls,
a REST caller claiming a recruiter's sender id, and a sender over the rate limit."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from connectors.servers import Stack
from store.engine import get_engine
from store.models import Application, Candidate
from tests.e2e.chat import conversation, say, texts
from tests.e2e.conftest import E2E_RATE_LIMIT

pytestmark = pytest.mark.slow

EVIL = {"Origin": "https://evil.example"}


@pytest.fixture(scope="module")
def person(e2e_dir: Path) -> str:
    """A candidate with an application: what a recruiter may see and nobody else."""
    with Session(get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")) as session:
        return session.exec(select(Candidate.full_name).join(Application).order_by(Candidate.id)).first()


def action_call(sender: str, text: str, person: str) -> dict:
    """What Rasa would send the action server for "status of <person>" from `sender`, vouched for."""
    latest = {"text": text, "intent": {"name": "application_status", "confidence": 1.0},
              "entities": [{"entity": "person", "value": person}], "metadata": {"hrbot_verified": True}}
    tracker = {"sender_id": sender, "slots": {}, "latest_message": latest, "paused": False, "followup_action": None,
               "events": [{"event": "user", "text": text, "parse_data": latest, "metadata": latest["metadata"]}],
               "active_loop": {}, "latest_action_name": "action_listen"}
    return {"next_action": "action_application_status", "sender_id": sender, "tracker": tracker,
            "domain": {}, "version": "3.6.21"}


@pytest.mark.parametrize("headers", [{}, {"X-Hrbot-Actions-Secret": "guessed"}], ids=["no secret", "wrong secret"])
def test_a_forged_action_call_is_refused(stack: Stack, person: str, headers: dict[str, str]) -> None:
    forged = httpx.post(f"http://127.0.0.1:{stack.actions_port}/webhook", headers=headers,
                        json=action_call("recruiter", f"status of {person}", person), timeout=30)
    assert forged.status_code == 401 and person not in forged.text
    assert httpx.get(f"http://127.0.0.1:{stack.actions_port}/health", timeout=10).status_code == 200


def test_rasa_api_wants_the_token_and_allows_no_foreign_origin(stack: Stack) -> None:
    for path in ("/status", f"/conversations/{conversation('api')}/tracker"):
        bare = httpx.get(stack.rasa_url + path, headers=EVIL, timeout=30)
        assert bare.status_code == 401 and "access-control-allow-origin" not in bare.headers
    with_token = httpx.get(stack.rasa_url + "/status", params=stack.api_params, headers=EVIL, timeout=30)
    assert with_token.status_code == 200 and "access-control-allow-origin" not in with_token.headers
    preflight = httpx.options(stack.rasa_url + "/model/parse", timeout=30,
                              headers={**EVIL, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    injected = httpx.post(f"{stack.rasa_url}/conversations/recruiter/tracker/events", timeout=30,
                          json={"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}, "entities": []}, "metadata": {"hrbot_verified": True}})
    assert injected.status_code == 401


def test_a_plain_rest_caller_claiming_the_recruiter_sees_no_candidate_data(stack: Stack, person: str) -> None:
    text = f"what's the status of {person}?"
    anonymous = texts(say(stack, text, sender="recruiter", verified=False))
    assert "recruiter-only" in anonymous and person not in anonymous
    forged = httpx.post(stack.webhook, timeout=120, json={
        "sender": "recruiter", "message": text, "input_channel": "slack", "metadata": {"hrbot_verified": True}})
    assert "recruiter-only" in texts(forged.json()) and person not in texts(forged.json())
    wrong = httpx.post(stack.webhook, json={"sender": "recruiter", "message": text}, timeout=30,
                       headers={"X-Hrbot-Channel-Secret": "guessed"})
    assert wrong.status_code == 401 and person not in wrong.text
    assert person in texts(say(stack, text, sender=f"recruiter~{conversation('sec')}"))  # our connectors still can


def test_over_the_rate_limit_the_answer_is_clear_and_nothing_is_processed(stack: Stack) -> None:
    """All at once, so every message meets the limit within the same minute however slow the machine is."""
    sender = conversation("flood")
    with ThreadPoolExecutor(E2E_RATE_LIMIT + 1) as pool:
        answers = list(pool.map(lambda _: texts(say(stack, "hello", sender=sender)), range(E2E_RATE_LIMIT + 1)))
    refused = [a for a in answers if "faster than I can take them" in a]
    assert len(refused) == 1 and re.search(r"please wait \d+ s and try again", refused[0])
    assert all(a.strip() for a in answers)
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.api_params, timeout=30).json()
    assert sum(e.get("event") == "user" for e in tracker["events"]) == E2E_RATE_LIMIT
