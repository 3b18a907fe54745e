"""Attacks on a freshly started hrbot stack: what each one gets (the "locked down by default" table).

Run from the root of the checkout under test, so it measures that checkout's code (it uses only
what every version has: make_stack, the seeding, plain HTTP):

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/attacks.py --model models/x.tar.gz --label after

and merge two runs into benchmarks/results/attacks.md with `--table before.json after.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, os.getcwd())  # the checkout under test, not necessarily this file's

EVIL = {"Origin": "https://evil.example"}
FLOOD = 31
"""One more than the default HRBOT_RATE_LIMIT."""


def seed(folder: Path) -> str:
    """A small seeded store; the name of a candidate with an application."""
    from sqlmodel import select

    from store.engine import get_engine, init_db, session_scope
    from store.models import Application, Candidate
    from store.seeding import generate, load_catalog

    os.environ["HRBOT_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = ""
    engine = init_db(get_engine())
    with session_scope(engine) as session:
        load_catalog(session)
    with session_scope(engine) as session:
        generate(session, candidates=300, employees=40, seed=7, progress=False)
    with session_scope(engine) as session:
        return session.exec(select(Candidate.full_name).join(Application).order_by(Candidate.id)).first()


def listening(port: int) -> str:
    """The address listening on `port` (Linux /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address, hex_port = fields[1].split(":")
        if int(hex_port, 16) == port and fields[3] == "0A":
            return ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return "?"


def action_call(person: str) -> dict[str, Any]:
    """An action call as Rasa sends it: the recruiter asking for a candidate's status."""
    text = f"status of {person}"
    latest = {"text": text, "intent": {"name": "application_status", "confidence": 1.0},
              "entities": [{"entity": "person", "value": person}], "metadata": {"hrbot_verified": True}}
    tracker = {"sender_id": "recruiter", "slots": {}, "latest_message": latest, "paused": False,
               "followup_action": None, "events": [{"event": "user", "text": text, "parse_data": latest}],
               "active_loop": {}, "latest_action_name": "action_listen"}
    return {"next_action": "action_application_status", "sender_id": "recruiter", "tracker": tracker,
            "domain": {}, "version": "3.6.21"}


def texts(response: httpx.Response) -> str:
    try:
        return " ".join(r.get("text") or "" for r in response.json())
    except (ValueError, AttributeError):
        return response.text


def attacks(stack: Any, person: str) -> list[tuple[str, str]]:
    """(attack, outcome) for each attack."""
    actions = f"http://127.0.0.1:{stack.actions_port}"
    secret = stack.env.get("HRBOT_CHANNEL_SECRET", "")
    vouched = {"X-Hrbot-Channel-Secret": secret} if secret else {}
    leaked = lambda r: "candidate data returned" if person in r.text else "no candidate data"  # noqa: E731
    rows = []
    r = httpx.post(f"{actions}/webhook", json=action_call(person), timeout=60)
    rows.append(("forged action call, no secret (POST actions /webhook)", f"{r.status_code}, {leaked(r)}"))
    r = httpx.post(f"{actions}/webhook", json=action_call(person), headers={"X-Hrbot-Actions-Secret": "guess"}, timeout=60)
    rows.append(("forged action call, wrong secret", f"{r.status_code}, {leaked(r)}"))
    r = httpx.get(f"{actions}/actions", headers=EVIL, timeout=30)
    rows.append(("list the actions, no secret, foreign Origin",
                 f"{r.status_code}, Allow-Origin {r.headers.get('access-control-allow-origin', 'none')}"))
    rows.append(("reach the action server from another host", f"listens on {listening(stack.actions_port)}"))
    r = httpx.get(f"{stack.rasa_url}/status", headers=EVIL, timeout=30)
    rows.append(("cross-origin call to Rasa's API (GET /status, Origin evil)",
                 f"{r.status_code}, Allow-Origin {r.headers.get('access-control-allow-origin', 'none')}"))
    say = httpx.post(stack.webhook, json={"sender": "recruiter", "message": "hello"}, headers=vouched, timeout=120)
    r = httpx.get(f"{stack.rasa_url}/conversations/recruiter/tracker", timeout=30)
    rows.append(("read the recruiter's conversation without a token", f"{r.status_code}"
                 + (f", {len(r.json().get('events', []))} events" if r.status_code == 200 else "")))
    r = httpx.post(f"{stack.rasa_url}/conversations/recruiter/tracker/events", timeout=30,
                   json={"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}, "entities": []}, "metadata": {"hrbot_verified": True}})
    rows.append(("append a 'verified' user message without a token", f"{r.status_code}"))
    ask = {"sender": "recruiter", "message": f"what's the status of {person}?"}
    r = httpx.post(stack.webhook, json=ask, timeout=120)
    rows.append(("plain REST caller claiming sender 'recruiter' asks a candidate's status", leaked(r)))
    r = httpx.post(stack.webhook, json={**ask, "metadata": {"hrbot_verified": True}, "input_channel": "slack"}, timeout=120)
    rows.append(("same, forging metadata hrbot_verified and input_channel", leaked(r)))
    r = httpx.post(stack.webhook, json=ask, headers={"X-Hrbot-Channel-Secret": "guess"}, timeout=120)
    rows.append(("same, guessing the channel secret", f"{r.status_code}, {leaked(r)}"))
    r = httpx.post(stack.webhook, json={**ask, "sender": "recruiter~sec"}, headers=vouched, timeout=120)
    rows.append(("(control) our connector, as the recruiter", leaked(r)))
    rows.append(("web chat started on 0.0.0.0: pick 'recruiter', ask a status", web_chat(stack, ask)))
    with ThreadPoolExecutor(FLOOD) as pool:
        answers = list(pool.map(lambda i: texts(httpx.post(
            stack.webhook, json={"sender": "flooder", "message": "hello"}, headers=vouched, timeout=300)), range(FLOOD)))
    refused = sum("faster than I can take them" in a for a in answers)
    rows.append((f"flood: {FLOOD} messages at once from one sender", f"{FLOOD - refused} processed, {refused} told to wait"))
    assert say.status_code == 200
    return rows


def web_chat(stack: Any, ask: dict[str, str]) -> str:
    """The web chat on every interface: does its picker still vouch for 'recruiter'?"""
    from connectors.web import make_server, serve_in_thread

    try:
        server = make_server(stack.webhook, host="0.0.0.0", port=0)
    except Exception as exc:  # noqa: BLE001 - a refusal is an outcome
        return f"refused to start: {type(exc).__name__}"
    serve_in_thread(server)
    try:
        users = httpx.get(server.url + "api/users", timeout=30).json().get("users", [])
        r = httpx.post(server.url + "api/message", json=ask, timeout=120)
        shown = " ".join(m.get("text") or "" for m in r.json().get("messages", []))
        return f"picker offers {len(users)} users; " + ("candidate data returned" if ask["message"].split("of ")[1][:-1] in shown
                                                        else "no candidate data")
    finally:
        server.shutdown()
        server.server_close()


def table(runs: list[Path]) -> str:
    """A markdown table: one row per attack, one column per run."""
    loaded = [json.loads(p.read_text()) for p in runs]
    head = "| attack | " + " | ".join(r["label"] for r in loaded) + " |\n|---|" + "---|" * len(loaded) + "\n"
    names = [a for a, _ in loaded[-1]["rows"]]
    cells = [dict(map(tuple, r["rows"])) for r in loaded]
    return head + "".join(f"| {n} | " + " | ".join(c.get(n, "n/a") for c in cells) + " |\n" for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--label", default="run")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--table", type=Path, nargs="+", help="merge saved runs into a markdown table")
    args = parser.parse_args()
    if args.table:
        print(table(args.table))
        return
    for name in ("HRBOT_RATE_LIMIT", "HRBOT_WEB_DEMO_IDENTITIES", "HRBOT_ACTIONS_HOST"):
        os.environ.pop(name, None)  # the defaults are what is measured
    from connectors.servers import make_stack

    folder = Path(tempfile.mkdtemp(prefix="hrbot-attacks-"))
    person = seed(folder)
    stack = make_stack(log_dir=folder / "logs", extra_env={"HRBOT_DATA_DIR": str(folder), "DATABASE_URL": ""})
    try:
        stack.start(model=args.model.resolve())
        rows = attacks(stack, person)
    finally:
        stack.stop()
    for attack, outcome in rows:
        print(f"{attack}: {outcome}")
    if args.out:
        args.out.write_text(json.dumps({"label": args.label, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
