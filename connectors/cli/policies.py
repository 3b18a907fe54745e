"""`hrbot policies ask|gaps`: the handbook's cited answers from the command line, and what it fails to answer.

The CLI is for HR and the handbook's owners: it reads documents of every audience unless `--as`
narrows it to what an employee or a recruiter would be told.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from connectors.cli.errors import clear_errors, fail
from connectors.cli.preflight import open_store

if TYPE_CHECKING:  # the service loads the embedding model: imported at run time only when asked
    from bot.services.policies import PolicyAnswer

policies_app = typer.Typer(help="Ask the HR handbook; list what it does not answer.", no_args_is_help=True)

AS_ROLES = ("hr", "employee", "recruiter")


def _questions(words: list[str] | None, file: Path | None) -> list[str]:
    """The question typed as words, or one per non-empty line of FILE."""
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {file}: {type(exc).__name__}")
        return [line.strip() for line in lines if line.strip()]
    question = " ".join(words or []).strip()
    return [question] if question else []


def _render(answer: PolicyAnswer) -> str:
    if not answer.answered:
        return (f"Q: {answer.question}\nI don't know: the handbook doesn't answer that. "
                f"Please ask {answer.contact}.")
    best, *more = answer.citations
    lines = [f"Q: {answer.question}", f"{best.document} › {best.section}", f"  \"{best.quote}\"", f"  source: {best.source}"]
    lines += [f"  see also: {c.document} › {c.section}" for c in more]
    return "\n".join(lines)


@policies_app.command("ask")
def ask(
    question: list[str] = typer.Argument(None, help="The question (quotes optional)."),
    file: Path = typer.Option(None, "--file", help="A file with one question per line."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line: answered and the citations, best first."),
    as_role: str = typer.Option("hr", "--as", help="Answer as HR sees it (all documents), or as an employee or recruiter."),
) -> None:
    """Answer policy questions from the imported handbook, each with its citation, or say who to ask."""
    questions = _questions(question, file)
    if not questions:
        fail("no question: `hrbot policies ask how many vacation days do I get` or --file questions.txt")
    if as_role not in AS_ROLES:
        raise typer.BadParameter(f"one of {', '.join(AS_ROLES)}", param_hint="--as")
    open_store()
    with clear_errors():
        # the embedding model and the index load here only, so `hrbot --help` stays fast
        from bot.services.identity import Identity
        from bot.services.policies import answer_question  # (same reason)
        from store.engine import session_scope  # (same reason)
        from store.models import UserRole  # (same reason)

        identity = None if as_role == "hr" else Identity(
            handle="cli", role=UserRole.recruiter if as_role == "recruiter" else UserRole.employee)
        for q in questions:
            with session_scope() as session:
                answer = answer_question(session, q, identity=identity)
            typer.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else _render(answer) + "\n")


@policies_app.command("gaps")
def gaps_command(
    top: int = typer.Option(10, min=1, max=200, help="How many topics."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The topics employees asked most that the handbook did not answer (questions kept without personal data)."""
    open_store()
    from bot.services.policies import gaps  # the services load retrieval: only when asked, `hrbot --help` stays fast
    from store.engine import session_scope  # (same reason)

    with clear_errors(), session_scope() as session:
        found = gaps(session, top=top)
    if as_json:
        typer.echo(json.dumps([g.__dict__ for g in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("No unanswered policy questions so far.")
        return
    for g in found:
        typer.echo(f"{g.asked:4d}  {g.topic}: " + " | ".join(g.examples))


def register(app: typer.Typer) -> None:
    """Add `hrbot policies ...` to the main CLI."""
    app.add_typer(policies_app, name="policies")


__all__ = ["register"]
