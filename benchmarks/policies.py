"""Policy questions benchmark: does the handbook answer the right section, and decline what it can't?

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/policies.py                  # demo + 18F, baseline = main
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/policies.py --only demo --no-baseline

Two handbooks, each imported with `hrbot import policies`'s code into its own temporary store:
- `demo`: the demo company's handbook this project wrote (data/handbook), with the labelled
  questions of benchmarks/data/policy_questions.yml (162 answerable, 30 not);
- `18f`: pages of the 18F/TTS handbook (github.com/18F/handbook, CC0 1.0: public domain), which
  this project did not write, read from a local mirror (a bare git repository; `--18f-repo` or
  HRBOT_18F_HANDBOOK, default /work/.mirror/18F+handbook/repo), with the questions of
  benchmarks/data/policy_questions_18f.yml (168 answerable, 32 not; a question may accept a second
  section that states the same answer, its `also`). Nothing of it is committed.

Questions are asked as an employee (documents for everyone only: the demo's recruiting guidelines
are unanswerable for them). Each question set is split in two by a stable hash of the question:
`dev` tunes the answer threshold, `test` is only reported. Figures: section
hit@1 and hit@3 (ranking, answerable questions), answered correctly (top passage right and above the
threshold), share of unanswerable questions declined, and the latency of a whole policy turn
(`bot.services.policies.answer_question`: search, threshold, the unanswered question kept), p50/p95
after one warm-up; the ranking is read by a separate, untimed search. Each code version (this tree
and `--baseline`, a commit unpacked with `git archive`) runs in its own process on the same questions
and labels, one after the other; the load average is written next to the timings.
Results: benchmarks/results/policies.{md,json}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import yaml  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT / "benchmarks" / "data"
DEFAULT_18F = "/work/.mirror/18F+handbook/repo"
PAGES_18F = (
    "pages/travel-and-leave/leave.md", "pages/travel-and-leave/paid-parental-leave.md",
    "pages/travel-and-leave/advanced-sick-leave.md", "pages/travel-and-leave/fmla.md",
    "pages/travel-and-leave/overtime.md", "pages/travel-and-leave/going-out-of-office.md",
    "pages/travel-and-leave/voluntary-leave-transfer-program.md",
    "pages/general-information-and-resources/employee-resources-policies/transit-benefit.md",
    "pages/general-information-and-resources/employee-resources-policies/work-schedules.md",
    "pages/general-information-and-resources/employee-resources-policies/employment-verification.md",
    "pages/training-and-development/conferences-events-training.md", "pages/training-and-development/idp.md",
    "pages/travel-and-leave/travel-and-leave-policies/working-while-traveling.md",
    "pages/travel-and-leave/travel-and-leave-policies/travel-guide-4-reimbursement.md",
    "pages/travel-and-leave/travel-and-leave-policies/moving.md", "pages/about-us/code-of-conduct.md",
)
THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(61)]


@dataclass
class Question:
    text: str
    label: tuple[str, str] | None  # (file stem, section); None: the handbook does not answer it
    split: str
    also: tuple[tuple[str, str], ...] = ()  # further sections that state the same answer

    def right(self, ranked: tuple[str, str] | list[str]) -> bool:
        """Whether a ranked (stem, section) is this question's label or one of its `also`."""
        return self.label is not None and tuple(ranked) in (self.label, *self.also)


@dataclass
class Asked:
    question: Question
    ranked: list[tuple[str, str]]
    score: float  # the top passage's relevance score
    seconds: float


