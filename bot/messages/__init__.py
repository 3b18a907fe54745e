"""How answers are worded and structured, one module per flow."""

from bot.messages.applications import ASK_WHO, status_reply
from bot.messages.reply import INTERNAL_ERROR, RECRUITERS_ONLY, STORE_DOWN, Reply

__all__ = ["ASK_WHO", "INTERNAL_ERROR", "RECRUITERS_ONLY", "STORE_DOWN", "Reply", "status_reply"]
