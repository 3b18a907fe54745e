"""Scoring NLU predictions against labelled Rasa NLU YAML (held-out and regression splits).

Shared by benchmarks/nlu.py and tests/nlu/. Intent metrics use the final intent (after the
FallbackClassifier, so `nlu_fallback` counts as wrong). An entity counts as found when its type,
start and end match a labelled one exactly; the value check compares the normalised value with the
labelled value mapped through the training data's synonyms (the canonical value).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import accuracy_score, f1_score

ENTITIES = ["skill", "location", "seniority", "role", "person", "stage", "team"]


def canonical_map(nlu_data: str | Path) -> Dict[str, str]:
    """Lower-cased surface form -> canonical value, from the training data's synonyms."""
    syn = {k.lower(): v for k, v in load_data(str(nlu_data)).entity_synonyms.items()}
    for v in list(syn.values()):
        syn.setdefault(v.lower(), v)
    return syn


def load_examples(path: str | Path, synonyms: Optional[Dict[str, str]] = None) -> List[Dict[str, Any]]:
    """Labelled examples: text, intent, entities (with canonical values when `synonyms` is given)."""
    synonyms = synonyms or {}
    out = []
    for m in load_data(str(path)).training_examples:
        if not m.get("text"):
            continue
        ents = []
        for e in m.get("entities") or []:
            value = str(e.get("value"))
            ents.append({"entity": e["entity"], "start": e["start"], "end": e["end"],
                         "value": synonyms.get(value.lower(), value)})
        out.append({"text": m.get("text"), "intent": m.get("intent"), "entities": ents})
    return out


async def parse_all(agent: Any, texts: Iterable[str]) -> Tuple[List[Dict[str, Any]], List[float]]:
    """`agent.parse_message` for each text, with the wall time of each call in ms."""
    predictions, latencies = [], []
    for text in texts:
        start = time.perf_counter()
        predictions.append(await agent.parse_message(text))
        latencies.append((time.perf_counter() - start) * 1000.0)
    return predictions, latencies


def _f1(tp: int, fp: int, fn: int) -> Optional[float]:
    return None if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def score(examples: List[Dict[str, Any]], predictions: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Intent accuracy, macro-F1 and per-intent F1, out_of_scope recall, entity F1 per type."""
    gold = [ex["intent"] for ex in examples]
    pred = [((p.get("intent") or {}).get("name")) or "None" for p in predictions]
    labels = sorted(set(gold))
    per_intent = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    oos = [p == "out_of_scope" for g, p in zip(gold, pred) if g == "out_of_scope"]

    tp = {e: 0 for e in ENTITIES}
    fp, fn, value_ok = dict(tp), dict(tp), dict(tp)
    entity_errors = []
    for ex, p in zip(examples, predictions):
        g = {(e["entity"], e["start"], e["end"]): e["value"] for e in ex["entities"]}
        q = {(e["entity"], e["start"], e["end"]): str(e.get("value")) for e in p.get("entities") or [] if e["entity"] in tp}
        for key, value in q.items():
            if key in g:
                tp[key[0]] += 1
                value_ok[key[0]] += int(value == g[key])
            else:
                fp[key[0]] += 1
        for key in g:
            if key not in q:
                fn[key[0]] += 1
        if set(g) != set(q):
            entity_errors.append({"text": ex["text"], "gold": sorted(g), "pred": sorted(q)})

    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "n": len(gold),
        "intent_accuracy": float(accuracy_score(gold, pred)),
        "intent_macro_f1": float(sum(per_intent) / len(per_intent)),
        "intent_f1": {label: float(v) for label, v in zip(labels, per_intent)},
        "nlu_fallback_rate": sum(p == "nlu_fallback" for p in pred) / max(1, len(pred)),
        "out_of_scope_recall": (sum(oos) / len(oos)) if oos else None,
        "entity_f1": {e: _f1(tp[e], fp[e], fn[e]) for e in ENTITIES},
        "entity_micro_f1": _f1(all_tp, all_fp, all_fn),
        "entity_support": {e: tp[e] + fn[e] for e in ENTITIES},
        "entity_value_accuracy": (sum(value_ok.values()) / all_tp) if all_tp else None,
        "intent_errors": [
            {"text": ex["text"], "gold": g, "pred": p_} for ex, g, p_ in zip(examples, gold, pred) if g != p_
        ],
        "entity_errors": entity_errors,
    }


#: Intents that are not a business action: conversation, out of scope, the fallback, no intent.
NON_BUSINESS_INTENTS = frozenset({
    "greet", "goodbye", "thank", "help", "affirm", "deny", "bot_challenge", "out_of_scope", "nlu_fallback", "None",
})


def false_accepts(requests: List[Any], predictions: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Share of off-domain requests whose final intent is a business one, overall and per source."""
    pred = [((p.get("intent") or {}).get("name")) or "None" for p in predictions]
    hits = [intent not in NON_BUSINESS_INTENTS for intent in pred]
    by_source: Dict[str, List[bool]] = {}
    by_intent: Dict[str, int] = {}
    for r, hit, intent in zip(requests, hits, pred):
        by_source.setdefault(r.source, []).append(hit)
        if hit:
            by_intent[intent] = by_intent.get(intent, 0) + 1
    return {
        "n": len(hits),
        "false_accept_rate": sum(hits) / max(1, len(hits)),
        "by_source": {s: {"n": len(v), "false_accept_rate": sum(v) / len(v)} for s, v in sorted(by_source.items())},
        "by_intent": dict(sorted(by_intent.items(), key=lambda kv: -kv[1])),
        "examples": [{"text": r.text, "source": r.source, "pred": intent}
                     for r, hit, intent in zip(requests, hits, pred) if hit][:60],
    }
