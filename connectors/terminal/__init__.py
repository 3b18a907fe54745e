"""The terminal channel: `hrbot chat`."""

from connectors.terminal.chat import repl
from connectors.terminal.render import pick, render

__all__ = ["pick", "render", "repl"]
