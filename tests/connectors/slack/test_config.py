"""Settings come from the environment and are checked before anything connects."""

from __future__ import annotations

import pytest

from connectors.slack.config import SlackConfig, SlackConfigError


def test_socket_mode_when_app_token_set() -> None:
    config = SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "HRBOT_RASA_URL": "http://r:1"})
    assert config.socket_mode and config.rasa_url == "http://r:1" and config.api_url == "https://slack.com/api/"


def test_http_mode_needs_signing_secret_and_overrides_win() -> None:
    config = SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_PORT": "4000"}, port=5000)
    assert not config.socket_mode and config.port == 5000
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1"})


@pytest.mark.parametrize("env, needle", [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_PORT": "http"}, "SLACK_PORT"),
])
def test_bad_settings_name_the_variable(env: dict, needle: str) -> None:
    with pytest.raises(SlackConfigError, match=needle):
        SlackConfig.from_env(env)
