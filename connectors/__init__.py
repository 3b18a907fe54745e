"""The outside world: channels (Slack, web chat, terminal), the `hrbot` CLI and server start-up."""

from connectors.errors import ConnectorError
from connectors.rasa_client import (
    MAX_MESSAGE_CHARS, AsyncRasaClient, RasaClient, RasaUnavailable, webhook_url,
)

__all__ = ["ConnectorError", "MAX_MESSAGE_CHARS", "AsyncRasaClient", "RasaClient", "RasaUnavailable", "webhook_url"]
