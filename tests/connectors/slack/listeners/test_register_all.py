"""Every kind's listeners are attached, after the middleware that hands them the bridge."""

from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, MagicMock

from connectors.slack.bridge import CONTEXT_KEY, Bridge
from connectors.slack.listeners import register_all


def test_register_all_uses_the_bridge_middleware_then_each_kind(bridge: Bridge) -> None:
    app = MagicMock()
    register_all(app, bridge)
    app.use.assert_called_once_with(bridge.middleware)
    assert [c.args[0] for c in app.event.call_args_list] == ["app_mention", "message", "app_home_opened"]
    assert app.action.call_count == 2 and app.command.call_count == 1 and app.view.call_count == 1


def test_the_middleware_puts_the_bridge_in_the_context_and_goes_on(bridge: Bridge) -> None:
    context: dict = {}
    next_ = AsyncMock()
    asyncio.run(bridge.middleware(context=context, next_=next_))  # type: ignore[arg-type]
    assert context[CONTEXT_KEY] is bridge
    next_.assert_awaited_once_with()
