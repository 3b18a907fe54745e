"""NLU benchmark: Rasa's default pipeline against the MiniLM transformer pipeline, same held-out split.

    .venv-rasa/bin/python benchmarks/nlu.py                      # every pipeline below
    .venv-rasa/bin/python benchmarks/nlu.py --only default,transformer --epochs 40   # quick look

Each pipeline is trained (`rasa.model_training.train_nlu`, the same code path as `rasa train nlu`)
on data/nlu/ (lookups included), loaded into a Rasa `Agent`, and asked every message of
tests/nlu/heldout.yml once, in process, after a warm-up. Reported per pipeline:

* intent accuracy and macro-F1 over the 21 contract intents, on the final intent (after the
  FallbackClassifier: a `nlu_fallback` counts as wrong);
* out_of_scope recall (messages labelled out_of_scope that come back as out_of_scope);
* entity F1 per entity type (a predicted entity counts when type, start and end match exactly) and
  the share of matched entities whose value is the canonical value (after synonyms);
* train time (wall clock), single-message parse latency p50/p95 in ms.

Results go to benchmarks/results/nlu.json and benchmarks/results/nlu.md. The machine is shared,
so timings carry the load average measured during the run.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import logging
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from nlu.evaluation import ENTITIES, canonical_map, false_accepts, load_examples, parse_all, score  # noqa: E402
from nlu.offdomain import off_domain  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
NLU_DATA = ROOT / "data" / "nlu"
WARMUP = [
    "hello there", "find python people in berlin", "what does the data engineer role require",
    "move Ana to onsite", "how do I become a data scientist", "thanks", "are you a bot",
    "salary band for a senior data scientist in Munich", "compare Tom and Jerry", "tell me a joke",
]


def default_pipeline() -> List[Dict[str, Any]]:
    """The pipeline `rasa init` projects get (Rasa's own default config), with a fixed seed."""
    import rasa.engine.recipes.default_recipe as recipe_module

    path = Path(recipe_module.__file__).parent / "config_files" / "default_config.yml"
    pipeline = yaml.safe_load(path.read_text())["pipeline"]
    for item in pipeline:
        if item["name"] in ("DIETClassifier", "ResponseSelector"):
            item["random_seed"] = 42
    return pipeline


def project_pipeline() -> List[Dict[str, Any]]:
    """The pipeline in the project's config.yml."""
    return yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]


def _with(pipeline: List[Dict[str, Any]], name: str, **changes: Any) -> List[Dict[str, Any]]:
    out = copy.deepcopy(pipeline)
    for item in out:
        if item["name"].endswith(name):
            item.update(changes)
    return out


def _without(pipeline: List[Dict[str, Any]], predicate) -> List[Dict[str, Any]]:
    return [copy.deepcopy(i) for i in pipeline if not predicate(i)]


