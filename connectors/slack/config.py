"""Slack app settings from environment variables (store.settings), checked once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from connectors.errors import ConnectorError
from store.settings import DEFAULT_RASA_URL, DEFAULT_SLACK_API_URL, get_settings


class SlackConfigError(ConnectorError, ValueError):
    """A missing or malformed setting; the message names the variable to fix."""


@dataclass(frozen=True)
class SlackConfig:
    """Everything the Slack app needs: tokens, where Rasa is, and where to listen in HTTP mode."""

    bot_token: str
    signing_secret: str = ""
    app_token: str = ""
    rasa_url: str = DEFAULT_RASA_URL
    api_url: str = DEFAULT_SLACK_API_URL
    host: str = "127.0.0.1"
    port: int = 3000
    path: str = "/slack/events"
    rasa_timeout: float = 60.0

    @property
    def socket_mode(self) -> bool:
        """Socket Mode (no public URL) whenever an app-level token is configured."""
        return bool(self.app_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "SlackConfig":
        """Read SLACK_* and HRBOT_RASA_URL (store.settings); `overrides` (CLI options) win over them."""
        settings = get_settings(env)
        values: dict[str, object] = {
            "bot_token": settings.slack_bot_token,
            "signing_secret": settings.slack_signing_secret,
            "app_token": settings.slack_app_token,
            "rasa_url": settings.rasa_url,
            "api_url": settings.slack_api_url,
            "host": settings.slack_host,
            "port": _port(settings.slack_port),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(**values)  # type: ignore[arg-type]
        config.validate()
        return config

    def validate(self) -> None:
        """Fail early with the variable to set instead of a Slack error at the first message."""
        if not self.bot_token.startswith("xoxb-"):
            raise SlackConfigError("SLACK_BOT_TOKEN must be set to the app's bot token (xoxb-...)")
        if self.app_token and not self.app_token.startswith("xapp-"):
            raise SlackConfigError("SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write")
        if not self.app_token and not self.signing_secret:
            raise SlackConfigError(
                "set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for the HTTP Events API"
            )
        if not self.api_url.endswith("/"):
            object.__setattr__(self, "api_url", self.api_url + "/")


def _port(raw: str) -> int:
    """A TCP port number, or a readable error."""
    try:
        port = int(raw)
    except ValueError:
        raise SlackConfigError(f"SLACK_PORT must be a number, not {raw!r}") from None
    if not 0 < port < 65536:
        raise SlackConfigError(f"SLACK_PORT out of range: {port}")
    return port
