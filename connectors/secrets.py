"""The shared secrets that lock the servers down: configured, or generated once per data dir.

Three secrets, one purpose each: Rasa → action server (`actions`), our connectors → Rasa's REST
channel (`channel`, it vouches for the sender id) and clients → Rasa's HTTP API (`rasa-api`).
A configured value (HRBOT_ACTIONS_SECRET, HRBOT_CHANNEL_SECRET, HRBOT_RASA_TOKEN) wins; otherwise
a random one is written once to `<data dir>/secrets/<name>` (mode 0600) and read back by every
process sharing that data dir, so a local stack works with no setup.
"""

from __future__ import annotations

import ipaddress
import os
import secrets as random
from pathlib import Path

from connectors.errors import ConnectorError
from store.settings import Settings, get_settings

ACTIONS = "actions"
CHANNEL = "channel"
RASA_API = "rasa-api"
ACTIONS_HEADER = "X-Hrbot-Actions-Secret"
"""The header Rasa sends the action server (endpoints.yml `action_endpoint: headers:`)."""
CHANNEL_HEADER = "X-Hrbot-Channel-Secret"
"""The header our connectors send Rasa's REST channel (rasa_server/channels.py reads the same name)."""
ENV_VARS = {ACTIONS: "HRBOT_ACTIONS_SECRET", CHANNEL: "HRBOT_CHANNEL_SECRET", RASA_API: "HRBOT_RASA_TOKEN"}


class SecretError(ConnectorError, RuntimeError):
    """A server would be exposed without a configured secret, or the secret file can't be made."""


def configured(name: str, settings: Settings | None = None) -> str:
    """The secret set in the environment, or ''."""
    settings = settings or get_settings()
    return {ACTIONS: settings.actions_secret, CHANNEL: settings.channel_secret, RASA_API: settings.rasa_token}[name]


def secret_path(name: str, settings: Settings | None = None) -> Path:
    """Where the generated secret `name` lives."""
    return Path((settings or get_settings()).data_dir or ".") / "secrets" / name


def shared_secret(name: str, settings: Settings | None = None) -> str:
    """The configured secret, else the one generated once into the data dir (made here if missing)."""
    settings = settings or get_settings()
    value = configured(name, settings)
    if value:
        return value
    path = secret_path(name, settings)
    try:
        if path.exists():
            stored = path.read_text().strip()
            if stored:
                return stored
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = random.token_hex(32)  # hex: never mistaken for an option, a YAML tag or a URL part
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first (or left it empty): one secret for all
            stored = path.read_text().strip()
            if stored:
                return stored
            fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(fd, "w") as handle:
            handle.write(fresh + "\n")
        os.chmod(path, 0o600)
        return fresh
    except OSError as exc:
        raise SecretError(f"cannot read or create the {name} secret at {path}: {exc.strerror or exc}; "
                          f"set {ENV_VARS[name]} instead") from exc


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def exposed(host: str, name: str) -> str:
    """Why a server won't listen on `host` with a generated secret."""
    return (f"refusing to listen on {host}: set {ENV_VARS[name]} to a long random secret shared with its callers "
            "(or listen on 127.0.0.1)")


def require_configured_for(host: str, name: str, settings: Settings | None = None) -> None:
    """Refuse to listen beyond loopback with a generated (unshared, unrotated) secret."""
    if not is_loopback(host) and not configured(name, settings):
        raise SecretError(exposed(host, name))
