"""Running `hrbot` commands in-process (typer's CliRunner) and checking they end cleanly."""

from __future__ import annotations

from collections.abc import Callable

import typer
from click.testing import Result
from typer.testing import CliRunner

runner = CliRunner()


def invoke(app: typer.Typer, args: list[str], code: int = 0) -> Result:
    """Run `args`; the exit code is `code` and nothing printed a traceback."""
    done = runner.invoke(app, args)
    assert done.exit_code == code, done.output
    assert "Traceback" not in done.output
    return done


def app_with(register: Callable[[typer.Typer], None]) -> typer.Typer:
    """A small app holding only the commands `register` adds, as sub-commands as in `hrbot`."""
    main = typer.Typer()

    @main.callback()
    def _root() -> None:
        """hrbot (test app)."""

    register(main)
    return main
