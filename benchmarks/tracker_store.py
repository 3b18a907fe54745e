"""Rasa's tracker stores alone: one read and one save per turn, in-memory vs SQL on SQLite, stock vs tuned.

    RASA_TELEMETRY_ENABLED=false .venv-rasa/bin/python benchmarks/tracker_store.py     # ~1 min

Each store runs in its own process (the tuning patches Rasa process-wide): 40 conversations of 13
turns, each turn a retrieve, five events (user message, action, bot message with a payload, slot,
listen) and a save, as the Rasa server does per message. `sql-stock` is Rasa 3.6 as shipped (a
new SQLite connection per read and per save, rollback journal); `sql` has rasa_server's
sqlite_tracker (pooled, WAL, synchronous=NORMAL), as `python -m rasa_server` runs it. Wall time
is what a turn blocks Rasa's event loop. Results: benchmarks/results/tracker_store.{json,md}.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
STORES = ("memory", "sql-stock", "sql")
CONVERSATIONS, TURNS = 40, 13


def measure(store: str) -> dict[str, float]:
    """CPU and wall milliseconds per turn for one store, in this process."""
    sys.path.insert(0, str(ROOT))
    from rasa_server.tuning import install  # Rasa's core loads TensorFlow: only in the child process

    install()
    if store == "sql":
        from rasa_server import sqlite_tracker  # patches Rasa process-wide: only in this child

        sqlite_tracker.install()
    from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore  # after the tuning, as in the server
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain.yml"))
    folder = tempfile.mkdtemp(prefix="hrbot-trackers-")
    trackers = InMemoryTrackerStore(domain) if store == "memory" else SQLTrackerStore(
        domain, dialect="sqlite", db=f"{folder}/conversations.db")
    parse = {"intent": {"name": "search_candidates", "confidence": 1.0}, "entities": []}

    async def turn(sender: str, i: int) -> None:
        tracker = await trackers.retrieve(sender) or DialogueStateTracker(sender, domain.slots)
        tracker.update(UserUttered(f"anyone with python in Berlin? ({i})", parse["intent"], parse_data=parse))
        tracker.update(ActionExecuted("action_search_candidates"))
        tracker.update(BotUttered("Here are 5 people: " + "x" * 400, {"custom": {"type": "candidate_list",
                                                                               "candidates": list(range(20))}}))
        tracker.update(SlotSet("candidate", f"Person {i}"))
        tracker.update(ActionExecuted("action_listen"))
        await trackers.save(tracker)

    async def run() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for c in range(CONVERSATIONS):
            for i in range(TURNS):
                await turn(f"recruiter~{c}", i)
        return time.perf_counter() - wall, time.process_time() - cpu

    wall, cpu = asyncio.run(run())
    turns = CONVERSATIONS * TURNS
    return {"wall_ms_per_turn": round(wall / turns * 1000, 2), "cpu_ms_per_turn": round(cpu / turns * 1000, 2)}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2])))
        return
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    rows = {}
    for store in STORES:
        done = subprocess.run([sys.executable, __file__, "--child", store], capture_output=True, text=True, env=env,
                              cwd=ROOT, check=True)
        rows[store] = json.loads(done.stdout.strip().splitlines()[-1])
        print(store, rows[store], flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tracker_store.json").write_text(json.dumps({"load_before": os.getloadavg()[0], "stores": rows}, indent=2))
    lines = ["# Rasa tracker stores: one retrieve + save per turn", "",
             f"{CONVERSATIONS} conversations x {TURNS} turns, 5 events a turn; load average {os.getloadavg()[0]:.2f}.", "",
             "| store | wall ms/turn (event loop blocked) | CPU ms/turn |", "|---|---|---|"]
    lines += [f"| {s} | {r['wall_ms_per_turn']} | {r['cpu_ms_per_turn']} |" for s, r in rows.items()]
    (RESULTS / "tracker_store.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
