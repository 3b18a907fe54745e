"""Load benchmark: scripted recruiter conversations through Rasa's HTTP API on the real stack.

Starts the Rasa server(s) and the action server on loopback over a seeded store, then drives
simulated recruiters two ways:

- open loop: an offered rate of turns per second, stepped up; each simulated recruiter sends a
  message every few seconds whatever the answers do, so queueing shows as latency;
- closed loop: C recruiters each sending their next message as soon as the answer comes, to find
  the most turns per second the stack sustains.

A same-run baseline (greetings only: NLU + policies, no action server, no database) gives the
ratio of a real recruiter turn to Rasa's own floor on this machine.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/conversations.py              # ~10 min on 2 cores
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/conversations.py --rasa-servers 2   # shared SQL tracker + Redis locks
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/conversations.py --tracker-stores memory,sql   # in-memory vs durable

Each tracker store (HRBOT_TRACKER_STORE) gets its own stack and the same steps, one after the other.

Results: benchmarks/results/conversations.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.rasa_client import channel_headers  # noqa: E402
from connectors.servers import make_stack, project_root, rasa_python  # noqa: E402
from connectors.servers.scaling import ScaledStack, start_scaled  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CPU_COLUMNS = ("rasa", "actions", "driver", "machine")
THINK_S = 3.0  # each simulated recruiter sends a message every few seconds in the open loop


def session_of(recruiter: str, turn: int, script_len: int) -> str:
    """One conversation per pass through the script, as a Slack thread or a new web chat would be."""
    return f"recruiter~{recruiter}-{turn // script_len}"


def recruiter_script(names: list[str], roles: list[str]) -> list[str]:
    """One recruiter's session: every read flow, follow-ups, and a write asked then called off."""
    a, b = names[0], names[1]
    role = roles[0]
    return [
        "hi",
        "anyone with python and machine learning in Berlin?",
        "show more",
        "tell me more about the second one",
        f"what's the status of {a}?",
        f"how's the pipeline for {role}?",
        f"what does the {role} role require?",
        "salary band for a senior data scientist in Munich",
        f"best candidates for the {role} role",
        f"compare {a} and {b}",
        f"move {a} to the next stage",
        "no",
        "thanks",
    ]


@dataclass
class Step:
    """One measured step: offered or concurrent load, and what came back."""

    mode: str
    load: float
    seconds: float
    turns: int
    errors: int
    turns_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    error_samples: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    """% of one core per part of the stack during the step (Linux /proc); `machine` is % of all cores."""


class CpuMeter:
    """CPU time of the stack's process trees between two readings, from /proc (empty elsewhere)."""

    def __init__(self, parts: dict[str, list[int]]) -> None:
        self.parts = parts
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.start: dict[str, float] = {}

    @staticmethod
    def _children(pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                return [int(c) for c in fh.read().split()]
        except OSError:
            return []

    def _tree_seconds(self, pid: int, skip: frozenset[int]) -> float:
        """CPU seconds of `pid` and its descendants, less the subtrees of `skip` (other parts)."""
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            own = (int(fields[11]) + int(fields[12])) / self.tick
        except (OSError, IndexError, ValueError):
            return 0.0
        return own + sum(self._tree_seconds(c, skip) for c in self._children(pid) if c not in skip)

    def _machine_seconds(self) -> float:
        try:
            with open("/proc/stat") as fh:
                cpu = [int(v) for v in fh.readline().split()[1:]]
        except (OSError, ValueError):
            return 0.0
        idle = cpu[3] + (cpu[4] if len(cpu) > 4 else 0)
        return (sum(cpu[:8]) - idle) / self.tick

    def read(self) -> dict[str, float]:
        """CPU seconds so far per part, and the machine's busy seconds."""
        roots = frozenset(p for pids in self.parts.values() for p in pids)
        out = {name: sum(self._tree_seconds(p, roots - {p}) for p in pids) for name, pids in self.parts.items()}
        out["machine"] = self._machine_seconds()
        return out

    def begin(self) -> None:
        """Start a step: later `end` calls count from here."""
        self.start = self.read()

    def end(self, seconds: float) -> dict[str, float]:
        """% of one core per part since `begin` (machine: % of all cores)."""
        if not self.start or not os.path.exists("/proc/stat") or seconds <= 0:
            return {}
        now = self.read()
        cores = os.cpu_count() or 1
        return {name: round(100 * (now[name] - self.start[name]) / seconds / (cores if name == "machine" else 1), 1)
                for name in now}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (ms), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class Driver:
    """Sends turns to the Rasa REST channel(s) and records latency and errors."""

    def __init__(self, webhooks: list[str], timeout: float = 30.0, headers: dict[str, str] | None = None) -> None:
        self.webhooks = webhooks
        self.client = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=512), headers=headers)
        """`headers`: the channel secret, so the recruiter sender ids count (as from our connectors)."""

    def webhook_for(self, sender: str) -> str:
        """Sticky routing: one conversation always goes to the same Rasa server (like a hash LB)."""
        return self.webhooks[hash(sender) % len(self.webhooks)]

    async def turn(self, sender: str, text: str, latencies: list[float], errors: list[str]) -> None:
        """One user message and its answer; an HTTP error, an empty or an error reply counts as error."""
        t0 = time.perf_counter()
        try:
            resp = await self.client.post(self.webhook_for(sender), json={"sender": sender, "message": text})
            latencies.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                errors.append(f"HTTP {resp.status_code} for {text!r}")
                return
            replies = resp.json()
            reasons = {r["custom"].get("reason") for r in replies if isinstance(r.get("custom"), dict)}
            if not replies or reasons & {"internal", "forbidden", "store_unavailable"}:
                errors.append(f"{'no reply' if not replies else sorted(reasons)} for {text!r}")
        except httpx.HTTPError as exc:
            latencies.append((time.perf_counter() - t0) * 1000)
            errors.append(f"{type(exc).__name__} for {text!r}")

    async def close(self) -> None:
        await self.client.aclose()


