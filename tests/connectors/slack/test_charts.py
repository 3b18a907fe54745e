"""Charts in reply payloads (the workforce forecast) are found for upload; anything malformed is ignored."""

from __future__ import annotations

import base64

from connectors.slack.bridge import Chart, charts_of
from connectors.slack.turns import BotReply

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _reply(chart: object) -> BotReply:
    return BotReply(text="forecast", payload={"type": "workforce_forecast", "chart": chart})


def test_a_png_chart_is_found_with_its_alt_text() -> None:
    chart = {"mime": "image/png", "alt": "Leavers per quarter", "base64": base64.b64encode(PNG).decode()}
    assert charts_of([BotReply(text="hi"), _reply(chart)]) == [Chart(PNG, "Leavers per quarter")]


def test_malformed_charts_are_ignored() -> None:
    bad = [
        {"mime": "image/svg+xml", "base64": base64.b64encode(PNG).decode()},
        {"mime": "image/png", "base64": "not base64!!"},
        {"mime": "image/png", "base64": base64.b64encode(b"GIF89a").decode()},
        "a string",
    ]
    assert charts_of([_reply(c) for c in bad]) == []
