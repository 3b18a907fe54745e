"""`hrbot chat`, `hrbot web` and `hrbot slack`: the channels, started next to (or in front of) Rasa."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import typer

from connectors.cli.errors import fail
from connectors.cli.preflight import open_store
from connectors.cli.setup import first_run
from connectors.cli.signals import stop_on_sigterm
from connectors.rasa_client import api_params, webhook_url
from connectors.servers import Stack, StackError, make_stack
from connectors.terminal import repl
from connectors.web import WebConfigError, make_server
from store.engine import data_dir

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def stack_logs() -> Path:
    """Where servers started by a command log: <data dir>/logs."""
    return data_dir() / "logs"


def ensure_rasa(url: str, while_starting: Callable[[], None] | None = None) -> tuple[str, Stack | None]:
    """The Rasa base URL to use: `url` if it answers, else a stack started here (stop it when done).

    `while_starting` runs while a Rasa started here loads its model (or at once when one answers).
    """
    stop_on_sigterm()
    try:
        status = httpx.get(f"{url.rstrip('/')}/status", params=api_params(), timeout=2)
        if status.status_code == 401:
            fail(f"the Rasa server at {url} refused this machine's API token: set HRBOT_RASA_TOKEN (and "
                 "HRBOT_CHANNEL_SECRET) to the ones it was started with")
        status.raise_for_status()
    except httpx.HTTPError:
        pass
    else:
        if while_starting is not None:
            while_starting()
        return url.rstrip("/"), None
    open_store()
    typer.echo(f"no Rasa at {url}; starting Rasa and the action server (about a minute)...", err=True)
    stack = make_stack(log_dir=stack_logs())
    try:
        stack.start(while_rasa_loads=while_starting)
    except StackError as exc:
        stack.stop()
        fail(str(exc))
    except BaseException:  # the set-up step failed or was interrupted: no server is left behind
        stack.stop()
        raise
    return stack.rasa_url, stack


def chat(
    as_user: str = typer.Option("recruiter", "--as", help="Who you are (a user handle; 'recruiter' is seeded)."),
    url: str = typer.Option(DEFAULT_RASA_URL, help="A running Rasa server; started here if down."),
) -> None:
    """Chat in the terminal; starts Rasa and the action server if none is running."""
    base, stack = ensure_rasa(url)
    try:
        repl(webhook_url(base), as_user, read=input if sys.stdin.isatty() else _read_piped)
    finally:
        if stack is not None:
            stack.stop()


def _read_piped(prompt: str) -> str:
    """Non-interactive input (a pipe or file): echo each line so transcripts read naturally."""
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    print(prompt + line.rstrip("\n"))
    return line.rstrip("\n")


def web(
    port: int = typer.Option(8080, min=0, max=65535, help="Port of the web chat."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (keep it local: there is no login)."),
    url: str = typer.Option(DEFAULT_RASA_URL, help="A running Rasa server; started here if down."),
    setup: bool = typer.Option(False, "--setup", help="First run `hrbot setup`, building the search indexes "
                               "while Rasa loads its model (what `make start` does)."),
) -> None:
    """Serve the local web chat; starts Rasa and the action server if none is running."""
    started = time.monotonic()
    steps = first_run() if setup else None
    rasa_url, stack = ensure_rasa(url, steps.build_indexes if steps else None)
    if steps is not None:
        typer.echo(steps.timings.summary())
    try:
        try:
            server = make_server(webhook_url(rasa_url), host, port)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        except WebConfigError as exc:
            fail(str(exc))
        typer.echo(f"web chat on {server.url} (Rasa {rasa_url}), answering {time.monotonic() - started:.0f} s "
                   "after the command started; Ctrl-C to stop")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        if stack is not None:
            stack.stop()


def slack(
    url: str = typer.Option(None, help="A running Rasa server (default: HRBOT_RASA_URL or :5005); started if down."),
    port: int = typer.Option(None, min=1, max=65535, help="HTTP mode port (default: SLACK_PORT or 3000)."),
    host: str = typer.Option(None, help="HTTP mode interface (default: SLACK_HOST or 127.0.0.1)."),
) -> None:
    """Run the Slack app: Socket Mode with SLACK_APP_TOKEN, else the HTTP Events API."""
    # slack_bolt, slack_sdk and aiohttp (about a second) load only for `hrbot slack`
    from connectors.slack import SlackConfig, SlackConfigError, run

    try:
        config = SlackConfig.from_env(port=port, host=host, rasa_url=url)
    except SlackConfigError as exc:
        fail(f"{exc}\nSee the Slack section of the README (connectors/slack/manifest.yml).")
    rasa_url, stack = ensure_rasa(config.rasa_url)
    config = dataclasses.replace(config, rasa_url=rasa_url)
    where = "Socket Mode" if config.socket_mode else f"http://{config.host}:{config.port}{config.path}"
    typer.echo(f"Slack app ({where}) answering from Rasa {rasa_url}; Ctrl-C to stop")
    started = time.monotonic()
    try:
        run(config)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        fail(f"the Slack app stopped after {time.monotonic() - started:.0f} s: {exc}")
    finally:
        if stack is not None:
            stack.stop()


def register(app: typer.Typer) -> None:
    """Add the channel commands to the `hrbot` CLI."""
    app.command("chat")(chat)
    app.command("web")(web)
    app.command("slack")(slack)
