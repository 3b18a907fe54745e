"""Recommending candidates for a role, with an explanation a recruiter can check.

Score (0-100) = weighted sum of
- semantic similarity of the resume to the role description (MiniLM cosine, rescaled),
- coverage of the role's required skills and of its nice-to-have skills, after normalising the
  resume's wording to canonical skills through the taxonomy ("built models with torch" -> PyTorch),
- experience fit (years against the role's minimum, seniority level against the role's),
- location fit (same city, or a remote role; hybrid/onsite roles elsewhere score lower).

Each result lists matched skills with the resume sentence that evidences them, missing skills,
the experience and location fit in words, and the per-component scores.

Only professional fields of `Candidate` are read here. Protected attributes (gender, ethnicity,
age band) are never loaded by this module; `retrieval.fairness` audits the outcome separately.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.orm import load_only
from sqlmodel import Session, select

from store.engine import session_scope
from store.models import Candidate, CandidateSkill, Role
from retrieval.candidates import CandidateSummary
from store.vocabulary import LEVELS
from retrieval.documents import role_text
from retrieval.embeddings import query_vector
from retrieval.filters import resolve_role
from retrieval.hybrid import rrf
from retrieval.index import IndexSet, get_indexes
from retrieval.taxonomy import Taxonomy

WEIGHTS = {"semantic": 0.25, "required": 0.40, "nice": 0.10, "experience": 0.15, "location": 0.10}
# What each part of the score is called where an answer shows it; the shown parts add up to the score.
PART_NAMES = {"required": "required skills", "semantic": "semantic fit", "experience": "experience",
              "location": "location", "nice": "nice-to-have skills"}
EXHAUSTIVE_MAX = 3000  # score every candidate up to this many; above, score a retrieved pool
POOL = 600
SEMANTIC_FLOOR, SEMANTIC_SPAN = 0.15, 0.5  # cosine 0.15 -> 0, 0.65 -> 1
# The professional fields matching reads (nothing else of the candidate row is loaded).
_FIELDS = (Candidate.id, Candidate.full_name, Candidate.headline, Candidate.location, Candidate.seniority,
           Candidate.years_experience, Candidate.resume_text, Candidate.updated_at)


@dataclass
class MatchedSkill:
    skill: str
    required: bool
    evidence: str


@dataclass(frozen=True)
class Recommendation(CandidateSummary):
    """A candidate scored against a role: the summary, the score and every reason behind it."""

    score: float  # the sum of `points`, which is what ranks candidates
    components: dict[str, float]  # each part's fit, 0..1
    points: dict[str, float]  # each part's share of the score: 100 x weight x fit, one decimal
    matched_skills: list[MatchedSkill]
    missing_required: list[str]
    missing_nice_to_have: list[str]
    experience_fit: str
    location_fit: str
    summary: str


@dataclass
class RoleRecommendations:
    role: dict[str, Any]
    considered: int
    results: list[Recommendation]
    considered_ids: list[int] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("considered_ids", None)
        return out


# -- component scores (pure functions) ------------------------------------------------------------

def semantic_score(cosine: float) -> float:
    return float(np.clip((cosine - SEMANTIC_FLOOR) / SEMANTIC_SPAN, 0.0, 1.0))


def years_fit(years: float, min_years: float) -> float:
    if years >= min_years or min_years <= 0:
        return 1.0
    return max(0.0, 1.0 - (min_years - years) / max(2.0, min_years))


def seniority_fit(candidate: str, role: str) -> float:
    if candidate not in LEVELS or role not in LEVELS:
        return 0.5
    gap = LEVELS.index(candidate) - LEVELS.index(role)
    return {0: 1.0, 1: 0.8, -1: 0.6, 2: 0.4, -2: 0.2}.get(gap, 0.0)


def location_fit(candidate_location: str, role_location: str, remote_policy: str) -> tuple[float, str]:
    cand, where = (candidate_location or "").strip(), (role_location or "").strip()
    if remote_policy == "remote":
        return 1.0, f"remote role; candidate in {cand or 'unknown location'}"
    if cand.casefold() == where.casefold() and cand:
        return 1.0, f"in {where} ({remote_policy} role)"
    if cand.casefold() == "remote":
        return (0.3 if remote_policy == "hybrid" else 0.1), f"works remotely; role is {remote_policy} in {where}"
    return (0.5 if remote_policy == "hybrid" else 0.25), f"in {cand or 'unknown'}; role is {remote_policy} in {where} (relocation or commute)"


def role_needs(role: Role, taxonomy: Taxonomy | None = None) -> tuple[list[str], list[str]]:
    """The role's required and nice-to-have skills as canonical taxonomy names (deduplicated)."""
    norm = (lambda s: taxonomy.canonical(s) or s) if taxonomy is not None else (lambda s: s)
    required = list(dict.fromkeys(norm(s) for s in role.required_skills))
    nice = [s for s in dict.fromkeys(norm(s) for s in role.nice_to_have_skills) if s not in required]
    return required, nice


