"""`hrbot`: set up, seed, train, run and chat with the assistant."""

from __future__ import annotations

import time

import typer

from connectors.cli import analytics, channels, db, imports, policies, retrieval, screening, setup
from connectors.cli.channels import stack_logs
from connectors.cli.errors import fail
from connectors.cli.preflight import open_store
from connectors.cli.signals import stop_on_sigterm
from connectors.servers import StackError, make_stack

app = typer.Typer(help="hrbot: a conversational HR assistant on Rasa.", no_args_is_help=True, add_completion=False)


@app.command()
def run(
    port: int = typer.Option(5005, help="Rasa HTTP port."),
    actions_port: int = typer.Option(5055, help="Action server port."),
) -> None:
    """Run the Rasa server and the action server together until Ctrl-C."""
    open_store()
    stop_on_sigterm()
    stack = make_stack(port, actions_port, log_dir=stack_logs())
    try:
        stack.start()
        typer.echo(f"hrbot is up: Rasa {stack.rasa_url} (REST {stack.webhook}), actions :{actions_port}")
        typer.echo(f"logs in {stack.log_dir}; Ctrl-C to stop")
        while all(p.poll() is None for p in stack.procs):
            time.sleep(1)
        fail(f"a server stopped; see {stack.log_dir}")
    except StackError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


for commands in (setup, channels, retrieval, screening, imports, db, analytics, policies):
    commands.register(app)


def main() -> None:  # pragma: no cover - console entry point
    app()
