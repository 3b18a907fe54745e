"""Block Kit renderers, one per payload `type`, with a generic fallback for types not known yet.

Importing the package registers every renderer (basic, people, catalog, policies); `renders` adds more.
"""

from connectors.slack.renderers import basic, catalog, people, policies  # noqa: F401  (each registers its renderers)
from connectors.slack.renderers.registry import Renderer, renderer_for, renders
from connectors.slack.renderers.turn import render_reply, render_turn

__all__ = ["Renderer", "render_reply", "render_turn", "renderer_for", "renders"]