def summarise(mode: str, load: float, seconds: float, latencies: list[float], errors: list[str]) -> Step:
    """A Step from raw samples."""
    return Step(
        mode=mode, load=load, seconds=round(seconds, 1), turns=len(latencies), errors=len(errors),
        turns_per_s=round(len(latencies) / seconds, 2) if seconds else 0.0,
        p50_ms=round(percentile(latencies, 0.50), 1), p95_ms=round(percentile(latencies, 0.95), 1),
        p99_ms=round(percentile(latencies, 0.99), 1), max_ms=round(max(latencies, default=0.0), 1),
        error_samples=errors[:5],
    )


async def open_loop(driver: Driver, script: list[str], rate: float, seconds: float, tag: str) -> Step:
    """`rate` turns/s offered by rate*THINK_S recruiters, each sending every THINK_S seconds."""
    users = max(1, round(rate * THINK_S))
    period = users / rate
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()

    async def recruiter(u: int) -> None:
        await asyncio.sleep(u * period / users)
        tasks = []
        k = 0
        while True:
            due = start + u * period / users + k * period
            if due - start >= seconds:
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            sender = session_of(f"{tag}-o{rate:g}-{u}", k, len(script))
            tasks.append(asyncio.create_task(driver.turn(sender, script[k % len(script)], latencies, errors)))
            k += 1
        await asyncio.gather(*tasks)

    await asyncio.gather(*(recruiter(u) for u in range(users)))
    return summarise("open", rate, time.perf_counter() - start, latencies, errors)


async def closed_loop(driver: Driver, script: list[str], concurrency: int, seconds: float, tag: str) -> Step:
    """`concurrency` recruiters, each sending the next message as soon as the answer arrives."""
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()

    async def recruiter(u: int) -> None:
        k = 0
        while time.perf_counter() - start < seconds:
            await driver.turn(session_of(f"{tag}-c{concurrency}-{u}", k, len(script)), script[k % len(script)],
                              latencies, errors)
            k += 1

    await asyncio.gather(*(recruiter(u) for u in range(concurrency)))
    return summarise("closed", concurrency, time.perf_counter() - start, latencies, errors)


