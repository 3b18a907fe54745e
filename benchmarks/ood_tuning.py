"""Tune the out-of-domain gate's margin on development data only (never the test split).

    .venv-rasa/bin/python benchmarks/ood_tuning.py MODEL.tar.gz

Parses, with a trained model whose pipeline has `nlu.ood_gate.OutOfDomainGate`, the off-domain
development split (`nlu.offdomain.off_domain("dev")`: CLINC150 val + oos_val, HWU64 fold 1) and the
in-domain development set `tests/nlu/regression.yml`, then replays the gate for a range of margins
from each message's reported distance and threshold: off-domain false-accept rate (share taken for a
business intent) against in-domain macro-F1 (after the FallbackClassifier's threshold) per margin.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu.evaluation import NON_BUSINESS_INTENTS, canonical_map, load_examples, parse_all  # noqa: E402
from nlu.offdomain import off_domain  # noqa: E402
from nlu.ood_gate import GATE_KEY  # noqa: E402

IN_DOMAIN_DEV = ROOT / "tests" / "nlu" / "regression.yml"
FALLBACK = 0.4


def replay(parse: Dict[str, Any], margin: float) -> str:
    """The final intent had the gate used `margin` times its thresholds (the model's own margin undone)."""
    gate = parse.get(GATE_KEY)
    intent = (parse.get("intent") or {}).get("name") or "None"
    if not gate:
        return intent
    original = gate["intent"]
    ranking = [r for r in parse.get("intent_ranking") or [] if r["name"] != "out_of_scope"]
    top = max((r["confidence"] for r in ranking if r["name"] == original), default=1.0)
    base = gate["threshold"] / float(gate.get("margin") or 1.0)  # the quantile distance, before the model's margin
    if gate["distance"] > margin * base:
        return "out_of_scope"
    if intent == "out_of_scope" and original != "out_of_scope":
        total = sum(r["confidence"] for r in ranking) or 1.0
        return original if top / total >= FALLBACK else "nlu_fallback"
    return intent


def main(argv: Optional[List[str]] = None) -> int:
    """Print the margin sweep."""
    from rasa.core.agent import Agent
    from sklearn.metrics import f1_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--margins", default="1.0,1.1,1.15,1.2,1.25,1.3,1.35,1.4,1.5,1.7,2.0,100")
    args = parser.parse_args(argv)
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    for noisy in ("rasa", "tensorflow", "absl", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    agent = Agent.load(args.model)
    offdomain = off_domain("dev")
    indomain = load_examples(IN_DOMAIN_DEV, canonical_map(ROOT / "data" / "nlu"))
    od_parsed, _ = asyncio.run(parse_all(agent, [r.text for r in offdomain]))
    in_parsed, _ = asyncio.run(parse_all(agent, [e["text"] for e in indomain]))
    gold = [e["intent"] for e in indomain]
    labels = sorted(set(gold))
    print("margin  off-domain false-accept (dev)  in-domain macro-F1 (regression.yml)")
    for margin in (float(m) for m in args.margins.split(",")):
        far = sum(replay(p, margin) not in NON_BUSINESS_INTENTS for p in od_parsed) / len(od_parsed)
        pred = [replay(p, margin) for p in in_parsed]
        f1 = f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
        print(f"{margin:6.2f}  {100 * far:6.2f}  {100 * f1:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
