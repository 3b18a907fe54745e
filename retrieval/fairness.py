"""Fairness audit of the recommender: selection rates and impact ratios by protected group.

For a role, the people the recommender would select (its top K) are compared with the pool it
selects from (every candidate, or the role's applicants). For gender, ethnicity and their
intersections, the audit reports each group's selection rate (selected / in pool) and its
impact ratio against the group with the highest rate: the four-fifths rule used in hiring
audits (US EEOC Uniform Guidelines; NYC Local Law 144 bias audits report the same ratios).
Ratios under 0.8 are flagged. Groups too small to judge (under 2% of the pool, as LL144 lets
auditors exclude, or fewer than MIN_GROUP people) are reported but neither flagged nor used as
the reference group. Missing values are reported as "undisclosed".

This is the only module of `retrieval/` that reads the protected attributes table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import Application, Candidate, ProtectedAttributes
from retrieval.filters import resolve_role
from retrieval.index import IndexSet, get_indexes

THRESHOLD = 0.8
MIN_SHARE = 0.02
MIN_GROUP = 5
UNDISCLOSED = "undisclosed"
DIMENSIONS = ("gender", "ethnicity", "gender x ethnicity")


@dataclass
class GroupRate:
    dimension: str
    group: str
    pool: int
    selected: int
    rate: float
    impact_ratio: float | None
    flagged: bool
    small: bool


@dataclass
class FairnessReport:
    role: str
    top_k: int
    pool_kind: str
    pool_size: int
    selected: int
    rows: list[GroupRate]
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _groups(attrs: Mapping[str, str | None]) -> dict[str, str]:
    gender = attrs.get("gender") or UNDISCLOSED
    ethnicity = attrs.get("ethnicity") or UNDISCLOSED
    return {"gender": gender, "ethnicity": ethnicity, "gender x ethnicity": f"{gender} / {ethnicity}"}


def selection_rates(
    pool: Mapping[int, Mapping[str, str | None]],
    selected: Collection[int],
    *,
    threshold: float = THRESHOLD,
    min_share: float = MIN_SHARE,
    min_group: int = MIN_GROUP,
) -> list[GroupRate]:
    """Per dimension and group: pool size, selected, rate, impact ratio vs the highest-rate group.

    `pool` maps each person in the pool to their attributes (gender, ethnicity); `selected` is
    the subset the system picked. Pure function: the audit arithmetic, testable by hand.
    """
    chosen = {int(i) for i in selected}
    rows: list[GroupRate] = []
    n = len(pool)
    for dim in DIMENSIONS:
        total: Counter[str] = Counter()
        picked: Counter[str] = Counter()
        for pid, attrs in pool.items():
            group = _groups(attrs)[dim]
            total[group] += 1
            if int(pid) in chosen:
                picked[group] += 1
        small = {g for g, c in total.items() if c < min_group or c < min_share * n or UNDISCLOSED in g}
        rates = {g: picked[g] / c for g, c in total.items()}
        reference = max((r for g, r in rates.items() if g not in small), default=0.0)
        for group in sorted(total, key=lambda g: (-rates[g], g)):
            ratio = rates[group] / reference if reference > 0 else None
            rows.append(
                GroupRate(
                    dimension=dim, group=group, pool=total[group], selected=picked[group], rate=round(rates[group], 4),
                    impact_ratio=None if ratio is None else round(ratio, 4),
                    flagged=ratio is not None and ratio < threshold and group not in small,
                    small=group in small,
                )
            )
    return rows


def audit_role(
    role: str,
    top_k: int = 10,
    *,
    pool: str = "all",
    indexes: IndexSet | None = None,
    engine: Engine | None = None,
) -> FairnessReport:
    """Run the recommender for `role`, then audit who it selects. `pool`: 'all' or 'applicants'."""
    from retrieval.matching import recommend  # the ranking never sees what is read below

    if pool not in ("all", "applicants"):
        raise ValueError("pool must be 'all' or 'applicants'")
    indexes = indexes or get_indexes(engine)
    with session_scope(indexes.engine) as session:
        role_row = resolve_role(session, role)
        if pool == "applicants":
            ids = [int(i) for i in session.exec(select(Application.candidate_id).where(Application.role_id == role_row.id))]
        else:
            ids = [int(i) for i in session.exec(select(Candidate.id))]
    result = recommend(role_row, top=top_k, candidate_ids=ids, indexes=indexes)
    selected = [r.candidate_id for r in result.results]
    with session_scope(indexes.engine) as session:
        attrs: dict[int, dict[str, str | None]] = {i: {} for i in ids}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            for p in session.exec(select(ProtectedAttributes).where(ProtectedAttributes.candidate_id.in_(chunk))):  # type: ignore[attr-defined]
                attrs[int(p.candidate_id)] = {"gender": p.gender, "ethnicity": p.ethnicity}
    rows = selection_rates(attrs, selected)
    report = FairnessReport(role=role_row.title, top_k=top_k, pool_kind=pool, pool_size=len(ids),
                            selected=len(selected), rows=rows)
    report.flags = [
        f"{r.dimension} '{r.group}': impact ratio {r.impact_ratio:.2f} < {THRESHOLD} "
        f"({r.selected}/{r.pool} selected, {r.rate:.1%})"
        for r in rows if r.flagged
    ]
    if len(selected) < 30:
        report.notes.append(
            f"only {len(selected)} people selected: rates this small swing with single decisions; "
            "audit a larger K or aggregate over roles before drawing conclusions"
        )
    if any(r.small for r in rows):
        report.notes.append(
            f"groups under {MIN_SHARE:.0%} of the pool or under {MIN_GROUP} people, and undisclosed values, are "
            "reported but not flagged nor used as the reference"
        )
    return report