def prepare_store(folder: Path, candidates: int) -> tuple[list[str], list[str]]:
    """Seed a store and build its indexes; returns two applicant names and an open role's title."""
    os.environ["HRBOT_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    from sqlmodel import select

    from store.engine import get_engine, init_db, session_scope
    from store.models import Application, Candidate, Role
    from store.seeding import generate, load_catalog
    from retrieval.index import open_indexes

    engine = init_db(get_engine())
    with session_scope(engine) as session:
        if session.exec(select(Candidate.id)).first() is None:
            load_catalog(session)
            generate(session, candidates=candidates, employees=100, seed=11, progress=False)
    open_indexes(engine)
    with session_scope(engine) as session:
        names = list(session.exec(
            select(Candidate.full_name).join(Application, Application.candidate_id == Candidate.id).limit(50)
        ))
        unique = [n for n in dict.fromkeys(names) if names.count(n) == 1][:2]
        roles = list(session.exec(select(Role.title).where(Role.is_open).order_by(Role.id).limit(1)))
    engine.dispose()
    return unique, roles


def ensure_model(model: str | None) -> Path:
    """The model to serve: the one given, else train the project's into a temp dir."""
    if model:
        return Path(model).resolve()
    out = Path(tempfile.mkdtemp(prefix="hrbot-bench-model-"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    done = subprocess.run([str(rasa_python()), "-m", "rasa", "train", "--out", str(out), "--fixed-model-name", "bench"],
                          cwd=project_root(), env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"training failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return out / "bench.tar.gz"


async def warm_up(driver: Driver, script: list[str]) -> None:
    """Every flow once (models, indexes and caches loaded) before anything is measured."""
    latencies: list[float] = []
    errors: list[str] = []
    for text in script:
        await driver.turn("recruiter~warmup", text, latencies, errors)
    if errors:
        print(f"warm-up errors: {errors}", file=sys.stderr)


async def run(
    args: argparse.Namespace, webhooks: list[str], script: list[str], meter: CpuMeter, headers: dict[str, str]
) -> list[Step]:
    """Baseline, open-loop steps, closed-loop steps, each with the CPU it took."""
    driver = Driver(webhooks, headers=headers)
    steps: list[Step] = []

    async def measured(step_run: Awaitable[Step], mode: str | None = None) -> None:
        meter.begin()
        step = await step_run
        step.cpu = meter.end(step.seconds)
        step.mode = mode or step.mode
        steps.append(step)
        print(format_step(step), flush=True)

    try:
        await warm_up(driver, script)
        for c in args.closed:
            await measured(closed_loop(driver, ["hi", "hello", "hey there"], c, args.step_seconds, "base"), "baseline")
        for rate in args.rates:
            await measured(open_loop(driver, script, rate, args.step_seconds, "bench"))
        for c in args.closed:
            await measured(closed_loop(driver, script, c, args.step_seconds, "bench"))
    finally:
        await driver.close()
    return steps


def format_step(s: Step) -> str:
    """One table row."""
    load = f"{s.load:g} turns/s offered" if s.mode == "open" else f"{s.load:g} concurrent"
    cpu = " | ".join(f"{s.cpu[k]:g}" if k in s.cpu else "-" for k in CPU_COLUMNS)
    return (f"| {s.mode} | {load} | {s.turns} | {s.turns_per_s} | {s.p50_ms} | {s.p95_ms} | {s.p99_ms} | "
            f"{s.max_ms} | {s.errors} | {cpu} |")


def report(steps: list[Step], meta: dict) -> str:
    """Markdown tables plus the derived figures."""
    head = ("| mode | load | turns | turns/s | p50 ms | p95 ms | p99 ms | max ms | errors | Rasa CPU % | actions CPU % "
            "| driver CPU % | machine busy % |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    sustained = [s for s in steps if s.mode == "open" and s.errors == 0 and s.turns_per_s >= 0.9 * s.load and s.p95_ms <= 1000]
    best_closed = max((s for s in steps if s.mode == "closed"), key=lambda s: s.turns_per_s, default=None)
    best_base = max((s for s in steps if s.mode == "baseline"), key=lambda s: s.turns_per_s, default=None)
    lines = [
        f"# Recruiter conversations under load, tracker store {meta.get('store', 'memory')} ({meta['when']})", "",
        f"Stack: {meta['rasa_servers']} Rasa server(s), 1 action server, SQLite store with {meta['candidates']} "
        f"candidates, on {meta['cpus']} CPUs (load average before: {meta['load_before']}).", "",
        f"Script ({len(meta['script'])} turns per recruiter, repeated): " + " / ".join(f"`{t}`" for t in meta["script"]), "",
        head, *(format_step(s) for s in steps), "",
        "CPU columns: % of one core for all Rasa servers together, the action server (with its Sanic worker) and "
        "this load generator; machine busy: % of all cores, PostgreSQL, Redis and the system included.", "",
        f"- highest open-loop rate sustained (0 errors, >= 90% delivered, p95 <= 1 s): "
        f"{max((s.load for s in sustained), default=0):g} turns/s",
    ]
    if best_closed:
        lines.append(f"- closed-loop maximum: {best_closed.turns_per_s} turns/s at {best_closed.load:g} concurrent")
    if best_closed and best_base and best_base.turns_per_s:
        lines.append(f"- baseline (greetings only, no action server) maximum: {best_base.turns_per_s} turns/s; "
                     f"recruiter turns reach {best_closed.turns_per_s / best_base.turns_per_s:.2f}x of it")
    return "\n".join(lines) + "\n"


def comparison(parts: list[tuple[str, list[Step]]]) -> str:
    """The tracker stores side by side: each recruiter step's throughput and latency, run after run."""
    lines = ["# Tracker stores compared (same run, one after the other)", "",
             "| store (run) | mode | load | turns/s | p50 ms | p95 ms | errors | Rasa CPU ms/turn | actions CPU ms/turn |",
             "|---|---|---|---|---|---|---|---|---|"]
    for i, (store, steps) in enumerate(parts, 1):
        for st in steps:
            if st.mode != "baseline":
                lines.append(f"| {store} ({i}) | {st.mode} | {st.load:g} | {st.turns_per_s} | {st.p50_ms} | {st.p95_ms} "
                             f"| {st.errors} | {cpu_per_turn(st, 'rasa')} | {cpu_per_turn(st, 'actions')} |")
    return "\n".join(lines) + "\n"


def cpu_per_turn(step: Step, part: str) -> str:
    """CPU milliseconds one turn cost `part`: what a busy machine changes least."""
    if part not in step.cpu or not step.turns:
        return "-"
    return f"{step.cpu[part] / 100 * step.seconds * 1000 / step.turns:.1f}"


def measure_store(args: argparse.Namespace, folder: Path, model: Path, script: list[str], store: str) -> list[Step]:
    """Every step on a fresh stack whose Rasa keeps conversations in `store` (a fresh SQLite file for sql)."""
    (folder / "conversations.db").unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        (folder / f"conversations.db{suffix}").unlink(missing_ok=True)
    # one driver plays every user at load: the per-sender rate limit is not what is measured
    env = {"HRBOT_DATA_DIR": str(folder), "DATABASE_URL": "", "SANIC_WORKERS": "1", "HRBOT_RATE_LIMIT": "0"}
    if args.rasa_servers > 1:
        stack: ScaledStack | object = start_scaled(model, args.rasa_servers, extra_env=env)
        webhooks = stack.webhooks  # type: ignore[attr-defined]
    else:
        stack = make_stack(extra_env={**env, "HRBOT_TRACKER_STORE": store}).start(model=model)
        webhooks = [stack.webhook]  # type: ignore[attr-defined]
    servers = stack.stack if isinstance(stack, ScaledStack) else stack
    meter = CpuMeter({"rasa": [p.pid for p in servers.procs[1:]], "actions": [servers.procs[0].pid],  # type: ignore[attr-defined]
                      "driver": [os.getpid()]})
    try:
        headers = channel_headers(servers.client_env["HRBOT_CHANNEL_SECRET"])  # type: ignore[attr-defined]
        return asyncio.run(run(args, webhooks, script, meter, headers))
    finally:
        stack.stop()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--data-dir", type=Path, help="reuse a seeded store (default: a fresh temp dir)")
    parser.add_argument("--model", help="a trained model archive (default: train one)")
    parser.add_argument("--rasa-servers", type=int, default=1,
                        help=">1: several Rasa servers sharing a SQL tracker store and a Redis lock store")
    parser.add_argument("--rates", type=lambda v: [float(x) for x in v.split(",")], default=[2, 5, 10, 20, 30])
    parser.add_argument("--closed", type=lambda v: [int(x) for x in v.split(",")], default=[1, 4, 8, 16])
    parser.add_argument("--step-seconds", type=float, default=20.0)
    parser.add_argument("--name", default="conversations", help="results file stem")
    parser.add_argument("--tracker-stores", type=lambda v: [x.strip() for x in v.split(",") if x.strip()], default=["sql"],
                        help="Rasa tracker stores to run one after the other (memory, sql = SQLite in the data dir)")
    args = parser.parse_args()

    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="hrbot-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    names, roles = prepare_store(folder, args.candidates)
    script = recruiter_script(names, roles)
    model = ensure_model(args.model)
    load_before = os.getloadavg()[0]
    stores = ["postgresql"] if args.rasa_servers > 1 else args.tracker_stores
    parts: list[tuple[str, list[Step]]] = []
    for store in stores:
        print(f"## tracker store: {store}", flush=True)
        parts.append((store, measure_store(args, folder, model, script, store)))
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "rasa_servers": args.rasa_servers,
        "candidates": args.candidates, "cpus": os.cpu_count(), "load_before": round(load_before, 2),
        "python": platform.python_version(), "script": script, "tracker_stores": stores,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(
        {"meta": meta, "runs": [{"store": store, "steps": [asdict(s) for s in steps]} for store, steps in parts]}, indent=2))
    text = "".join(report(steps, {**meta, "store": store}) + "\n" for store, steps in parts)
    if len(parts) > 1:
        text = comparison(parts) + "\n" + text
    (RESULTS / f"{args.name}.md").write_text(text)
    print(text)
    if not args.data_dir:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
