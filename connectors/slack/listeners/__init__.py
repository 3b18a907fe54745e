"""Bolt listeners, one module per kind (events, actions, commands, views), as slack-bolt's starter app lays them out.

Each listener is a named module-level function; bolt passes it what it names (`ack`, `body`,
`client`, `respond`, ...) and `bridge`, which `Bridge.middleware` puts in the request context.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from connectors.slack.bridge import Bridge
from connectors.slack.listeners import actions, commands, events, views


def register_all(app: AsyncApp, bridge: Bridge) -> None:
    """Hand `bridge` to every listener, then attach each kind's listeners to the app."""
    app.use(bridge.middleware)
    for kind in (events, actions, commands, views):
        kind.register(app)