def score_candidate(
    role: Role,
    candidate: Candidate,
    evidence: dict[str, str],
    cosine: float,
    taxonomy: Taxonomy | None = None,
    needs: tuple[list[str], list[str]] | None = None,
) -> Recommendation:
    """One candidate against one role; `evidence` maps the candidate's canonical skills to resume sentences."""
    required, nice = needs or role_needs(role, taxonomy)
    have_req = [s for s in required if s in evidence]
    have_nice = [s for s in nice if s in evidence]
    comp = {
        "semantic": semantic_score(cosine),
        "required": len(have_req) / len(required) if required else 1.0,
        "nice": len(have_nice) / len(nice) if nice else 1.0,
    }
    yf = years_fit(candidate.years_experience, role.min_years)
    sf = seniority_fit(candidate.seniority, role.seniority)
    comp["experience"] = 0.5 * yf + 0.5 * sf
    comp["location"], where = location_fit(candidate.location, role.location, role.remote_policy)
    shares = score_points(comp)
    exp_words = (
        f"{candidate.years_experience:g} years (role asks {role.min_years:g}+); "
        f"{candidate.seniority} for a {role.seniority} role"
    )
    missing_req = [s for s in required if s not in evidence]
    summary = f"{len(have_req)}/{len(required)} required skills"
    if missing_req:
        summary += f" (missing {', '.join(missing_req)})"
    if nice:
        summary += f", {len(have_nice)}/{len(nice)} nice-to-have"
    summary += f"; {exp_words}; {where}"
    return Recommendation.of(
        candidate, score=round(sum(shares.values()), 1), components={k: round(v, 3) for k, v in comp.items()},
        points=shares,
        matched_skills=[MatchedSkill(s, True, evidence[s]) for s in have_req]
        + [MatchedSkill(s, False, evidence[s]) for s in have_nice],
        missing_required=missing_req, missing_nice_to_have=[s for s in nice if s not in evidence],
        experience_fit=exp_words, location_fit=where, summary=summary,
    )


def score_points(components: dict[str, float]) -> dict[str, float]:
    """Each part's points (100 x weight x fit, one decimal), biggest weight first: the score is their sum."""
    return {k: round(100.0 * WEIGHTS[k] * components[k], 1) for k in sorted(WEIGHTS, key=lambda k: -WEIGHTS[k])
            if k in components}


# -- the recommender ---------------------------------------------------------------------------------

_evidence_cache: OrderedDict[tuple[int, str], dict[str, str]] = OrderedDict()
_CACHE_MAX = 50_000


def candidate_evidence(taxonomy: Taxonomy, candidate: Candidate, stored: dict[str, str] | None = None) -> dict[str, str]:
    """Canonical skill -> evidence sentence from the resume (cached per candidate version).

    `stored`: the candidate's skill rows (skill -> evidence), e.g. skills an import found by meaning
    ("streaming pipelines in Flink"). They count when their sentence is still in the resume text, so
    an edited resume never keeps a skill it no longer evidences; the taxonomy's own sentence wins.
    """
    key = (int(candidate.id or 0), f"{candidate.updated_at}|{len(candidate.resume_text)}|{hash(candidate.resume_text)}")
    hit = _evidence_cache.get(key)
    if hit is None:
        hit = taxonomy.evidence(candidate.resume_text)
        _evidence_cache[key] = hit
        if len(_evidence_cache) > _CACHE_MAX:
            _evidence_cache.popitem(last=False)
    extra = {k: v for k, v in (stored or {}).items() if k not in hit and v and v in candidate.resume_text}
    return {**hit, **extra} if extra else hit


