"""Which renderer draws a payload `type`: a registry that renderer modules add themselves to."""

from __future__ import annotations

from collections.abc import Callable

from connectors.slack.blockkit import Block
from connectors.slack.turns import BotReply

Renderer = Callable[[BotReply], list[Block]]
_REGISTRY: dict[str, Renderer] = {}
GENERIC = ""
"""The type of plain text, and the renderer for types nobody registered."""


def renders(*types: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for payload types; a later registration replaces an earlier one."""

    def decorate(fn: Renderer) -> Renderer:
        for name in types:
            _REGISTRY[name] = fn
        return fn

    return decorate


def renderer_for(payload_type: str) -> Renderer:
    """The registered renderer, or the generic one."""
    return _REGISTRY.get(payload_type) or _REGISTRY[GENERIC]
