"""`hrbot seed`, `hrbot train` and `hrbot setup`: everything a first run needs, each part timed.

`setup` trains the Rasa model (its own environment, its own process), then builds the search
indexes here, so a fresh clone answers searches the moment the chat opens. One after the other:
both use every core, and side by side on 2 cores they took 201-278 s where in turn they take 174 s.
`hrbot web --setup` (`make start`) runs the same parts but builds the indexes while the Rasa server
loads the new model (`first_run` and `FirstRun.build_indexes`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import typer
from sqlmodel import select

from connectors.cli.errors import clear_errors, fail, note
from connectors.cli.preflight import candidate_count, open_store
from connectors.servers import latest_model, models_dir, project_root, rasa_python
from store.engine import StoreUnavailable, data_dir, session_scope
from store.models import PolicyDocument
from store.seeding import StoreNotEmpty, generate, load_catalog, load_esco_skills, seed_leave

RASA_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
LOG_TAIL_LINES = 25


@dataclass
class Timings:
    """Seconds per set-up part, in the order they ran, for the closing summary."""

    parts: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def summary(self) -> str:
        """'set-up done in 178 s: seed 3 s, train 101 s, index 73 s'."""
        parts = ", ".join(f"{name} {secs:.0f} s" for name, secs in self.parts.items())
        return f"set-up done in {time.perf_counter() - self.started:.0f} s" + (f": {parts}" if parts else "")


def _seed(candidates: int, employees: int, seed_value: int, reset: bool, esco: bool) -> dict[str, int]:
    """The catalog, the ESCO taxonomy and the generated people, or one readable error."""
    try:
        with session_scope() as session:
            counts = load_catalog(session)
        if esco:
            with session_scope() as session:
                counts["esco_skills"] = load_esco_skills(session)
        with session_scope() as session:
            counts.update(generate(session, candidates=candidates, employees=employees, seed=seed_value, reset=reset))
        with session_scope() as session:
            counts["leave_balances"] = seed_leave(session, date.today().year, seed=seed_value)
    except StoreNotEmpty as exc:
        fail(f"{exc}\nUse `hrbot seed --reset` to replace the demo people.")
    except StoreUnavailable as exc:
        fail(str(exc))
    return counts


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
    counts = _seed(candidates, employees, seed_value, reset, esco)
    summary = ", ".join(f"{k}={v}" for k, v in counts.items())
    typer.echo(f"seeded in {time.perf_counter() - t0:.1f} s: {summary}")


def _load_handbook() -> int:
    """The demo company's handbook (data/handbook) when the store holds no policies yet; the index build embeds it."""
    with session_scope() as session:
        if session.exec(select(PolicyDocument.id).limit(1)).first() is not None:
            return 0
    from ingest.policy_import import import_policies  # the parsers: loaded only for this

    report = import_policies([project_root() / "data" / "handbook"], actor="setup", channel="cli", sync_index=False)
    return report.added


def _train_argv(out: Path, force: bool) -> list[str]:
    """`rasa train` in the Rasa-server environment, or a clear error when that environment is missing."""
    python = rasa_python()
    if not python.exists():
        fail(f"the Rasa environment is missing ({python}); run `bash scripts/install.sh`")
    argv = [str(python), "-m", "rasa", "train", "--out", str(out)]
    return [*argv, "--force"] if force else argv


def train(
    out: Path = typer.Option(None, help="Folder for the model archive (default: models/, or HRBOT_MODELS_DIR)."),
    force: bool = typer.Option(False, help="Retrain even if nothing changed."),
) -> None:
    """Train the Rasa model (NLU + dialogue) in the Rasa-server environment."""
    t0 = time.perf_counter()
    code = subprocess.call(_train_argv(out or models_dir(), force), cwd=project_root(), env={**os.environ, **RASA_ENV})
    if code:
        fail(f"rasa train failed (exit {code})", code)
    typer.echo(f"trained in {time.perf_counter() - t0:.0f} s: {latest_model()}")


