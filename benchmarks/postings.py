"""Roles from real job postings' free text (`hrbot import roles POSTING.md`), this code against a baseline commit.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/postings.py --baseline main    # as the importer runs: ~1 min
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/postings.py --baseline main --minilm --name postings-minilm  # ~15 min

Data (read from git mirrors fetched with the `fetch` tool, never copied into the repository):
- SkillSpan (Zhang et al., NAACL 2022; `kris927b/SkillSpan`, MIT licence): 123 English job postings
  (Stack Overflow jobs, "tech", and a Danish university's, "house") split into sentences, personal data
  masked (<ORGANIZATION>, <LOCATION>, ...), every skill and knowledge span annotated by domain experts.
  Its own dev split (58 postings) for tuning, test (65) only reported.
- "Skill Extraction Dataset" (Green et al., LREC 2022; `acp19tag/skill-extraction-dataset`, CC BY 4.0):
  336 sentences of UK job ads with crowd-sourced, adjudicated Experience spans ("at least 2 years").
  Split dev/test by a hash of the sentence.

Scored per posting, with what `hrbot import roles` does with a posting file (the text written to a
.md file and read through the importer's reader, parser and `role_fields`, no store). The importer
reads skills with the taxonomy's synonym layer; `--minilm` adds the MiniLM phrase layer, which lowered
precision on the dev split (0.66 against 0.78, recall equal) at a fraction of the speed, so the
importer leaves it out:
- imported: the importer gives a role (title and at least one must-have skill);
- skills: the gold set is every taxonomy skill named inside a human skill/knowledge span; a predicted
  must-have or nice-to-have is right when it is in that set; micro precision / recall over (posting,
  skill) pairs. The importer reads requirement sections only (whole text when there are none) while the
  labels cover the whole posting, so recall counts skills that only the duties or the intro name;
- seniority: the job board's own "Experience level" field (where not masked), with that line removed
  from the text: right when the role's level is one of the levels the field lists ("Mid-Level Senior");
- title (Stack Overflow postings only; the university's open with prose): the posting's first line,
  masks removed (the job board's title field), compared without case and punctuation: it checks that
  the reader takes the title line whole and does not mangle it;
- years: the number in a human Experience span of a sentence (acp19tag), against the years the parser
  reads from that sentence; sentences without such a span count as right when the parser reads none.
Location and remote policy cannot be scored on these data (places are masked; no remote field).
Both code versions run in their own process on the same data in the same run (baseline from `git archive`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from code_versions import become_worker, exported, run_worker, short_commit  # benchmarks/, the script's folder

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SKILLSPAN = Path("/work/.mirror/kris927b+SkillSpan/repo")
GREEN = Path("/work/.mirror/acp19tag+skill-extraction-dataset/repo")
MASK = re.compile(r"<[A-Z_]+>")
LEVEL = re.compile(r"^Experience level\s*:?\s*(.*)$", re.IGNORECASE)
LEVEL_WORDS = {"student": "junior", "junior": "junior", "entry": "junior", "mid-level": "mid", "mid": "mid",
               "senior": "senior", "lead": "lead", "principal": "principal"}


def _git_show(mirror: Path, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror), "show", f"HEAD:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def _spans(tokens: list[str], tags: list[str]) -> list[str]:
    """BIO spans as text."""
    spans: list[list[str]] = []
    current: list[str] | None = None
    for token, tag in zip(tokens, tags):
        if tag.startswith("B"):
            current = [token]
            spans.append(current)
        elif tag.startswith("I") and current is not None:
            current.append(token)
        else:
            current = None
    return [" ".join(s) for s in spans]


def load_skillspan(mirror: Path, split: str) -> list[dict[str, Any]]:
    """Postings of one SkillSpan split: text (masks removed), skill spans, job-board level and title."""
    docs: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for line in _git_show(mirror, f"data/json/{split}.json").splitlines():
        if line.strip():
            row = json.loads(line)
            docs[(row["source"], row["idx"])].append(row)
    postings = []
    for (source, idx), rows in docs.items():
        sentences, spans, level = [], [], None
        for n, row in enumerate(rows):
            text = " ".join(MASK.sub(" ", " ".join(row["tokens"])).split())
            spans += _spans(row["tokens"], row["tags_skill"]) + _spans(row["tokens"], row["tags_knowledge"])
            match = LEVEL.match(text)
            if match:  # the job board's field, held out of the text the parser reads
                value = match.group(1) or (" ".join(rows[n + 1]["tokens"]) if n + 1 < len(rows) else "")
                level = {LEVEL_WORDS[w] for w in value.casefold().split() if w in LEVEL_WORDS} or None
                if not match.group(1) and n + 1 < len(rows):
                    rows[n + 1] = {**rows[n + 1], "tokens": []}
                continue
            if text:
                sentences.append(text)
        postings.append({"id": f"{source}-{idx}", "source": source, "text": "\n".join(sentences),
                         "title": sentences[0] if sentences else "", "spans": [MASK.sub(" ", s) for s in spans],
                         "level": sorted(level) if level else None})
    return postings


def load_green(mirror: Path) -> list[dict[str, Any]]:
    """Sentences of the acp19tag gold set, the years of their Experience spans (None: no such span)."""
    items, tokens, tags = [], [], []
    for line in (_git_show(mirror, "raw_data/testset.txt") + "\n\n").splitlines():
        parts = line.split()
        if parts:
            tokens.append(parts[0])
            tags.append(parts[-1])
            continue
        if tokens:
            spans = [s for s in _spans(tokens, [t if t.endswith("Experience") else "O" for t in tags])]
            years = None
            for span in spans:
                found = re.search(r"(\d+(?:\.\d+)?)\s*(years?|yrs?|months?)", span, re.IGNORECASE)
                if found:
                    value = float(found.group(1))
                    years = value / 12 if found.group(2).lower().startswith("month") else value
                    break
            text = " ".join(tokens)
            items.append({"text": text, "years": years,
                          "split": "dev" if int(hashlib.sha1(text.encode()).hexdigest(), 16) % 2 else "test"})
        tokens, tags = [], []
    return items


def _fold(value: str) -> str:
    return " ".join(re.sub(r"[^\w+#]+", " ", value.casefold()).split())


def _import(path: Path, extractor: Any) -> tuple[dict[str, Any] | None, float | None]:
    """What `hrbot import roles PATH` makes of one posting file in this code version: Role fields or None."""
    from ingest.catalog import ROLES, role_fields
    from ingest.readers import ReadError

    try:
        from ingest.posting_reader import read_posting
        from ingest.postings import parse_posting
    except ImportError:  # code before postings: the catalog reader is all `import roles` has
        from ingest.catalog import read_catalog_rows

        try:
            rows = read_catalog_rows(path, ROLES)
        except ReadError:
            return None, None
        return (role_fields(rows[0][1], extractor.taxonomy) if rows else None), None
    try:
        posting = parse_posting(read_posting(path), extractor=extractor)
    except ReadError:
        return None, None
    if not posting.title or not posting.required_skills:
        return None, posting.min_years
    return role_fields(posting.row(), extractor.taxonomy), posting.min_years


def evaluate() -> dict[str, Any]:
    """Score the code on PYTHONPATH (run as a worker process)."""
    from retrieval.extraction import SkillExtractor
    from retrieval.taxonomy import Taxonomy, catalog_skills

    taxonomy = Taxonomy(catalog_skills())
    synonyms_only = os.environ.get("BENCH_MINILM") != "1"
    extractor = SkillExtractor(taxonomy) if synonyms_only else SkillExtractor.from_catalog()
    out: dict[str, Any] = {"extractor": "synonyms" if synonyms_only else "synonyms + MiniLM"}
    tmp = Path(tempfile.mkdtemp(prefix="hrbot-bench-postings-"))
    t0 = time.perf_counter()
    count = 0
    for split in ("dev", "test"):
        postings = load_skillspan(Path(os.environ["BENCH_SKILLSPAN"]), split)
        tp = fp = fn = imported = title_n = title_ok = level_n = level_ok = 0
        misses: list[dict[str, Any]] = []
        for item in postings:
            path = tmp / f"{item['id']}.md"
            path.write_text(item["text"], encoding="utf-8")
            fields, _ = _import(path, extractor)
            count += 1
            gold = {m.skill for span in item["spans"] for m in taxonomy.extract(span)}
            got = set(fields["required_skills"] + fields["nice_to_have_skills"]) if fields else set()
            tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
            imported += fields is not None
            if item["source"] == "tech":  # Stack Overflow postings open with the title; the university's with prose
                title_n += 1
                title_ok += bool(fields) and _fold(fields["title"]) == _fold(item["title"])
            if item["level"]:
                level_n += 1
                level_ok += bool(fields) and str(fields["seniority"]) in item["level"]
            if split == "dev":
                misses.append({"id": item["id"], "fp": sorted(got - gold), "fn": sorted(gold - got),
                               "title": fields["title"] if fields else None, "gold_title": item["title"],
                               "level": fields["seniority"] if fields else None, "gold_level": item["level"]})
        out[split] = {"postings": len(postings), "imported": imported / len(postings),
                      "title": title_ok / title_n if title_n else None, "title_n": title_n, "seniority": level_ok / level_n if level_n else None,
                      "seniority_n": level_n, "skill_precision": tp / (tp + fp) if tp + fp else 0.0,
                      "skill_recall": tp / (tp + fn) if tp + fn else 0.0, "skill_pairs": {"tp": tp, "fp": fp, "fn": fn}}
        if split == "dev" and os.environ.get("BENCH_MISSES"):
            Path(os.environ["BENCH_MISSES"]).write_text(json.dumps(misses, indent=1, default=str))
    out["postings_per_s"] = round(count / (time.perf_counter() - t0), 2)
    for split in ("dev", "test"):
        items = [i for i in load_green(Path(os.environ["BENCH_GREEN"])) if i["split"] == split]
        labelled = right = none_right = none_n = 0
        for n, item in enumerate(items):
            path = tmp / f"green-{split}-{n}.md"
            path.write_text(item["text"], encoding="utf-8")
            _, years = _import(path, extractor)
            if item["years"] is None:
                none_n += 1
                none_right += years is None
            else:
                labelled += 1
                right += years is not None and abs(years - item["years"]) < 0.01
        out[split]["years"] = right / labelled if labelled else None
        out[split]["years_n"] = labelled
        out[split]["years_none_right"] = none_right / none_n if none_n else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skillspan", type=Path, default=SKILLSPAN, help="bare git mirror of kris927b/SkillSpan")
    parser.add_argument("--green", type=Path, default=GREEN, help="bare git mirror of acp19tag/skill-extraction-dataset")
    parser.add_argument("--baseline", default="main", help="commit to compare against (git archive of it)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-baseline", action="store_true", help="score only the working tree")
    parser.add_argument("--minilm", action="store_true", help="add the MiniLM phrase layer to the skill extractor")
    parser.add_argument("--name", default="postings", help="results file name under benchmarks/results/")
    parser.add_argument("--misses", type=Path, help="write the dev split's misses to this file")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_SKILLSPAN", str(args.skillspan))
    os.environ.setdefault("BENCH_GREEN", str(args.green))
    if args.minilm:
        os.environ["BENCH_MINILM"] = "1"
    if args.misses:
        os.environ["BENCH_MISSES"] = str(args.misses.resolve())
    if args.worker:
        become_worker()
        args.worker.write_text(json.dumps(evaluate()))
        return
    commit = short_commit(args.baseline)
    runs = []
    load_start = os.getloadavg()[0]
    if not args.no_baseline:
        with exported(commit, "hrbot-bench-postings-") as tree:
            runs.append(run_worker(__file__, f"baseline {args.baseline} ({commit})", tree))
    runs.append(run_worker(__file__, "this tree", ROOT))
    write({"data": "SkillSpan (123 postings, expert skill/knowledge spans) and the acp19tag Skill Extraction "
                   "Dataset (336 sentences, Experience spans)", "runs": runs,
           "load_avg": [load_start, os.getloadavg()[0]]}, args.name)


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def write(out: dict[str, Any], name: str = "postings") -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = ["# Roles from real job postings (`benchmarks/postings.py`)", "",
             f"{out['data']}; human labels. Load average {out['load_avg'][0]:.1f} at start, "
             f"{out['load_avg'][1]:.1f} at end (2 shared cores).", "",
             "| code | extractor | split | imported | title (n) | seniority (n) | years (n) | no years when none | "
             "skill P | skill R | postings/s |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in out["runs"]:
        for split in ("test", "dev"):
            s = run[split]
            lines.append(f"| {run['code']} | {run['extractor']} | {split} ({s['postings']}) | {s['imported']:.3f} | "
                         f"{_f(s['title'])} ({s['title_n']}) | {_f(s['seniority'])} ({s['seniority_n']}) | {_f(s['years'])} "
                         f"({s['years_n']}) | {_f(s['years_none_right'])} | {s['skill_precision']:.3f} | "
                         f"{s['skill_recall']:.3f} | {run['postings_per_s']} |")
    lines += ["", "Location and remote policy are not scored: the data mask places and give no remote field."]
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