def load_questions(path: Path) -> list[Question]:
    """The labelled questions, each put in dev or test by a stable hash of its text."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [Question(q, (stem, section), "") for stem, sections in raw["answerable"].items()
           for section, qs in sections.items() for q in qs]
    out += [Question(q, None, "") for q in raw["none"]]
    also = raw.get("also") or {}
    for q in out:
        q.also = tuple(tuple(a.split(" › ", 1)) for a in also.get(q.text, ()))  # type: ignore[misc]
        q.split = "dev" if hashlib.blake2b(q.text.encode(), digest_size=2).digest()[0] % 2 == 0 else "test"
    return out


def export_18f(repo: Path, folder: Path) -> Path:
    """The 18F pages the questions are about, read out of the bare mirror with `git show`."""
    folder.mkdir(parents=True, exist_ok=True)
    for page in PAGES_18F:
        text = subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{page}"], check=True,
                              capture_output=True, text=True).stdout
        (folder / Path(page).name).write_text(text, encoding="utf-8")
    return folder


def run_handbook(files: Path, texts: list[str], data_dir: Path) -> dict[str, Any]:
    """Import the handbook into a fresh store, then ask every question as an employee (a timed policy turn)."""
    os.environ["HRBOT_DATA_DIR"] = str(data_dir)
    import retrieval.policies as policies_mod
    from bot.services.identity import Identity
    from bot.services.policies import ANSWER_THRESHOLD, answer_question
    from ingest.policy_import import import_policies
    from store.engine import get_engine, init_db, session_scope
    from store.models import UserRole

    engine = init_db(get_engine())
    t0 = time.perf_counter()
    report = import_policies([files], actor="benchmark", sync_index=False, engine=engine)
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = policies_mod.policy_index(engine)
    index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_scope(engine) as session:  # what `hrbot setup` adds: the model is already loaded there
        index.collection.open(session, rebuild=True)
    warm_build_s = time.perf_counter() - t0
    employee = Identity(handle="bench-employee", role=UserRole.employee)
    with session_scope(engine) as session:  # warm-up: the first query loads torch's kernels
        answer_question(session, "warm up", identity=employee, keep_unanswered=False)
    asked = []
    for text in texts:
        t0 = time.perf_counter()
        with session_scope(engine) as session:  # one policy turn as the bot takes it
            answer = answer_question(session, text, identity=employee)
        seconds = time.perf_counter() - t0
        matches = index.search(text, audiences=("everyone",), top=3)  # the ranking, untimed
        asked.append({"q": text, "ranked": [(Path(m.source).stem, m.section) for m in matches],
                      "score": answer.score, "seconds": seconds})
    info = {"documents": report.files_read, "passages": len(index.collection), "parse_s": round(parse_s, 2),
            "index_build_s": round(index_s, 2), "shipped_threshold": ANSWER_THRESHOLD,
            "index_build_warm_s": round(warm_build_s, 2), "failed_files": report.file_failures}
    return {"asked": asked, "info": info}


def score_run(result: dict[str, Any], questions: list[Question]) -> tuple[list[Asked], dict[str, Any]]:
    """A worker's answers matched back to the labelled questions."""
    by_text = {q.text: q for q in questions}
    asked = [Asked(by_text[a["q"]], [tuple(r) for r in a["ranked"]], a["score"], a["seconds"])  # type: ignore[misc]
             for a in result["asked"]]
    return asked, result["info"]


def metrics(asked: list[Asked], threshold: float) -> dict[str, Any]:
    """hit@1/hit@3 over answerable questions, answered correctly, unanswerable declined, latency."""
    answerable = [a for a in asked if a.question.label is not None]
    unanswerable = [a for a in asked if a.question.label is None]
    hit1 = sum(1 for a in answerable if _top_right(a))
    hit3 = sum(1 for a in answerable if any(a.question.right(r) for r in a.ranked[:3]))
    correct = sum(1 for a in answerable if _top_right(a) and a.score >= threshold)
    wrong_answers = sum(1 for a in answerable if not _top_right(a) and a.score >= threshold)
    declined = sum(1 for a in unanswerable if a.score < threshold)
    ms = sorted(a.seconds * 1000 for a in asked)
    return {
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "hit@1": round(hit1 / max(1, len(answerable)), 3), "hit@3": round(hit3 / max(1, len(answerable)), 3),
        "answered_correctly": round(correct / max(1, len(answerable)), 3),
        "answered_wrong_section": round(wrong_answers / max(1, len(answerable)), 3),
        "unanswerable_declined": round(declined / max(1, len(unanswerable)), 3),
        "p50_ms": round(statistics.median(ms), 1) if ms else 0.0,
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1) if ms else 0.0,
    }


def _top_right(a: Asked) -> bool:
    return bool(a.ranked) and a.question.right(a.ranked[0])


def tune(asked: list[Asked]) -> float:
    """The threshold on dev: declining >= 95% of unanswerable questions first, then most answered correctly."""
    dev = [a for a in asked if a.question.split == "dev"]
    best = (-1.0, THRESHOLDS[0])
    for t in THRESHOLDS:
        m = metrics(dev, t)
        ok = m["unanswerable_declined"] >= 0.95
        value = (1.0 if ok else 0.0) + m["answered_correctly"] + m["unanswerable_declined"] - m["answered_wrong_section"]
        if value > best[0] + 1e-9:
            best = (value, t)
    return best[1]


