"""NLU regression gate: the project's NLU (config.yml, data/nlu) on a small fixed set.

Fails when intent accuracy or entity F1 on tests/nlu/regression.yml drops below the thresholds
below. The model comes from the session fixture `nlu_model` (trained once, see conftest.py).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from nlu.evaluation import canonical_map, load_examples, parse_all, score

ROOT = Path(__file__).resolve().parents[2]
MIN_INTENT_ACCURACY = 0.95
MIN_ENTITY_F1 = 0.90
MIN_VALUE_ACCURACY = 0.95


def test_regression_set(nlu_model: Path) -> None:
    from rasa.core.agent import Agent

    examples = load_examples(ROOT / "tests" / "nlu" / "regression.yml", canonical_map(ROOT / "data" / "nlu"))
    agent = Agent.load(str(nlu_model))
    predictions, _ = asyncio.run(parse_all(agent, [ex["text"] for ex in examples]))
    s = score(examples, predictions)

    out = ROOT / "results" / "nlu"
    out.mkdir(parents=True, exist_ok=True)
    (out / "regression.json").write_text(json.dumps(s, indent=2, ensure_ascii=False))

    errors = "\n".join(f"  {e['text']!r}: {e['gold']} -> {e['pred']}" for e in s["intent_errors"])
    assert s["intent_accuracy"] >= MIN_INTENT_ACCURACY, f"intent accuracy {s['intent_accuracy']:.3f}\n{errors}"
    ent_errors = "\n".join(f"  {e['text']!r}: {e['gold']} -> {e['pred']}" for e in s["entity_errors"])
    assert s["entity_micro_f1"] >= MIN_ENTITY_F1, f"entity F1 {s['entity_micro_f1']:.3f}\n{ent_errors}"
    assert s["entity_value_accuracy"] >= MIN_VALUE_ACCURACY
    assert s["out_of_scope_recall"] == 1.0, errors
