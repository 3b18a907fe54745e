"""How every `hrbot` command fails: one readable line on stderr and an exit code, never a traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from store.engine import StoreUnavailable


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a clear error (no traceback) and exit."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def note(message: str) -> None:
    """Progress notes (an index being built) on stderr, so --json output stays clean."""
    typer.secho(message, fg=typer.colors.YELLOW, err=True)


def _unexpected(exc: Exception) -> str:
    return f"unexpected {type(exc).__name__}: {exc}"


@contextmanager
def clear_errors(
    unexpected: Callable[[Exception], str] = _unexpected, interrupted: str | None = None
) -> Iterator[None]:
    """The store's and the retrieval layer's exceptions as readable errors; `interrupted` words Ctrl-C."""
    # retrieval loads the search stack (langchain, numpy: seconds), only once a command runs
    from retrieval import BackendError, FilterError, ModelUnavailable, SearchError, UnknownRole

    try:
        yield
    except typer.Exit:
        raise
    except UnknownRole as exc:
        hint = f"; did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else "; see `hrbot recommend --help`"
        fail(f"{exc}{hint}")
    except FilterError as exc:
        hint = f" (try: {', '.join(exc.suggestions)})" if exc.suggestions else ""
        fail(f"{exc}{hint}")
    except (SearchError, BackendError, ModelUnavailable, StoreUnavailable) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        if interrupted is None:
            raise
        fail(interrupted, code=130)
    except Exception as exc:  # noqa: BLE001 - last resort: a message, not a traceback
        fail(unexpected(exc), code=1)
