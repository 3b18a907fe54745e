"""Real off-domain requests from public crowd-sourced corpora: loading, HR-adjacent filtering, splits.

Requests to other assistants (banking, travel, home, music, e-mail, calendars, small talk) that the
project did not write, to train and measure out-of-domain detection:

* **CLINC150** (Larson et al., EMNLP 2019, github.com/clinc/oos-eval, CC BY 3.0): 150 intents in 10
  domains plus out-of-scope queries. Its `train` split (and `oos_train`) gives the off-domain training
  negatives written to `data/nlu/out_of_scope_clinc150.yml`; `val` + `oos_val` are the development
  split; `test` + `oos_test` the test split.
* **HWU64** (Liu et al., IWSDS 2019, github.com/xliuhw/NLU-Evaluation-Data, CC BY 4.0): 64 intents of
  a home assistant, never trained on: cross-validation fold 1's test set is development, fold 2's test.

HR-adjacent requests (leave/PTO, pay day, W-2, benefits, insurance, direct deposit, policies) are
neither off-domain nor ours: they belong to the employee HR questions, so they are dropped from
training negatives and from both splits (CLINC150's `work` domain whole, plus a keyword filter);
so are requests that talk about jobs, hiring or careers, which may well be ours.

The corpora are read from the bare git mirrors that `fetch` makes (`git show HEAD:path`), under
`HRBOT_PUBLIC_DATA` (default `/work/.mirror`); nothing is downloaded at run time.

    .venv-rasa/bin/python -m nlu.offdomain --write-training    # regenerate data/nlu/out_of_scope_clinc150.yml
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parents[1]
TRAINING_FILE = ROOT / "data" / "nlu" / "out_of_scope_clinc150.yml"
CLINC_REPO = "clinc+oos-eval"
HWU_REPO = "xliuhw+NLU-Evaluation-Data"
HWU_FOLDS = ("CrossValidation/autoGeneFromRealAnno/autoGene_2018_03_22-13_01_25_169/CrossValidation/"
             "KFold_{fold}/testset/csv")

#: CLINC150's `work` domain: leave, pay, W-2, benefits, insurance, meetings at work: HR-adjacent.
HR_ADJACENT_INTENTS = frozenset({
    "pto_request_status", "next_holiday", "insurance_change", "insurance", "meeting_schedule", "payday",
    "taxes", "income", "rollover_401k", "pto_balance", "pto_request", "w2", "schedule_meeting",
    "direct_deposit", "pto_used",
})
#: CLINC150 intents the assistant has its own conversation intents for (greet, bot_challenge, affirm...):
#: measured like any other, but never used as out_of_scope training examples.
CONVERSATION_INTENTS = frozenset({
    "greeting", "goodbye", "thank_you", "are_you_a_bot", "what_can_i_ask_you", "yes", "no", "maybe",
    "cancel", "who_made_you", "what_is_your_name", "repeat",
})
#: Words of requests that are HR-adjacent (the policy issue's) or may be the assistant's own.
_EXCLUDED_WORDS = re.compile(
    r"\b(leave|vacation|pto|paid time off|time off|day off|days off|sick|holiday|holidays|pay ?day|pay ?check|"
    r"paycheque|payroll|salary|salaries|wage|wages|income|w-?2|401 ?k|benefit|benefits|insurance|dental|"
    r"health plan|direct deposit|policy|policies|parental|maternity|paternity|hr|human resources|"
    r"job|jobs|hire|hiring|hired|recruit\w*|candidate\w*|applicant\w*|interview\w*|resume|cv|career\w*|"
    r"promot\w*|onboard\w*|employee\w*|employer|coworker\w*|colleague\w*|boss|manager)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Request:
    """One public request: its text, where it comes from (corpus, split) and its label there."""

    text: str
    source: str
    label: str


def data_root() -> Path:
    """Where the bare git mirrors live (HRBOT_PUBLIC_DATA, default /work/.mirror)."""
    return Path(os.environ.get("HRBOT_PUBLIC_DATA", "/work/.mirror"))


def excluded(text: str, label: str = "") -> bool:
    """True for requests that are HR-adjacent or may be the assistant's own (not off-domain)."""
    return label in HR_ADJACENT_INTENTS or bool(_EXCLUDED_WORDS.search(text))


