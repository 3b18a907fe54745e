"""`hrbot`: set up, seed, train, run and chat with the assistant."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import typer

from connectors.cli import channels, db, imports, retrieval, screening
from connectors.cli.errors import fail
from connectors.cli.preflight import candidate_count, open_store
from connectors.servers import StackError, latest_model, make_stack, project_root, rasa_python
from store.engine import StoreUnavailable, session_scope
from store.seeding import StoreNotEmpty, generate, load_catalog, load_esco_skills

app = typer.Typer(help="hrbot: a conversational HR assistant on Rasa.", no_args_is_help=True, add_completion=False)


@app.command()
def seed(
    candidates: int = typer.Option(2000, min=0, max=1_000_000, help="How many candidates to generate."),
    employees: int = typer.Option(300, min=0, max=100_000, help="How many employees to generate."),
    seed_value: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same people."),
    reset: bool = typer.Option(False, help="Replace existing people (the audit log is kept)."),
    esco: bool = typer.Option(True, help="Also import the ESCO skill taxonomy."),
) -> None:
    """Load the HR catalog and generate demo people into the store."""
    open_store()
    t0 = time.perf_counter()
    try:
        with session_scope() as session:
            counts = load_catalog(session)
        if esco:
            with session_scope() as session:
                counts["esco_skills"] = load_esco_skills(session)
        with session_scope() as session:
            counts.update(generate(session, candidates=candidates, employees=employees, seed=seed_value, reset=reset))
    except StoreNotEmpty as exc:
        fail(f"{exc}\nUse `hrbot seed --reset` to replace the demo people.")
    except StoreUnavailable as exc:
        fail(str(exc))
    summary = ", ".join(f"{k}={v}" for k, v in counts.items())
    typer.echo(f"seeded in {time.perf_counter() - t0:.1f} s: {summary}")


@app.command()
def train(
    out: Path = typer.Option(None, help="Folder for the model archive (default: models/)."),
    force: bool = typer.Option(False, help="Retrain even if nothing changed."),
) -> None:
    """Train the Rasa model (NLU + dialogue) in the Rasa-server environment."""
    python = rasa_python()
    if not python.exists():
        fail(f"the Rasa environment is missing ({python}); run `bash scripts/install.sh`")
    argv = [str(python), "-m", "rasa", "train", "--out", str(out or project_root() / "models")]
    if force:
        argv.append("--force")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    code = subprocess.call(argv, cwd=project_root(), env=env)
    if code:
        fail(f"rasa train failed (exit {code})", code)


@app.command()
def setup(
    candidates: int = typer.Option(2000, min=0, max=1_000_000, help="Candidates to generate on a new store."),
) -> None:
    """First run: create the store, seed it if empty, and train a model if there is none."""
    open_store()
    if candidate_count() == 0:
        seed(candidates=candidates, employees=300, seed_value=7, reset=False, esco=True)
    else:
        typer.echo("store already has candidates: keeping them")
    if latest_model() is None:
        train(out=None, force=False)
    else:
        typer.echo(f"model present: {latest_model()}")


@app.command()
def run(
    port: int = typer.Option(5005, help="Rasa HTTP port."),
    actions_port: int = typer.Option(5055, help="Action server port."),
) -> None:
    """Run the Rasa server and the action server together until Ctrl-C."""
    open_store()
    stack = make_stack(port, actions_port, log_dir=project_root() / "var" / "logs")
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


for commands in (channels, retrieval, screening, imports, db):
    commands.register(app)


def main() -> None:  # pragma: no cover - console entry point
    app()
