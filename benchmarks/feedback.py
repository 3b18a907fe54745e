"""Feedback-learning benchmark: does course ranking learn what each employee likes from thumbs up/down?

    .venv/bin/python benchmarks/feedback.py                      # 80 employees, 6 rounds, 3 seeds
    .venv/bin/python benchmarks/feedback.py --employees 40 --rounds 4 --seeds 1

A seeded store (catalog + synthetic employees, store.seeding) in a temporary folder.
Each simulated employee asks "what should I learn?" (no target: their goals and next career steps)
and gets the top 5 of `bot.services.training.recommend_training`. Every employee has hidden
preferences the ranker never sees: liked / disliked formats and providers, a favourite level, plus
a course quality shared by everybody (some courses are simply better). Each round the employee
rates the 5 courses shown, +1 when the hidden utility is above the median of the courses eligible
for them and -1 otherwise (10% of answers flipped, people are noisy), through the real
`record_feedback` (Feedback row + audit entry). nDCG@5 is measured against the hidden utility
(graded 3/2/1/0 by quintile over the eligible courses) before each round's ratings, so round 0 has
no feedback at all. Three rankers: no learning, personal preferences only, personal + global prior.
Results go to benchmarks/results/feedback.md and .json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, delete, select  # noqa: E402

from bot.services.coaching import Catalog, load_catalog, load_profile  # noqa: E402
from bot.services.feedback import record_feedback  # noqa: E402
from bot.services.identity import Identity, resolve_identity  # noqa: E402
from bot.services.training import goals_target, rank_courses, recommend_training  # noqa: E402
from store.models import Feedback, User, UserRole  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CONDITIONS = ("none", "personal", "personal+global")
LABELS = {"none": "no learning", "personal": "personal only", "personal+global": "personal + global"}
K = 5
NOISE = 0.1


@dataclass
class Taste:
    """An employee's hidden preferences: what they like, never shown to the ranker."""

    formats: dict[str, float]
    providers: dict[str, float]
    level: str


def make_store(folder: Path, employees: int, seed: int) -> Any:
    """A fresh SQLite store with the catalog and `employees` synthetic colleagues."""
    os.environ.pop("DATABASE_URL", None)
    os.environ["HRBOT_DATA_DIR"] = str(folder)
    from store.engine import get_engine, init_db, session_scope
    from store.seeding import generate
    from store.seeding import load_catalog as seed_catalog

    engine = init_db(get_engine())
    with session_scope(engine) as session:
        seed_catalog(session)
    with session_scope(engine) as session:
        generate(session, candidates=20, employees=employees, seed=seed, progress=False)
    return engine


def draw_tastes(rng: random.Random, catalog: Catalog, handles: list[str]) -> tuple[dict[str, Taste], dict[str, float]]:
    """Hidden per-employee tastes and a hidden course quality everyone agrees on."""
    formats = sorted({c.format for c in catalog.courses})
    providers = sorted({c.provider for c in catalog.courses})
    tastes = {}
    for handle in handles:
        f = rng.sample(formats, 3)
        p = rng.sample(providers, 5)
        tastes[handle] = Taste(
            formats={f[0]: 1.0, f[1]: 0.6, f[2]: -1.0},
            providers={p[0]: 1.0, p[1]: 0.8, p[2]: -1.0, p[3]: -0.8, p[4]: 0.5},
            level=rng.choice(("beginner", "intermediate", "advanced")),
        )
    quality = {c.code: rng.gauss(0.0, 0.8) for c in catalog.courses}
    return tastes, quality


def utility(taste: Taste, quality: dict[str, float], course: Any) -> float:
    """Hidden utility of a course for one employee."""
    level = 0.6 if course.level == taste.level else 0.0
    liked = taste.formats.get(course.format, 0.0) + taste.providers.get(course.provider, 0.0)
    return liked + level + quality[course.code]


def grades(utilities: dict[str, float]) -> dict[str, int]:
    """3/2/1/0 by quintile of hidden utility among the eligible courses (top 20% = 3)."""
    ordered = sorted(utilities, key=lambda c: -utilities[c])
    n = len(ordered)
    return {code: 3 if i < 0.2 * n else 2 if i < 0.4 * n else 1 if i < 0.6 * n else 0 for i, code in enumerate(ordered)}


