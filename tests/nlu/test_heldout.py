"""`rasa test nlu` on the held-out split, as CI runs it; the report stays in results/nlu/heldout/.

The held-out split (tests/nlu/heldout.yml) is never trained on. benchmarks/nlu.py reports the same
split against Rasa's default pipeline; this test keeps Rasa's own report as a build artifact and
fails if held-out quality falls well below what the benchmark showed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "nlu" / "heldout"
MIN_MACRO_F1 = 0.90


def test_rasa_test_nlu_on_heldout(nlu_model: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    done = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "nlu", "--model", str(nlu_model), "--nlu", "tests/nlu/heldout.yml",
         "--out", str(OUT), "--no-plot"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((OUT / "intent_report.json").read_text())
    macro = report["macro avg"]["f1-score"]
    (OUT / "summary.json").write_text(json.dumps({
        "model": nlu_model.name, "intent_macro_f1": macro, "intent_accuracy": report["accuracy"],
        "entity_macro_f1": {  # per entity extractor in the pipeline (Rasa writes one report each)
            p.name.removesuffix("_report.json"): json.loads(p.read_text())["macro avg"]["f1-score"]
            for p in sorted(OUT.glob("*_report.json")) if p.name != "intent_report.json"
        },
    }, indent=2))
    assert macro >= MIN_MACRO_F1, f"held-out intent macro-F1 {macro:.3f}; see {OUT}/intent_errors.json"
