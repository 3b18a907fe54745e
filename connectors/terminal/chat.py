"""Interactive terminal chat against Rasa's REST channel."""

from __future__ import annotations

from collections.abc import Callable

from connectors.rasa_client import RasaClient, RasaUnavailable
from connectors.terminal.render import pick, render


def repl(
    webhook: str, sender: str, read: Callable[[str], str] = input, write: Callable[[str], None] = print,
    rasa: RasaClient | None = None,
) -> None:
    """Read-eval-print until EOF, /quit or Ctrl-C; connection problems are reported, not raised."""
    own = rasa is None
    rasa = rasa or RasaClient(webhook)
    try:
        _loop(webhook, sender, rasa, read, write)
    finally:
        if own:
            rasa.close()


def _loop(webhook: str, sender: str, rasa: RasaClient, read: Callable[[str], str], write: Callable[[str], None]) -> None:
    """The chat itself: one turn per line read."""
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
        try:
            replies = rasa.send(sender, pick(line, buttons))
        except RasaUnavailable as exc:
            write(f"hrbot> I can't reach the assistant at {webhook} ({exc.cause}). Is it running?")
            continue
        text, buttons = render(replies)
        write("hrbot> " + (text or "(no reply)").replace("\n", "\n       "))
