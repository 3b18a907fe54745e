"""The chat server's HTTP surface: local hosts only, JSON only, bounded input, no stray files."""

from __future__ import annotations

import httpx
import pytest

from connectors.web import ChatServer
from connectors.web.users import DEFAULT_USERS
from tests.connectors.slack.fakes import FakeRasa


def test_message_is_forwarded_with_the_chosen_handle(chat: ChatServer, fake_rasa: FakeRasa) -> None:
    reply = httpx.post(chat.url + "api/message", json={"sender": "rita", "message": " hi "})
    assert reply.status_code == 200 and reply.json()["messages"][0]["text"] == "you said: hi"
    assert fake_rasa.messages == [{"sender": "rita", "message": "hi"}]


@pytest.mark.parametrize("kwargs, status", [
    ({"json": {"sender": "rita"}}, 400),
    ({"content": b"sender=rita&message=hi", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415),
    ({"content": b"{" + b" " * 70_000 + b"}", "headers": {"Content-Type": "application/json"}}, 413),
    ({"json": {"sender": "rita", "message": "hi"}, "headers": {"Host": "evil.example:80"}}, 403),
])
def test_bad_requests_are_refused(chat: ChatServer, fake_rasa: FakeRasa, kwargs: dict, status: int) -> None:
    assert httpx.post(chat.url + "api/message", **kwargs).status_code == status
    assert fake_rasa.messages == []


def test_page_and_assets_are_served_with_a_strict_policy(chat: ChatServer) -> None:
    page = httpx.get(chat.url)
    assert page.status_code == 200 and "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "https://" not in page.text  # no CDN
    assert httpx.get(chat.url + "static/renderers.js").headers["Content-Type"].startswith("text/javascript")
    assert httpx.get(chat.url + "static/../server.py").status_code == 404
    assert httpx.get(chat.url + "static/%2e%2e%2fserver.py").status_code == 404


def test_users_come_from_the_store(chat: ChatServer) -> None:
    users = httpx.get(chat.url + "api/users").json()["users"]
    assert [u["handle"] for u in users] == ["rita", "ellen", "employee"]


def test_users_fall_back_when_the_store_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from connectors.web.users import known_users

    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert known_users() == DEFAULT_USERS
