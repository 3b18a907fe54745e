"""Several candidates side by side, and each one's fit for a role when one is named."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from bot.services.names import fold
from bot.services.profiles import skills_of
from bot.services.recommendations import match_role
from bot.services.ranking_reasons import Overtake, Ranked, overtakes
from bot.services.search import IndexNotReady, retrieval_indexes
from store.models import Candidate, Role
from retrieval import BackendError, CandidateSummary, ModelUnavailable, UnknownRole, recommend

log = logging.getLogger(__name__)

SHOWN_SKILLS = 6


@dataclass
class RoleFit:
    """One person against the role's required skills (score 0..100, None without the indexes)."""

    score: float | None
    matched_required: list[str]
    missing_required: list[str]
    summary: str = ""
    points: dict[str, float] = field(default_factory=dict)  # the score's parts; they add up to `score`
    overtake: Overtake | None = None  # lacks a required skill yet fits better than someone who has them all: why


@dataclass(frozen=True)
class Column(CandidateSummary):
    """One person in the comparison."""

    skills: list[str]
    only_here: list[str]
    focus: dict[str, bool] = field(default_factory=dict)  # asked-about skill -> has it
    fit: RoleFit | None = None


@dataclass
class Comparison:
    """The people compared, their shared skills, and the role used for fit (if any)."""

    columns: list[Column]
    shared: list[str]
    role_title: str = ""
    role_note: str = ""  # why the role could not be used (unknown, or the fit is by skills only)
    role_suggestions: list[str] = field(default_factory=list)

    def best(self) -> Column | None:
        """The strongest fit for the role, when scores exist."""
        scored = [c for c in self.columns if c.fit is not None and c.fit.score is not None]
        return max(scored, key=lambda c: c.fit.score or 0.0) if scored else None  # type: ignore[union-attr]


def _fits(role: Role, people: list[Candidate], skills: dict[int, list[str]]) -> tuple[dict[int, RoleFit], str]:
    """retrieval.matching's score per person; by required-skill coverage alone when indexes are missing."""
    ids = [int(c.id or 0) for c in people]
    try:
        result = recommend(role, top=len(ids), candidate_ids=ids, indexes=retrieval_indexes())
        fits = {r.candidate_id: RoleFit(r.score, [m.skill for m in r.matched_skills if m.required],
                                        list(r.missing_required), r.summary, dict(r.points)) for r in result.results}
        order = [r.candidate_id for r in result.results]  # best fit first
        reasons = overtakes([Ranked(str(cid), fits[cid].points, fits[cid].missing_required) for cid in order])
        for cid, why in zip(order, reasons):
            if why is not None:
                other = next(c for c in people if str(c.id) == why.other)
                fits[cid] = replace(fits[cid], overtake=replace(why, other=other.full_name))
        return fits, ""
    except (IndexNotReady, ModelUnavailable, BackendError, UnknownRole) as exc:
        log.warning("comparison fit without retrieval: %s", type(exc).__name__)
    required = list(dict.fromkeys(role.required_skills))
    fits = {}
    for cid in ids:
        have = {fold(s) for s in skills.get(cid, [])}
        fits[cid] = RoleFit(None, [s for s in required if fold(s) in have], [s for s in required if fold(s) not in have])
    return fits, "scores unavailable (search index not ready); fit shown by required skills only"


def compare(session: Session, people: list[Candidate], role_text: str | None = None,
            focus_skills: list[str] | None = None) -> Comparison:
    """Side-by-side facts for two or more candidates; role fit when `role_text` names a role."""
    skills = {int(c.id or 0): [s.skill for s in skills_of(session, int(c.id or 0))] for c in people}
    folded = {cid: {fold(s) for s in names} for cid, names in skills.items()}
    shared = [s for s in skills[int(people[0].id or 0)] if all(fold(s) in f for f in folded.values())] if people else []
    shared_f = {fold(s) for s in shared}
    focus = [f for f in dict.fromkeys(focus_skills or []) if f.strip()]
    columns = [
        Column.of(c, skills=skills[int(c.id or 0)][:SHOWN_SKILLS],
                  only_here=[s for s in skills[int(c.id or 0)] if fold(s) not in shared_f][:SHOWN_SKILLS],
                  focus={f: fold(f) in folded[int(c.id or 0)] for f in focus})
        for c in people
    ]
    out = Comparison(columns, shared)
    if role_text and role_text.strip():
        found = match_role(session, role_text)
        if found.role is None:
            out.role_note, out.role_suggestions = f"I don't know the role \"{found.query}\"", found.suggestions
            return out
        fits, note = _fits(found.role, people, skills)
        out.role_title, out.role_note = found.role.title, note
        out.columns = [replace(col, fit=fits.get(col.candidate_id)) for col in columns]
    return out
