"""The chat server's HTTP surface: local hosts only, JSON only, bounded input, no stray files, demo identities on loopback only."""

from __future__ import annotations

import httpx
import pytest

from connectors.web import ChatServer, WebConfigError, make_server, serve_in_thread
from connectors.web.server import demo_identities
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


def secret_sent(fake_rasa: FakeRasa) -> list[str | None]:
    """The channel secret header of each message Rasa got (None: sent as anonymous)."""
    return [{k.lower(): v for k, v in c.headers.items()}.get("x-hrbot-channel-secret") for c in fake_rasa.of("webhook")]


def test_demo_identities_vouch_for_the_picked_handle(chat: ChatServer, fake_rasa: FakeRasa, channel_secrets) -> None:
    assert chat.demo and httpx.get(chat.url + "api/users").json()["demo"] is True
    httpx.post(chat.url + "api/message", json={"sender": "rita", "message": "hi"})
    assert secret_sent(fake_rasa) == [channel_secrets["HRBOT_CHANNEL_SECRET"]]


def test_without_demo_identities_every_web_user_is_anonymous(fake_rasa: FakeRasa, people) -> None:
    server = make_server(f"{fake_rasa.url}/webhooks/rest/webhook", port=0, timeout=10, demo=False)
    serve_in_thread(server)
    try:
        assert httpx.get(server.url + "api/users").json() == {"users": [], "demo": False}
        reply = httpx.post(server.url + "api/message", json={"sender": "rita", "message": "hi"})
        assert reply.status_code == 200 and secret_sent(fake_rasa) == [None]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host, setting, demo", [
    ("127.0.0.1", "auto", True), ("127.0.0.1", "off", False), ("127.0.0.1", "on", True),
    ("0.0.0.0", "auto", False), ("10.0.0.5", "off", False),
])
def test_demo_identities_are_on_by_default_only_on_loopback(host: str, setting: str, demo: bool) -> None:
    assert demo_identities(host, setting) is demo


def test_demo_identities_beyond_loopback_refuse_to_start(fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WebConfigError, match="won't listen on 0.0.0.0"):
        demo_identities("0.0.0.0", "on")
    monkeypatch.setenv("HRBOT_WEB_DEMO_IDENTITIES", "on")
    with pytest.raises(WebConfigError):
        make_server(f"{fake_rasa.url}/webhooks/rest/webhook", host="0.0.0.0", port=0)
