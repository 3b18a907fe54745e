"""Custom actions served by the rasa-sdk action server (`python -m rasa_sdk --actions bot.actions`)."""

from bot.actions.applications import ActionApplicationStatus

__all__ = ["ActionApplicationStatus"]