def ndcg(shown: list[str], grade: dict[str, int], k: int = K) -> float:
    """nDCG@k with gains 2^grade - 1."""
    dcg = sum((2 ** grade.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(shown[:k]))
    ideal = sorted(grade.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def run_condition(
    engine: Any, catalog: Catalog, people: list[tuple[Identity, dict[str, int]]], tastes: dict[str, Taste],
    quality: dict[str, float], condition: str, rounds: int, rng: random.Random,
) -> list[float]:
    """Mean nDCG@5 per round (round 0 before any feedback) for one ranker."""
    with Session(engine) as session:
        session.exec(delete(Feedback))  # type: ignore[call-overload]
        session.commit()
    per_round = []
    for _ in range(rounds + 1):
        scores = []
        ratings: list[tuple[Identity, str, int]] = []
        with Session(engine) as session:
            for identity, grade in people:
                advice = recommend_training(session, identity, catalog=catalog, top=K, learning=condition)  # type: ignore[arg-type]
                shown = [c.code for c in advice.courses]
                scores.append(ndcg(shown, grade))
                taste = tastes[identity.handle]
                utilities = {c: utility(taste, quality, catalog.by_code[c]) for c in grade}
                median = statistics.median(utilities.values())
                for code in shown:
                    liked = utilities[code] > median
                    if rng.random() < NOISE:
                        liked = not liked
                    ratings.append((identity, code, 1 if liked else -1))
        with Session(engine) as session:
            for identity, code, rating in ratings:
                record_feedback(session, identity, "course", code, rating, "benchmark", "benchmark")
            session.commit()
        per_round.append(statistics.fmean(scores))
    return per_round


def run_seed(folder: Path, employees: int, rounds: int, seed: int) -> dict[str, list[float]]:
    """All three rankers on one seeded store and one draw of hidden tastes."""
    engine = make_store(folder, employees, seed)
    rng = random.Random(seed * 101)
    with Session(engine) as session:
        catalog = load_catalog(session)
        users = session.exec(select(User).where(User.role == UserRole.employee, User.employee_id.is_not(None))).all()  # type: ignore[union-attr]
        identities = [resolve_identity(session, u.handle) for u in users]
        tastes, quality = draw_tastes(rng, catalog, [i.handle for i in identities])
        people = []
        for identity in identities:
            profile = load_profile(session, identity)
            target = goals_target(catalog, profile) if profile else None
            if target is None:
                continue
            eligible = rank_courses(catalog, target, profile, None, top=10_000, learning="none")
            if len(eligible) < 2 * K:
                continue
            taste = tastes[identity.handle]
            grade = grades({c.code: utility(taste, quality, c) for c in eligible})
            people.append((identity, grade))
    results = {}
    for condition in CONDITIONS:
        results[condition] = run_condition(engine, catalog, people, tastes, quality, condition, rounds,
                                           random.Random(seed * 7 + 1))
    engine.dispose()
    results["_people"] = [float(len(people))]
    return results


def table(summary: dict[str, list[float]], rounds: int) -> str:
    """Markdown table: one row per ranker, one column per round."""
    head = "| ranker | " + " | ".join(f"round {r}" for r in range(rounds + 1)) + " |"
    sep = "|---|" + "---:|" * (rounds + 1)
    rows = [f"| {LABELS[c]} | " + " | ".join(f"{v:.3f}" for v in summary[c]) + " |" for c in CONDITIONS]
    return "\n".join([head, sep, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--employees", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runs = []
    people = []
    for s in range(args.seeds):
        with tempfile.TemporaryDirectory(prefix="hrbot-feedback-") as tmp:
            result = run_seed(Path(tmp), args.employees, args.rounds, seed=7 + s)
        people.append(int(result.pop("_people")[0]))
        runs.append(result)
        print(f"seed {7 + s}: {people[-1]} employees simulated", flush=True)
    summary = {c: [statistics.fmean(r[c][i] for r in runs) for i in range(args.rounds + 1)] for c in CONDITIONS}
    elapsed = time.perf_counter() - started
    md_table = table(summary, args.rounds)
    print(md_table)
    print(f"{elapsed:.1f} s")
    if args.no_save:
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "employees_per_seed": people,
        "seeds": [7 + s for s in range(args.seeds)],
        "rounds": args.rounds,
        "k": K,
        "noise": NOISE,
        "seconds": round(elapsed, 1),
        "python": platform.python_version(),
        "load_avg": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    (RESULTS / "feedback.json").write_text(json.dumps({"meta": meta, "ndcg_at_5": summary, "per_seed": runs},
                                                      indent=2) + "\n")
    text = [
        "# Feedback learning: course ranking nDCG@5 against hidden preferences",
        "",
        f"`benchmarks/feedback.py` on {meta['date']}: {args.seeds} seeds x {people} simulated employees, "
        f"{args.rounds} rounds of rating the top {K} ({int(NOISE * 100)}% noisy answers); {meta['seconds']} s.",
        "Round 0 is before any feedback. Hidden utility = liked/disliked formats and providers + favourite level "
        "+ a course quality shared by everyone; grades 3/2/1/0 by quintile among each employee's eligible courses.",
        "",
        md_table,
        "",
        "*no learning*: gap, level and prerequisite relevance only. *personal only*: plus the employee's own "
        "ratings (per course and per format/provider/level/skill, shrunk towards 0). *personal + global*: plus "
        "a Bayesian average of other employees' ratings of each course (5 pseudo-ratings at the mean).",
        "",
    ]
    (RESULTS / "feedback.md").write_text("\n".join(text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