def _git_show(repo: str, path: str) -> str:
    git_dir = data_root() / repo / "repo"
    if not git_dir.is_dir():
        raise FileNotFoundError(f"{git_dir} not found: fetch github:{repo.replace('+', '/')} first "
                                "(or set HRBOT_PUBLIC_DATA to the folder holding the mirrors)")
    return subprocess.run(["git", "-C", str(git_dir), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def clinc150() -> Dict[str, List[tuple[str, str]]]:
    """CLINC150's `data_full.json`: split name -> [(text, intent)], out-of-scope intent 'oos'."""
    return {k: [(t, i) for t, i in v] for k, v in json.loads(_git_show(CLINC_REPO, "data/data_full.json")).items()}


def hwu64(fold: int) -> List[tuple[str, str]]:
    """HWU64 cross-validation fold `fold`'s test set: [(text, scenario_intent)]."""
    folder = HWU_FOLDS.format(fold=fold)
    names = _ls(HWU_REPO, folder)
    out = []
    for name in names:
        for row in csv.DictReader(io.StringIO(_git_show(HWU_REPO, f"{folder}/{name}")), delimiter=";"):
            text = (row.get("answer_from_anno") or "").strip()
            if text:
                out.append((text, f"{row['scenario']}_{row['intent']}"))
    return out


def _ls(repo: str, folder: str) -> List[str]:
    git_dir = data_root() / repo / "repo"
    listing = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "--name-only", f"HEAD:{folder}"],
                             check=True, capture_output=True, text=True).stdout
    return sorted(n for n in listing.splitlines() if n.endswith(".csv"))


def _dedupe(requests: Iterable[Request], seen: Optional[set] = None) -> List[Request]:
    seen = set() if seen is None else seen
    out = []
    for r in requests:
        key = r.text.lower().strip()
        if key not in seen and not excluded(r.text, r.label):
            seen.add(key)
            out.append(r)
    return out


def off_domain(split: str) -> List[Request]:
    """The off-domain requests of `split` ('dev' or 'test'), HR-adjacent and maybe-ours ones dropped."""
    if split not in ("dev", "test"):
        raise ValueError(f"split must be 'dev' or 'test', got {split!r}")
    clinc = clinc150()
    parts = ("val", "oos_val") if split == "dev" else ("test", "oos_test")
    requests = [Request(t, f"clinc150:{p}", i) for p in parts for t, i in clinc[p]]
    fold = 1 if split == "dev" else 2
    requests += [Request(t, f"hwu64:fold{fold}", i) for t, i in hwu64(fold)]
    return _dedupe(requests)


def training_negatives(per_intent: int = 4, seed: int = 13) -> List[Request]:
    """Off-domain training examples from CLINC150's train split: `per_intent` per intent plus oos_train."""
    clinc = clinc150()
    by_intent: Dict[str, List[str]] = defaultdict(list)
    for text, intent in clinc["train"]:
        if intent not in CONVERSATION_INTENTS:
            by_intent[intent].append(text)
    rng = random.Random(seed)
    chosen = []
    for intent in sorted(by_intent):
        texts = [t for t in by_intent[intent] if not excluded(t, intent)]
        chosen += [Request(t, "clinc150:train", intent) for t in rng.sample(texts, min(per_intent, len(texts)))]
    chosen += [Request(t, "clinc150:oos_train", i) for t, i in clinc["oos_train"]]
    return _dedupe(chosen)


def write_training(path: Path = TRAINING_FILE, per_intent: int = 4) -> int:
    """Write the CLINC150 negatives as `out_of_scope` Rasa NLU YAML, attributed; returns the count."""
    examples = training_negatives(per_intent)
    lines = [
        "# GENERATED by `python -m nlu.offdomain --write-training`: do not edit by hand.",
        "# Off-domain requests from CLINC150 (Larson et al., \"An Evaluation Dataset for Intent",
        "# Classification and Out-of-Scope Prediction\", EMNLP 2019; https://github.com/clinc/oos-eval),",
        "# licensed CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/): a sample of its train split",
        f"# ({per_intent} per intent, HR-adjacent `work` domain and conversation intents left out) and its",
        "# oos_train queries. Used as they are (lower-cased, unpunctuated as the corpus has them).",
        'version: "3.1"',
        "nlu:",
        "  - intent: out_of_scope",
        "    examples: |",
    ]
    lines += [f"      - {r.text}" for r in examples]
    path.write_text("\n".join(lines) + "\n")
    return len(examples)


def main(argv: Optional[List[str]] = None) -> int:
    """Regenerate the training file, or print split sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-training", action="store_true")
    parser.add_argument("--per-intent", type=int, default=4)
    args = parser.parse_args(argv)
    if args.write_training:
        print(f"wrote {write_training(per_intent=args.per_intent)} examples to {TRAINING_FILE.relative_to(ROOT)}")
    for split in ("dev", "test"):
        rows = off_domain(split)
        counts: Dict[str, int] = defaultdict(int)
        for r in rows:
            counts[r.source] += 1
        print(split, len(rows), dict(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
