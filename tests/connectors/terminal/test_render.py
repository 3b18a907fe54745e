"""Structured replies render as readable terminal text; numbers pick buttons."""

from __future__ import annotations

from connectors.terminal.render import pick, render


def test_render_text_and_numbered_buttons() -> None:
    text, buttons = render([
        {"recipient_id": "u", "text": "Did you mean: Ana Costa, Anna Kost?",
         "buttons": [{"title": "Ana Costa", "payload": "/application_status{\"person\": \"Ana Costa\"}"},
                     {"title": "Anna Kost", "payload": "/x"}]},
        {"recipient_id": "u", "custom": {"type": "help", "text": "extra"}},
    ])
    assert text.splitlines() == ["Did you mean: Ana Costa, Anna Kost?", "  [1] Ana Costa", "  [2] Anna Kost", "extra"]
    assert pick("1", buttons).startswith("/application_status")
    assert pick("3", buttons) == "3"
    assert pick("hello", buttons) == "hello"
