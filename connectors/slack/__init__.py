"""The Slack channel: a slack-bolt app that talks to Rasa's REST channel."""

from connectors.slack.app import build_app
from connectors.slack.config import SlackConfig, SlackConfigError
from connectors.slack.server import http_app, run, serve

__all__ = ["SlackConfig", "SlackConfigError", "build_app", "http_app", "run", "serve"]
