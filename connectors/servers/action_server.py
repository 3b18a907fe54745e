"""hrbot's action server: rasa_sdk's own app, locked down.

`python -m connectors.servers.action_server [--port 5055] [--actions bot.actions]` in place of
`python -m rasa_sdk`, which listens on every interface, allows every origin and runs any action
call it is sent. Here: loopback unless HRBOT_ACTIONS_HOST says otherwise (and then only with a
configured HRBOT_ACTIONS_SECRET), no CORS, and every route but /health wants the shared secret in
`X-Hrbot-Actions-Secret` (Rasa sends it: endpoints.yml `action_endpoint: headers:`); without it
the answer is 401 and no action runs.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import threading
from functools import partial

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

from bot.services.search import warm_up
from connectors.secrets import ACTIONS, ACTIONS_HEADER, SecretError, require_configured_for, shared_secret
from store.settings import get_settings

log = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})
"""Routes anyone may call: the liveness check, which runs nothing."""
DEFAULT_PORT = 5055
DEFAULT_ACTIONS = "bot.actions"


def authorised(given: str | None, secret: str) -> bool:
    """Whether the header matches the secret (constant time; an empty secret matches nothing)."""
    return bool(secret) and given is not None and hmac.compare_digest(given.encode(), secret.encode())


def secure(app: Sanic, secret: str) -> Sanic:
    """Refuse every request without the secret, except the open paths (registered after CORS, before routes)."""

    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or authorised(request.headers.get(ACTIONS_HEADER), secret):
            return None
        log.warning("refused %s %s from %s: missing or wrong action secret", request.method, request.path, request.ip)
        return response.json({"error": "missing or wrong action server secret"}, status=401)

    app.on_request(require_secret)
    return app


def build_app(actions: str, secret: str) -> Sanic:
    """rasa_sdk's app over the `actions` package, without CORS and behind the secret (one per Sanic worker)."""
    executor = ActionExecutor()
    executor.register_package(actions)
    return warmed(secure(create_app_for_serve(executor, cors_origins=None), secret))


def warmed(app: Sanic) -> Sanic:
    """Load the search indexes and the encoder in the background as soon as the server listens.

    Rasa takes longer to load its model, so a first question finds them ready instead of paying
    several seconds for them; a missing index builds nothing (`hrbot setup` does).
    """

    async def start_warm_up(app: Sanic) -> None:
        threading.Thread(target=warm_up, name="search-warm-up", daemon=True).start()

    app.after_server_start(start_warm_up)
    return app


def serve(actions: str, host: str, port: int) -> None:
    """Listen until stopped; refuses a non-loopback host without a configured secret."""
    require_configured_for(host, ACTIONS)
    secret = shared_secret(ACTIONS)
    loader = AppLoader(factory=partial(build_app, actions, secret))
    app = loader.load()
    app.prepare(host=host, port=port, workers=utils.number_of_sanic_workers())
    log.info("action server on http://%s:%s (secret required)", host, port)
    Sanic.serve(primary=app, app_loader=loader)


def main(argv: list[str] | None = None) -> None:
    """The command line; a refusal is one clear line and exit status 1."""
    parser = argparse.ArgumentParser(description="hrbot's action server (rasa_sdk, locked down)")
    parser.add_argument("--actions", default=DEFAULT_ACTIONS, help="the actions package")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--host", default=None, help="interface (default HRBOT_ACTIONS_HOST, else 127.0.0.1)")
    args = parser.parse_args(argv)
    utils.configure_colored_logging(None)
    utils.update_sanic_log_level()
    try:
        serve(args.actions, args.host or get_settings().actions_host, args.port)
    except SecretError as exc:
        raise SystemExit(f"action server: {exc}") from None


if __name__ == "__main__":
    main()