def run_version(label: str, code: Path, handbook: str, files: Path, questions: list[Question], tmp: Path) -> dict[str, Any]:
    """One code version on one handbook in its own process (its own imports and caches)."""
    job, target = tmp / f"{handbook}-job.json", tmp / f"{handbook}-out.json"
    job.write_text(json.dumps({"files": str(files), "texts": [q.text for q in questions],
                               "data_dir": str(tmp / f"{handbook}-{abs(hash(label))}")}))
    env = dict(os.environ, PYTHONPATH=str(code), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("HRBOT_DATA_DIR", None)
    load = os.getloadavg()[0]
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(job), str(target)],
                   cwd=code, env=env, check=True)
    result = json.loads(target.read_text())
    result["info"]["load_avg"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return result


def evaluate(name: str, code_label: str, result: dict[str, Any], questions: list[Question]) -> dict[str, Any]:
    """Figures for one handbook and code version: dev-tuned threshold and the shipped one, test split only."""
    asked, info = score_run(result, questions)
    threshold = tune(asked)
    shipped = info["shipped_threshold"]
    test = [a for a in asked if a.question.split == "test"]
    entry = {
        **info, "code": code_label, "questions": len(questions), "tuned_threshold": threshold,
        "dev": metrics([a for a in asked if a.question.split == "dev"], threshold),
        "dev_at_shipped": metrics([a for a in asked if a.question.split == "dev"], shipped),
        "test": metrics(test, threshold),
        "test_at_shipped": {"threshold": shipped, **metrics(test, shipped)},
        "test_misses": [{"q": a.question.text, "want": list(a.question.label or ()), "got": [list(r) for r in a.ranked[:1]],
                         "score": round(a.score, 3)} for a in test
                        if (not _top_right(a) if a.question.label else a.score >= shipped)],
    }
    print(f"{name} [{code_label}]: {json.dumps({k: entry[k] for k in ('tuned_threshold', 'dev_at_shipped', 'test_at_shipped', 'load_avg')})}",
          flush=True)
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="demo,18f", help="comma-separated: demo, 18f")
    parser.add_argument("--18f-repo", dest="repo", default=os.environ.get("HRBOT_18F_HANDBOOK", DEFAULT_18F))
    parser.add_argument("--baseline", default="main", help="commit to compare against, in the same run (git archive of it)")
    parser.add_argument("--no-baseline", action="store_true", help="measure only the working tree")
    parser.add_argument("--no-save", action="store_true", help="print, do not write benchmarks/results")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, os.getcwd())
        job = json.loads(args.worker[0].read_text())
        args.worker[1].write_text(json.dumps(run_handbook(Path(job["files"]), job["texts"], Path(job["data_dir"]))))
        return
    wanted = args.only.split(",")
    results: dict[str, Any] = {"machine": platform.platform(), "cpus": os.cpu_count(),
                               "at": datetime.now(UTC).isoformat(timespec="seconds"), "handbooks": {}, "baseline": {}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        versions = [("this tree", ROOT)]
        if not args.no_baseline:
            commit = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout.strip()
            base = tmp / "baseline"
            base.mkdir()
            archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            versions.insert(0, (f"baseline {commit}", base))
        sets = []
        if "demo" in wanted:
            sets.append(("demo", ROOT / "data" / "handbook", DATA / "policy_questions.yml"))
        if "18f" in wanted:
            repo = Path(args.repo)
            if not repo.exists():
                print(f"18F handbook mirror not found at {repo}: skipped (fetch github:18F/handbook)")
            else:
                sets.append(("18f", export_18f(repo, tmp / "18f-pages"), DATA / "policy_questions_18f.yml"))
        for name, files, qfile in sets:
            questions = load_questions(qfile)
            for label, code in versions:
                entry = evaluate(name, label, run_version(label, code, name, files, questions, tmp), questions)
                (results["handbooks"] if label == "this tree" else results["baseline"])[name] = entry
    if args.no_save:
        print(render(results))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "policies.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "policies.md").write_text(render(results), encoding="utf-8")
    print(render(results))


def render(results: dict[str, Any]) -> str:
    """The Markdown table of benchmarks/results/policies.md."""
    lines = ["# Policy questions (benchmarks/policies.py)", "",
             f"{results['at']}, {results['machine']}, {results['cpus']} CPUs (shared). Asked as an employee; "
             "test split only (dev tuned the threshold; `tuned`: that handbook's own dev split, `shipped`: "
             "the threshold the code ships, tuned on the demo handbook's dev split). Latency: one whole policy "
             "turn (`answer_question`); load: the 1-minute load average before and after that row's run.", "",
             "| handbook | code | docs / passages | questions (test) | hit@1 | hit@3 | answered correctly | "
             "unanswerable declined | p50 ms | p95 ms | load | threshold |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name in results["handbooks"]:
        for e in (results.get("baseline", {}).get(name), results["handbooks"][name]):
            if not e:
                continue
            load = " → ".join(str(x) for x in e.get("load_avg", []))
            for label, m, t in (("tuned", e["test"], e["tuned_threshold"]),
                                ("shipped", e["test_at_shipped"], e["test_at_shipped"]["threshold"])):
                lines.append(f"| {name} ({label}) | {e['code']} | {e['documents']} / {e['passages']} | "
                             f"{m['answerable']} + {m['unanswerable']} | {m['hit@1']} | {m['hit@3']} | "
                             f"{m['answered_correctly']} | {m['unanswerable_declined']} | {m['p50_ms']} | {m['p95_ms']} | "
                             f"{load} | {t} |")
    lines += ["", "Import (parse + store), first index build (model load included) and the index build with the "
              "model already loaded (what `hrbot setup` adds), seconds, this tree: " + ", ".join(
                  f"{n}: {e['parse_s']}, {e['index_build_s']}, {e['index_build_warm_s']}"
                  for n, e in results["handbooks"].items()), ""]
    for name, e in results["handbooks"].items():
        if e["test_misses"]:
            lines += [f"Test misses, {name} (this tree, shipped threshold):", ""] + [
                f"- {m['q']!r}: want {' / '.join(m['want']) or 'decline'}, got {' / '.join(m['got'][0]) if m['got'] else '-'} ({m['score']})"
                for m in e["test_misses"]] + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
