"""Interactive terminal chat against Rasa's REST channel."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from connectors.terminal.render import pick, render

MAX_MESSAGE_CHARS = 5000


def send(webhook: str, sender: str, text: str, timeout: float = 60.0) -> list[dict]:
    """One user message through Rasa's REST channel; the bot's replies."""
    response = httpx.post(webhook, json={"sender": sender, "message": text}, timeout=timeout)
    response.raise_for_status()
    return response.json()


def repl(webhook: str, sender: str, read: Callable[[str], str] = input, write: Callable[[str], None] = print) -> None:
    """Read-eval-print until EOF, /quit or Ctrl-C; connection problems are reported, not raised."""
    write(f"hrbot: chatting as '{sender}'. Type /quit to leave; pick a button by its number.")
    buttons: list[dict[str, str]] = []
    while True:
        try:
            line = read("you> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if line.strip() in {"/quit", "/exit"}:
            return
        if not line.strip():
            continue
        message = pick(line, buttons)[:MAX_MESSAGE_CHARS]
        try:
            replies = send(webhook, sender, message)
        except httpx.HTTPError as exc:
            write(f"hrbot> I can't reach the assistant at {webhook} ({type(exc).__name__}). Is it running?")
            continue
        text, buttons = render(replies)
        write("hrbot> " + (text or "(no reply)").replace("\n", "\n       "))