@dataclass
class Training:
    """`rasa train` in its own process, its output in a log file (the end of it shown on failure)."""

    proc: subprocess.Popen[bytes]
    log: Path
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def start(cls, out: Path) -> "Training":
        """Start training into `out`; the log goes to <data dir>/logs/train.log."""
        log = data_dir() / "logs" / "train.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        argv = _train_argv(out, force=False)
        with open(log, "wb") as handle:
            proc = subprocess.Popen(argv, cwd=project_root(), env={**os.environ, **RASA_ENV},
                                    stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        return cls(proc, log)

    def wait(self) -> float:
        """Seconds the training took; a failure ends set-up with the log's last lines."""
        code = self.proc.wait()
        if code:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
            fail(f"rasa train failed (exit {code}); the end of {self.log}:\n" + "\n".join(lines), code)
        return time.perf_counter() - self.started

    def stop(self) -> None:
        """Stop the training (set-up was interrupted)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


def _build_indexes(quiet: bool) -> None:
    """Every search index, with a progress bar on a terminal; one line per collection."""
    with clear_errors(interrupted="index build interrupted; `hrbot index build` resumes it"):
        # retrieval (langchain, faiss, MiniLM) loads only here, so `hrbot --help` stays fast
        from retrieval import build_indexes

        reports = build_indexes(progress=not quiet and sys.stderr.isatty(), notify=note)
    for report in reports:
        typer.echo(f"  {report.summary()}")


@dataclass
class FirstRun:
    """Set-up's parts after seeding and training: the index build, and the timings of every part."""

    timings: Timings
    quiet: bool = False

    def build_indexes(self) -> None:
        """Every search index, timed as set-up's `index` part."""
        typer.echo("building the search indexes...")
        t0 = time.perf_counter()
        _build_indexes(self.quiet)
        self.timings.parts["index"] = time.perf_counter() - t0


def first_run(candidates: int = 2000, quiet: bool = False) -> FirstRun:
    """The store, demo data if it is empty and a model if there is none; the indexes are left to the caller."""
    timings = Timings()
    open_store()
    if candidate_count() == 0:
        t0 = time.perf_counter()
        counts = _seed(candidates, 300, 7, False, True)
        timings.parts["seed"] = time.perf_counter() - t0
        typer.echo(f"seeded {counts.get('candidates', 0)} candidates in {timings.parts['seed']:.1f} s")
    else:
        typer.echo("store already has candidates: keeping them")
    t0 = time.perf_counter()
    with session_scope() as session:
        seed_leave(session, date.today().year)  # a store seeded before leave existed gets its balances
    handbook = _load_handbook()
    if handbook:
        timings.parts["handbook"] = time.perf_counter() - t0
        typer.echo(f"loaded the demo handbook: {handbook} policy documents in {timings.parts['handbook']:.1f} s")
    model = latest_model()
    if model:
        typer.echo(f"model present: {model}")
    else:
        training = Training.start(models_dir())
        typer.echo(f"training the Rasa model (about 2 minutes on 2 cores; log: {training.log})...")
        try:
            timings.parts["train"] = training.wait()
        finally:
            training.stop()
        typer.echo(f"model trained in {timings.parts['train']:.0f} s: {latest_model()}")
    return FirstRun(timings, quiet)


def setup(
    candidates: int = typer.Option(2000, min=0, max=1_000_000, help="Candidates to generate on a new store."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """First run: the store, demo data if it is empty, the search indexes and a model if there is none."""
    steps = first_run(candidates, quiet)
    steps.build_indexes()
    typer.echo(steps.timings.summary())


def register(app: typer.Typer) -> None:
    """Add the set-up commands to the `hrbot` CLI."""
    app.command()(seed)
    app.command()(train)
    app.command()(setup)


__all__ = ["FirstRun", "first_run", "register"]