def _frozen(pipeline: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The pipeline with the fine-tuned featurizer swapped for the frozen one (same feature options)."""
    from nlu.featurizer import MiniLMFeaturizer

    frozen_keys = set(MiniLMFeaturizer.get_default_config())
    out = []
    for item in copy.deepcopy(pipeline):
        if item["name"].endswith("FineTunedMiniLMFeaturizer"):
            item = {"name": "nlu.featurizer.MiniLMFeaturizer", **{k: v for k, v in item.items() if k in frozen_keys}}
        out.append(item)
    return out


DIET_ENTITIES = {
    "name": "DIETClassifier", "intent_classification": False, "epochs": 60, "number_of_transformer_layers": 1,
    "transformer_size": 128, "constrain_similarities": True, "random_seed": 42,
}


def _diet_entities(pipeline: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The config.yml before the CRF: DIET tags entities, reading lexical and word-count features too."""
    out: List[Dict[str, Any]] = []
    for item in pipeline:
        if item["name"] == "CRFEntityExtractor":
            out.append(dict(DIET_ENTITIES))
            continue
        out.append(copy.deepcopy(item))
        if item["name"] == "RegexFeaturizer":
            out += [{"name": "LexicalSyntacticFeaturizer"}, {"name": "CountVectorsFeaturizer"}]
    return out


def _diet_intents(pipeline: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The pipeline with DIET classifying intents and tagging entities, no MiniLMIntentClassifier."""
    out = _without(_diet_entities(pipeline), lambda i: i["name"].endswith("MiniLMIntentClassifier"))
    for item in out:
        if item["name"] == "DIETClassifier":
            item.pop("intent_classification", None)
    return out


def _crf_words(pipeline: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The pipeline with the CRF on word shape and lookup patterns only (no MiniLM token vectors)."""
    out = copy.deepcopy(pipeline)
    for item in out:
        if item["name"] == "CRFEntityExtractor":
            item["features"] = [[f for f in position if f != "text_dense_features"] for position in item["features"]]
    return out


def pipelines() -> Dict[str, Dict[str, Any]]:
    """name -> {pipeline, note}. (a) Rasa default, (b) the project config, (c..) variants of (b)."""
    project = project_pipeline()
    char_cvf = {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}
    with_char: List[Dict[str, Any]] = []
    for item in project:
        with_char.append(copy.deepcopy(item))
        if item["name"] == "CountVectorsFeaturizer":
            with_char.append(dict(char_cvf))
    return {
        "default": {"pipeline": default_pipeline(), "note": "Rasa's default pipeline (what `rasa init` trains with), seed fixed"},
        "transformer": {"pipeline": project, "note": "config.yml: lookup-table regex features + MiniLM fine-tuned on the intents (int8, TorchScript); a CRF on word shape, lookup patterns and MiniLM token vectors tags entities, logistic regression on the tuned sentence vector picks the intent"},
        "transformer-diet-entities": {
            "pipeline": _diet_entities(project),
            "note": "as config.yml, but DIET (1 transformer layer) tags entities instead of the CRF: the config.yml before the CRF",
        },
        "transformer-diet-intents": {
            "pipeline": _diet_intents(project),
            "note": "as config.yml, but DIET picks the intent and tags entities (no logistic-regression head, no CRF)",
        },
        "transformer-frozen": {
            "pipeline": _diet_intents(_frozen(project)),
            "note": "MiniLM frozen (the package weights, no fine-tuning), DIET picks intents and entities: the previous config.yml",
        },
        "transformer-fp32": {
            "pipeline": _with(project, "MiniLMFeaturizer", quantize=False),
            "note": "as config.yml, MiniLM in fp32 (no int8 quantization)",
        },
        "transformer-eager": {
            "pipeline": _with(project, "MiniLMFeaturizer", torchscript=False),
            "note": "as config.yml, MiniLM run eagerly (no TorchScript); same features, latency only",
        },
        "transformer+char": {
            "pipeline": _diet_entities(with_char),
            "note": "as transformer-diet-entities plus the default char n-gram (1-4) CountVectorsFeaturizer (DIET reads the sparse features; the CRF does not)",
        },
        "transformer-2-epochs": {
            "pipeline": _with(project, "FineTunedMiniLMFeaturizer", epochs=2),
            "note": "as config.yml, MiniLM fine-tuned for 2 epochs instead of 3 (set-up time)",
        },
        "transformer-freeze-3": {
            "pipeline": _with(project, "FineTunedMiniLMFeaturizer", fine_tune_frozen_layers=3),
            "note": "as config.yml, the embeddings and the lower 3 of MiniLM's 6 blocks frozen while fine-tuning (set-up time)",
        },
        "transformer-2-epochs-freeze-3": {
            "pipeline": _with(project, "FineTunedMiniLMFeaturizer", epochs=2, fine_tune_frozen_layers=3),
            "note": "as config.yml, 2 epochs with the embeddings and the lower 3 blocks frozen (set-up time)",
        },
        "transformer-crf-words": {
            "pipeline": _crf_words(project),
            "note": "as config.yml, without the MiniLM token vectors in the CRF (word shape and lookup patterns only)",
        },
        "minilm-only": {
            "pipeline": _diet_entities(_without(project, lambda i: i["name"] in ("CountVectorsFeaturizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer"))),
            "note": "MiniLM features only (no sparse featurizers) + DIET",
        },
    }


def _train(pipeline: List[Dict[str, Any]], workdir: Path, name: str, epochs: Optional[int]) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    pipeline = copy.deepcopy(pipeline)
    if epochs:
        for item in pipeline:
            if item["name"] in ("DIETClassifier", "ResponseSelector"):
                item["epochs"] = epochs
    config = {"recipe": "default.v1", "assistant_id": f"bench-{name}", "language": "en", "pipeline": pipeline, "policies": []}
    config_path = workdir / f"{name}.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    start, cpu = time.perf_counter(), _cpu_s()
    model = train_nlu(str(config_path), str(NLU_DATA), str(workdir), fixed_model_name=name, domain=str(ROOT / "domain.yml"))
    took = time.perf_counter() - start
    if not model:
        raise RuntimeError(f"training {name} produced no model")
    print(f"[bench] {name}: train CPU {_cpu_s() - cpu:.0f}s (process CPU so far {_cpu_s():.0f}s)", flush=True)
    return Path(model), took


def _cpu_s() -> float:
    """CPU seconds (user + system, all threads) this process has used: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _evaluate(model: Path, texts: List[str], offdomain: Dict[str, List[Any]]) -> Dict[str, Any]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    for text in WARMUP * 2:
        await agent.parse_message(text)
    predictions, latencies = await parse_all(agent, texts)
    scored = {}
    for split, requests in offdomain.items():
        parsed, _ = await parse_all(agent, [r.text for r in requests])
        scored[split] = false_accepts(requests, parsed)
    return {"predictions": predictions, "latencies_ms": latencies, "offdomain": scored}


def _fmt(v: Optional[float], pct: bool = True) -> str:
    if v is None:
        return "-"
    return f"{100 * v:.1f}" if pct else f"{v:.1f}"


def to_markdown(results: Dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        "# NLU benchmark (held-out split)",
        "",
        f"Held-out: `{meta['heldout']}` ({meta['n_heldout']} messages, {meta['n_intents']} intents); "
        f"training data: `data/nlu/`. Machine: {meta['machine']}; load average during the run "
        f"{meta['load_avg_start']} -> {meta['load_avg_end']}. Generated by `benchmarks/nlu.py` on {meta['date']}.",
        "",
        "Intent metrics are on the final intent (after FallbackClassifier; `nlu_fallback` counts as wrong). "
        "Entity F1: exact type+span match. Value acc.: matched entities whose normalised value is the canonical one. "
        "Latency: one `Agent.parse_message` per held-out message, in process, after warm-up.",
        "",
        "Off-domain false-accept: share of real off-domain requests (public corpora, see below) whose final "
        "intent is a business intent (not a conversation intent, out_of_scope or nlu_fallback); dev split used "
        "for tuning, test split only reported.",
        "",
        "| pipeline | off-domain false-accept test | off-domain false-accept dev | intent acc. | intent macro-F1 | out_of_scope recall | "
        + " | ".join(f"{e} F1" for e in ENTITIES)
        + " | entity micro-F1 | value acc. | train s | parse p50 ms | parse p95 ms |",
        "|---" * (11 + len(ENTITIES)) + "|",
    ]
    for name, r in results["pipelines"].items():
        s = r["scores"]
        od = r.get("offdomain") or {}
        far = {k: (od[k]["false_accept_rate"] if k in od else None) for k in ("test", "dev")}
        lines.append(
            f"| {name} | {_fmt(far['test'])} | {_fmt(far['dev'])} | "
            f"{_fmt(s['intent_accuracy'])} | {_fmt(s['intent_macro_f1'])} | {_fmt(s['out_of_scope_recall'])} | "
            + " | ".join(_fmt(s["entity_f1"][e]) for e in ENTITIES)
            + f" | {_fmt(s['entity_micro_f1'])} | {_fmt(s['entity_value_accuracy'])} | {r['train_s']:.0f} | "
            f"{r['latency_ms']['p50']:.1f} | {r['latency_ms']['p95']:.1f} |"
        )
    pipelines = results["pipelines"]
    if "default" in pipelines and "transformer" in pipelines:
        gap = 100 * (pipelines["transformer"]["scores"]["intent_macro_f1"] - pipelines["default"]["scores"]["intent_macro_f1"])
        lines += ["", f"Intent macro-F1, transformer minus default: **{gap:+.1f} points**."]
    lines += ["", "Pipelines:", ""]
    for name, r in pipelines.items():
        when = f" (measured {r['measured_at']}, load average {r['load_avg']})" if r.get("measured_at") else ""
        lines.append(f"- **{name}**: {r['note']}{when}")
    lines += ["", "Entity support in the held-out split: " + ", ".join(f"{e} {n}" for e, n in meta["entity_support"].items())]
    sources = sorted({src for r in pipelines.values() for split in (r.get("offdomain") or {}).values() for src in split["by_source"]})
    if sources:
        lines += ["", "Off-domain false-accept by source (%; requests in brackets):", "",
                  "| pipeline | " + " | ".join(sources) + " | most often taken for |", "|---" * (len(sources) + 2) + "|"]
        for name, r in pipelines.items():
            od = r.get("offdomain") or {}
            merged = {src: v for split in od.values() for src, v in split["by_source"].items()}
            top = ", ".join(f"{k} {v}" for k, v in list((od.get("test") or {}).get("by_intent", {}).items())[:4])
            lines.append(f"| {name} | " + " | ".join(
                f"{_fmt(merged[src]['false_accept_rate'])} ({merged[src]['n']})" if src in merged else "-" for src in sources
            ) + f" | {top} |")
    lines.append("")
    return "\n".join(lines)


def _merged(path: Path, results: Dict[str, Any]) -> Dict[str, Any]:
    """This run's pipelines on top of an earlier run's, when both scored the same held-out split."""
    try:
        earlier = json.loads(path.read_text())
    except (OSError, ValueError):
        return results
    same = all(earlier["meta"].get(k) == results["meta"][k] for k in ("heldout", "n_heldout", "n_intents"))
    if not same:
        print("[bench] --merge: the earlier run scored another held-out split; not merged", flush=True)
        return results
    pipelines = {**earlier["pipelines"], **results["pipelines"]}
    results["meta"]["merged_from"] = earlier["meta"].get("date")
    return {**results, "pipelines": {k: pipelines[k] for k in sorted(pipelines, key=list(pipelines).index)}}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Train and score NLU pipelines on tests/nlu/heldout.yml")
    parser.add_argument("--only", help="comma-separated pipeline names (default: all)")
    parser.add_argument("--epochs", type=int, help="override DIET epochs (quick iteration; not for reported numbers)")
    parser.add_argument("--out", default=str(RESULTS), help="folder for nlu.json and nlu.md")
    parser.add_argument("--keep-models", help="folder to keep the trained models in")
    parser.add_argument("--model", help="score this trained model (a .tar.gz) instead of training; one pipeline name")
    parser.add_argument("--offdomain-splits", default="test,dev",
                        help="off-domain splits to score (comma-separated; 'test' alone halves the run)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other pipelines' rows of an earlier run on the same held-out split")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    for noisy in ("rasa", "tensorflow", "absl", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")

    available = pipelines()
    names = [n.strip() for n in args.only.split(",")] if args.only else list(available)
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown pipeline(s) {unknown}; choose from {list(available)}")

    heldout = load_examples(HELDOUT, canonical_map(NLU_DATA))
    offdomain = {split: off_domain(split) for split in args.offdomain_splits.split(",") if split}
    results: Dict[str, Any] = {
        "meta": {
            "heldout": str(HELDOUT.relative_to(ROOT)),
            "n_heldout": len(heldout),
            "n_intents": len({ex["intent"] for ex in heldout}),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}",
            "load_avg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "epochs_override": args.epochs,
            "offdomain": {split: len(rows) for split, rows in offdomain.items()},
        },
        "pipelines": {},
    }
    support = {e: 0 for e in ENTITIES}
    for ex in heldout:
        for e in ex["entities"]:
            support[e["entity"]] = support.get(e["entity"], 0) + 1
    results["meta"]["entity_support"] = support

    keep = Path(args.keep_models) if args.keep_models else None
    with tempfile.TemporaryDirectory(prefix="hrbot-bench-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in names:
            spec = available[name]
            if args.model:
                model, train_s = Path(args.model), float("nan")
            else:
                print(f"[bench] training {name} ...", flush=True)
                model, train_s = _train(spec["pipeline"], workdir, name, args.epochs)
                print(f"[bench] {name}: trained in {train_s:.0f}s, evaluating", flush=True)
            ev = asyncio.run(_evaluate(model, [ex["text"] for ex in heldout], offdomain))
            lat = ev["latencies_ms"]
            s = score(heldout, ev["predictions"])
            results["pipelines"][name] = {
                "note": spec["note"],
                "measured_at": time.strftime("%Y-%m-%d %H:%M"),
                "load_avg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                "pipeline": spec["pipeline"],
                "train_s": round(train_s, 1),
                "latency_ms": {
                    "p50": float(np.percentile(lat, 50)),
                    "p95": float(np.percentile(lat, 95)),
                    "mean": float(statistics.fmean(lat)),
                },
                "scores": s,
                "offdomain": ev["offdomain"],
            }
            print(
                f"[bench] {name}: acc {s['intent_accuracy']:.3f} macro-F1 {s['intent_macro_f1']:.3f} "
                f"entity-F1 {s['entity_micro_f1'] or 0:.3f} off-domain false-accept "
                + " ".join(f"{k} {v['false_accept_rate']:.3f}" for k, v in ev["offdomain"].items()) + f" p50 {np.percentile(lat, 50):.1f}ms p95 {np.percentile(lat, 95):.1f}ms",
                flush=True,
            )
    results["meta"]["load_avg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.merge:
        results = _merged(out / "nlu.json", results)
    (out / "nlu.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (out / "nlu.md").write_text(to_markdown(results))
    print(to_markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
