"""Fairness audit arithmetic, and proof that protected attributes never change a ranking."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import ProtectedAttributes
from retrieval.fairness import audit_role, selection_rates
from retrieval.hybrid import search
from retrieval.index import open_indexes
from retrieval.matching import recommend

ROLE = "Senior Deep Learning Engineer"


def test_selection_rates_and_impact_ratios_on_a_hand_made_table() -> None:
    # 20 women (8 selected: 40%), 20 men (4 selected: 20%), 10 non-binary (5 selected: 50%),
    # 2 undisclosed (1 selected). Ethnicity: A for even ids, B for odd ids.
    pool: dict[int, dict[str, str | None]] = {}
    selected: set[int] = set()
    pid = 0
    for gender, n, k in (("female", 20, 8), ("male", 20, 4), ("non-binary", 10, 5), (None, 2, 1)):
        for i in range(n):
            pool[pid] = {"gender": gender, "ethnicity": "A" if pid % 2 == 0 else "B"}
            if i < k:
                selected.add(pid)
            pid += 1
    rows = {(r.dimension, r.group): r for r in selection_rates(pool, selected)}
    nb, f, m = rows[("gender", "non-binary")], rows[("gender", "female")], rows[("gender", "male")]
    assert (nb.pool, nb.selected, nb.rate, nb.impact_ratio, nb.flagged) == (10, 5, 0.5, 1.0, False)
    assert (f.rate, f.impact_ratio, f.flagged) == (0.4, 0.8, False)  # exactly 4/5: not under
    assert (m.rate, m.impact_ratio, m.flagged) == (0.2, 0.4, True)
    und = rows[("gender", "undisclosed")]
    assert und.small and not und.flagged and und.pool == 2
    a, b = rows[("ethnicity", "A")], rows[("ethnicity", "B")]
    assert a.pool + b.pool == 52 and a.selected + b.selected == 18
    top = max(a.rate, b.rate)
    assert a.impact_ratio == pytest.approx(a.rate / top, abs=1e-4)
    inter = [r for r in rows.values() if r.dimension == "gender x ethnicity"]
    assert sum(r.pool for r in inter) == 52 and any(r.group == "male / A" for r in inter)
    assert all(0 <= r.impact_ratio <= 1 for r in rows.values() if not r.small)
    # a small group is not the reference, so its ratio may exceed 1 (reported, never flagged)
    tiny = rows[("gender x ethnicity", "undisclosed / A")]
    assert tiny.small and tiny.rate == 1.0 and tiny.impact_ratio > 1 and not tiny.flagged


def test_audit_runs_the_recommender_and_reports_groups(indexes) -> None:
    report = audit_role(ROLE, 30, indexes=indexes)
    assert report.pool_size == 300 and report.selected == 30
    gender = [r for r in report.rows if r.dimension == "gender"]
    assert sum(r.pool for r in gender) == 300 and sum(r.selected for r in gender) == 30
    assert any(r.impact_ratio == 1.0 for r in gender)
    assert all((r.flagged == (r.impact_ratio is not None and r.impact_ratio < 0.8 and not r.small)) for r in report.rows)
    assert len(report.flags) == sum(r.flagged for r in report.rows)
    applicants = audit_role(ROLE, 5, pool="applicants", indexes=indexes)
    assert applicants.pool_kind == "applicants" and applicants.selected <= applicants.pool_size


def _rankings(engine: Engine) -> tuple:
    indexes = open_indexes(engine, collections=("candidates", "roles", "skills"))
    rec = recommend(ROLE, top=25, indexes=indexes)
    hits = search("python machine learning engineer", top=25, indexes=indexes)
    return ([(r.candidate_id, r.score) for r in rec.results], [(h.candidate_id, h.score) for h in hits.hits])


def test_protected_attributes_never_change_rankings(store_copy: Engine) -> None:
    before = _rankings(store_copy)
    rng = random.Random(3)
    with session_scope(store_copy) as session:
        rows = list(session.exec(select(ProtectedAttributes)))
        genders = [r.gender for r in rows]
        ethnicities = [r.ethnicity for r in rows]
        rng.shuffle(genders)
        rng.shuffle(ethnicities)
        for row, g, e in zip(rows, genders, ethnicities):
            row.gender, row.ethnicity, row.age_band = g, e, rng.choice(["18-24", "55-64", None])
            session.add(row)
    assert _rankings(store_copy) == before
    with session_scope(store_copy) as session:
        for row in session.exec(select(ProtectedAttributes)):
            session.delete(row)
    assert _rankings(store_copy) == before


def test_only_the_fairness_module_reads_protected_attributes() -> None:
    package = Path(__file__).resolve().parents[2] / "retrieval"
    readers = sorted(p.name for p in package.glob("*.py")
                     if re.search(r"ProtectedAttributes|protected_attributes", p.read_text()))
    assert readers == ["fairness.py"]
