"""First run, timed: a fresh clone to a web chat that answers a recruiter's first question.

Clones this repository's committed HEAD into a temporary folder, runs the README's first
command there (`bash scripts/start.sh`, what `make start` runs) on its own data folder, reads
each part's time from what the command prints (install, seed, index, train, servers), and asks
the web chat "best candidates for the Senior NLP Engineer role" the moment it is up: the clock
stops at the first ranked, explained answer.

    .venv/bin/python benchmarks/setup.py                 # uv's cache as it is (a second clone)
    .venv/bin/python benchmarks/setup.py --cold-cache    # an empty package cache: a new machine
    .venv/bin/python benchmarks/setup.py --baseline REV  # also REV's first run, alternating, same machine

Results: benchmarks/results/setup{,-cold}.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
QUESTION = "best candidates for the Senior NLP Engineer role"
TIMEOUT_S = 1200
PARTS = {
    "install": r"\[install\] done in (\d+) s",
    "seed": r"seeded \d+ candidates in ([\d.]+) s",
    "train": r"set-up done in \d+ s:.*\btrain (\d+) s",
    "index": r"set-up done in \d+ s:.*\bindex (\d+) s",
    "setup (seed + train + index)": r"set-up done in (\d+) s",
}
ANSWERING = r"answering (\d+) s after the command started"
SERVERS = "index and servers, after training"
OVERLAPPED = "building the search indexes"  # printed after "starting Rasa" when both run at once


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(data: Path, cache: Path | None) -> dict[str, str]:
    """This process's environment without hrbot's own settings: a newcomer's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRBOT_") and k != "DATABASE_URL"}
    env["HRBOT_DATA_DIR"] = str(data)
    if cache is not None:
        env["UV_CACHE_DIR"] = str(cache)
    return env


def ask(url: str) -> dict[str, Any] | None:
    """The chat's answer to the recruiter's question, or None while it is not up yet."""
    try:
        reply = httpx.post(f"{url}/api/message", json={"sender": "recruiter", "message": QUESTION}, timeout=120)
    except httpx.HTTPError:
        return None
    if reply.status_code != 200:
        return None
    return next((m["custom"] for m in reply.json().get("messages", []) if isinstance(m.get("custom"), dict)), {})


def wait_first_answer(proc: subprocess.Popen[bytes], url: str, log: Path, started: float) -> tuple[float, dict]:
    """Seconds from the command's start to a ranked answer, and that answer's payload."""
    while time.monotonic() - started < TIMEOUT_S:
        if proc.poll() is not None:
            raise SystemExit(f"start.sh stopped (exit {proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            up = httpx.get(f"{url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            up = False
        if up:
            payload = ask(url)
            if payload is not None:
                return time.monotonic() - started, payload
        time.sleep(0.5)
    raise SystemExit(f"no answer within {TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def parts_of(output: str) -> dict[str, float]:
    """Each part's seconds as the commands printed them, plus the stretch from trained to answering.

    Before `hrbot web --setup`, set-up built the indexes and then `hrbot web` started the servers
    (its clock starting after set-up); now `hrbot web` times set-up too and starts Rasa before the
    index build.
    """
    found = {}
    for name, pattern in PARTS.items():
        match = re.search(pattern, output)
        if match:
            found[name] = float(match.group(1))
    answering = re.search(ANSWERING, output)
    if answering:
        web = float(answering.group(1))
        starting = output.find("starting Rasa and the action server")
        overlapped = 0 <= starting < output.find(OVERLAPPED)
        before = found.get("seed", 0.0) + found.get("train", 0.0)
        found[SERVERS] = web - before if overlapped else found.get("index", 0.0) + web
    return found


def run(cold: bool, keep: bool, rev: str = "HEAD") -> dict[str, Any]:
    """One first run in a fresh clone of `rev`; its parts, the total and the answer's shape."""
    work = Path(tempfile.mkdtemp(prefix="hrbot-first-run-"))
    clone = work / "hrbot"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", rev], check=True)
    commit = subprocess.run(["git", "-C", str(clone), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    port = free_port()
    log = work / "start.log"
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    with open(log, "wb") as handle:
        proc = subprocess.Popen(
            ["bash", "scripts/start.sh", "--port", str(port), "--url", f"http://127.0.0.1:{free_port()}"],
            cwd=clone, env=clean_env(clone / "var", work / "uv-cache" if cold else None),
            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        total, payload = wait_first_answer(proc, f"http://127.0.0.1:{port}", log, started)
        load_after = os.getloadavg()[0]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    output = log.read_text(encoding="utf-8", errors="replace")
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    cards = payload.get("candidates", [])
    return {
        "commit": commit, "cold_cache": cold, "parts_s": parts_of(output), "first_answer_s": round(total, 1),
        "answer": {"type": payload.get("type"), "candidates": len(cards),
                   "explained": bool(cards) and all("required_coverage" in c and "evidence" in c for c in cards)},
        "load_average": [round(load_before, 2), round(load_after, 2)], "cpus": os.cpu_count(),
        "python": platform.python_version(), "kept": str(work) if keep else None,
    }


def markdown(results: list[dict[str, Any]]) -> str:
    """The table for benchmarks/results/setup*.md: one column per run, in the order they ran."""
    names = [*PARTS, SERVERS]
    head = " | ".join(f"{r['commit']} ({r['role']})" for r in results)
    rows = "\n".join(
        f"| {name} | " + " | ".join(f"{r['parts_s'][name]:.0f} s" if name in r["parts_s"] else "" for r in results) + " |"
        for name in names if any(name in r["parts_s"] for r in results)
    )
    totals = " | ".join(f"**{r['first_answer_s']:.0f} s**" for r in results)
    loads = "; ".join(f"{r['commit']} {r['load_average'][0]} -> {r['load_average'][1]}" for r in results)
    answers = "; ".join(
        f"{r['commit']}: `{r['answer']['type']}` with {r['answer']['candidates']} candidates, "
        f"{'each' if r['answer']['explained'] else 'not all'} explained" for r in results)
    first = results[0]
    return (
        f"# First run: fresh clone to an answering web chat ({'empty' if first['cold_cache'] else 'warm'} package cache)\n\n"
        f"{first['cpus']} cores; runs one after the other in the order of the columns; load average before -> at "
        f"the answer: {loads}. Seed and train run one after the other; the index builds while Rasa loads its model "
        "where `hrbot web --setup` starts it (else before the servers start).\n\n"
        f"| part | {head} |\n|---|{'---|' * len(results)}\n{rows}\n| **fresh clone to first answer** | {totals} |\n\n"
        f"First answers: {answers} (required skills covered, evidence).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold-cache", action="store_true", help="Install from an empty uv cache (a new machine).")
    parser.add_argument("--keep", action="store_true", help="Keep the clone and its log.")
    parser.add_argument("--baseline", help="Also time this revision's first run (before HEAD's), same machine.")
    args = parser.parse_args()
    results = []
    for role, rev in ([("baseline", args.baseline)] if args.baseline else []) + [("now", "HEAD")]:
        results.append({"role": role, **run(args.cold_cache, args.keep, rev)})
        print(json.dumps(results[-1]), flush=True)
    name = "setup-cold" if args.cold_cache else "setup"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
