"""Bolt listeners, one module per kind: events, actions, commands, views."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from connectors.slack.bridge import Bridge
from connectors.slack.listeners import actions, commands, events, views


def register_all(app: AsyncApp, bridge: Bridge) -> None:
    """Attach every listener to the app."""
    for kind in (events, actions, commands, views):
        kind.register(app, bridge)
