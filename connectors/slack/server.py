"""Running the Slack app: Socket Mode with an app token, otherwise an HTTP Events API endpoint."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from connectors.slack.app import build_app
from connectors.slack.config import SlackConfig

log = logging.getLogger(__name__)


def http_app(app: AsyncApp, path: str = "/slack/events") -> web.Application:
    """Events, interactions and slash commands all on `path` (signature-checked); /healthz for probes."""

    async def slack(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    application = web.Application(client_max_size=1024 * 1024)
    application.add_routes([web.post(path, slack), web.get("/healthz", health)])
    return application


async def serve(config: SlackConfig, app: AsyncApp | None = None) -> None:
    """Run until cancelled."""
    app = app or build_app(config)
    if config.socket_mode:
        log.info("Slack app connecting in Socket Mode")
        handler = AsyncSocketModeHandler(app, config.app_token)
        try:
            await handler.start_async()
        finally:
            await handler.close_async()
        return
    runner = web.AppRunner(http_app(app, config.path))
    await runner.setup()
    await web.TCPSite(runner, config.host, config.port).start()
    log.info("Slack app listening on http://%s:%s%s", config.host, config.port, config.path)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def run(config: SlackConfig) -> None:
    """Blocking entry point for `hrbot slack`."""
    asyncio.run(serve(config))