def stored_evidence(session: Session, ids: Collection[int]) -> dict[int, dict[str, str]]:
    """candidate id -> {skill: evidence} from the CandidateSkill rows of `ids`."""
    out: dict[int, dict[str, str]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 900):
        rows = session.exec(
            select(CandidateSkill.candidate_id, CandidateSkill.skill, CandidateSkill.evidence)
            .where(CandidateSkill.candidate_id.in_(ids[start : start + 900]))  # type: ignore[union-attr]
        )
        for cid, skill, evidence in rows:
            out.setdefault(int(cid), {})[skill] = evidence
    return out


def _pool(session: Session, indexes: IndexSet, role: Role, role_vec: np.ndarray, pool: int) -> list[int]:
    """Every candidate for small stores; else the union of dense and keyword retrieval for the role."""
    total = session.exec(select(func.count(Candidate.id))).one()
    if total <= max(pool, EXHAUSTIVE_MAX):
        return [int(i) for i in session.exec(select(Candidate.id).order_by(Candidate.id))]
    skills = list(role.required_skills) + list(role.nice_to_have_skills)
    terms = [f for s in skills for f in indexes.taxonomy.surface_forms(s)]
    dense = indexes.candidates.dense(role_vec, pool)
    lexical = indexes.candidates.keyword(" ".join([role.title, *terms]), pool)
    return [int(i) for i, _ in rrf(dense, lexical)[: 2 * pool]]


def recommend(
    role: str | int | Role,
    *,
    top: int = 10,
    pool: int = POOL,
    candidate_ids: Collection[int] | None = None,
    indexes: IndexSet | None = None,
    engine: Engine | None = None,
) -> RoleRecommendations:
    """The `top` best candidates for a role (title, id or Role), each explained.

    `candidate_ids` restricts the pool (e.g. the role's applicants). Raises UnknownRole (with
    suggestions) for a title that names no role.
    """
    indexes = indexes or get_indexes(engine)
    taxonomy = indexes.taxonomy
    with session_scope(indexes.engine) as session:
        if not isinstance(role, Role):
            role = resolve_role(session, str(role))
        role_vec = _role_vector(indexes, role)
        ids = sorted(int(i) for i in candidate_ids) if candidate_ids is not None else _pool(session, indexes, role, role_vec, pool)
        candidates: list[Candidate] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            candidates.extend(session.exec(
                select(Candidate).options(load_only(*_FIELDS)).where(Candidate.id.in_(chunk))  # type: ignore[union-attr]
            ))
        stored = stored_evidence(session, ids)
    candidates.sort(key=lambda c: c.id)
    present = [str(c.id) for c in candidates if str(c.id) in indexes.candidates.manifest.entries]
    cos: dict[int, float] = {}
    if present:
        vecs = indexes.candidates.vectors(present)
        cos = {int(i): float(s) for i, s in zip(present, vecs @ role_vec)}
    needs = role_needs(role, taxonomy)
    scored = [
        score_candidate(role, c, candidate_evidence(taxonomy, c, stored.get(int(c.id))), cos.get(int(c.id), 0.0), taxonomy, needs)
        for c in candidates
    ]
    scored.sort(key=lambda r: (-r.score, r.candidate_id))  # the order the shown scores give
    info = {
        "id": role.id, "title": role.title, "family": role.family, "seniority": role.seniority,
        "location": role.location, "remote_policy": role.remote_policy, "min_years": role.min_years,
        "required_skills": list(role.required_skills), "nice_to_have_skills": list(role.nice_to_have_skills),
        "is_open": role.is_open,
    }
    return RoleRecommendations(role=info, considered=len(scored), results=scored[: max(0, top)],
                               considered_ids=[r.candidate_id for r in scored])


def _role_vector(indexes: IndexSet, role: Role) -> np.ndarray:
    col = indexes.collections.get("roles")
    if col is not None and str(role.id) in col.manifest.entries:
        return col.vectors([str(role.id)])[0]
    return query_vector(indexes.embeddings, role_text(role))
