"""Candidate search: dense + BM25 fused by reciprocal rank, taxonomy query expansion, SQL filters.

`search("pytorch nlp", location="Berlin", seniority="senior+")` finds the allowed candidate ids
with SQL, runs both retrievers restricted to them (full top-k under any filter), fuses the two
rankings with RRF and explains each hit with the query skills found in the resume.

Modes (benchmarks/retrieval.py compares them; the best is the default):
`dense`, `lexical`, `hybrid` (RRF of both), `hybrid+taxonomy` (RRF, with the query's skills
expanded through the taxonomy's synonyms for BM25 and named for the dense encoder; keywords
weigh less when the query names no skill explicitly).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from retrieval.errors import RetrievalError
from store.engine import session_scope
from store.models import Candidate
from retrieval.candidates import CandidateSummary
from retrieval.filters import Filters, allowed_candidates
from retrieval.index import IndexSet, get_indexes
from retrieval.taxonomy import Expansion

MODES = ("dense", "lexical", "hybrid", "hybrid+taxonomy")
DEFAULT_MODE = "hybrid+taxonomy"
RRF_K = 60
MIN_DEPTH = 50
# hybrid+taxonomy: keywords count fully when the query names a skill the taxonomy knows by one of
# its names; for descriptive queries ("someone who builds data pipelines") meaning leads and
# keywords get this weight (benchmarks/retrieval.py: nDCG@10 0.931 -> 0.941 on 62 queries).
DESCRIPTIVE_LEXICAL_WEIGHT = 0.5


class SearchError(RetrievalError, ValueError):
    """A query that cannot be run (empty text, unknown mode); the message says why."""


@dataclass
class SkillEvidence:
    skill: str
    evidence: str


@dataclass(frozen=True)
class SearchHit(CandidateSummary):
    """A ranked candidate: the summary, its fused score, its rank in each retriever, the evidenced skills."""

    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    matched_skills: list[SkillEvidence] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    mode: str
    filters: dict[str, Any]
    skills: list[str]
    expansion: list[str]
    allowed: int | None
    hits: list[SearchHit]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rrf(*rankings: list[tuple[str, float]], k: int = RRF_K, weights: tuple[float, ...] | None = None) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings a document appears in."""
    fused: dict[str, float] = {}
    weights = weights or (1.0,) * len(rankings)
    for ranking, w in zip(rankings, weights):
        for rank, (doc_id, _) in enumerate(ranking, start=1):
            fused[doc_id] = fused.get(doc_id, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def rank_candidates(
    indexes: IndexSet,
    query: str,
    *,
    top: int = 10,
    mode: str = DEFAULT_MODE,
    allowed: Collection[int] | None = None,
    expansion: Expansion | None = None,
) -> tuple[list[tuple[str, float]], dict[str, list[tuple[str, float]]], Expansion | None]:
    """Fused ranking (ids, scores), the component rankings, and the expansion used."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
    col = indexes.candidates
    allowed_ids = None if allowed is None else {str(a) for a in allowed}
    depth = max(MIN_DEPTH, 3 * top)
    dense_q = lexical_q = query
    if mode == "hybrid+taxonomy":
        expansion = expansion or indexes.taxonomy.expand(query)
        dense_q, lexical_q = expansion.dense_text(), expansion.lexical_text()
    else:
        expansion = None
    parts: dict[str, list[tuple[str, float]]] = {}
    if mode != "lexical":
        parts["dense"] = col.dense_text(dense_q, depth if mode != "dense" else top, allowed_ids)
    if mode != "dense":
        parts["lexical"] = col.keyword(lexical_q, depth if mode != "lexical" else top, allowed_ids)
    if mode == "dense":
        return parts["dense"][:top], parts, expansion
    if mode == "lexical":
        return parts["lexical"][:top], parts, expansion
    weights = (1.0, 1.0)
    if expansion is not None and not any(v == "synonym" for v in expansion.via.values()):
        weights = (1.0, DESCRIPTIVE_LEXICAL_WEIGHT)
    return rrf(parts["dense"], parts["lexical"], weights=weights)[:top], parts, expansion


def search(
    query: str,
    *,
    location: str | None = None,
    seniority: str | None = None,
    stage: str | None = None,
    role: str | None = None,
    top: int = 10,
    mode: str = DEFAULT_MODE,
    indexes: IndexSet | None = None,
    engine: Engine | None = None,
) -> SearchResult:
    """Ranked candidates for a free-text query, each with the query skills evidenced in the resume.

    Raises SearchError (empty query, bad mode) or FilterError/UnknownRole (with suggestions).
    """
    query = " ".join((query or "").split())
    if not query:
        raise SearchError("the query is empty; say what you are looking for, e.g. 'python data engineer'")
    top = max(1, int(top))
    indexes = indexes or get_indexes(engine)
    filters = Filters(location=location, seniority=seniority, stage=stage, role=role)
    with session_scope(indexes.engine) as session:
        allowed = allowed_candidates(session, filters)
    ranked, parts, expansion = rank_candidates(indexes, query, top=top, mode=mode, allowed=allowed)
    expansion = expansion or indexes.taxonomy.expand(query, use_embeddings=False)
    ranks = {name: {doc_id: r for r, (doc_id, _) in enumerate(lst, start=1)} for name, lst in parts.items()}
    ids = [int(doc_id) for doc_id, _ in ranked]
    with session_scope(indexes.engine) as session:
        rows = {c.id: c for c in session.exec(select(Candidate).where(Candidate.id.in_(ids)))} if ids else {}  # type: ignore[union-attr]
    hits = []
    for doc_id, score in ranked:
        c = rows.get(int(doc_id))
        if c is None:  # deleted since the index was synced
            continue
        evidence = indexes.taxonomy.evidence(c.resume_text)
        hits.append(
            SearchHit.of(
                c, score=round(float(score), 4),
                dense_rank=ranks.get("dense", {}).get(doc_id), lexical_rank=ranks.get("lexical", {}).get(doc_id),
                matched_skills=[SkillEvidence(s, evidence[s]) for s in expansion.skills if s in evidence],
            )
        )
    return SearchResult(
        query=query, mode=mode, filters=filters.as_dict(), skills=list(expansion.skills),
        expansion=list(expansion.terms) if mode == "hybrid+taxonomy" else [],
        allowed=None if allowed is None else len(allowed), hits=hits,
    )


@dataclass
class CourseHit:
    course_id: int
    code: str
    title: str
    level: str
    format: str
    hours: float
    skills: list[str]
    score: float


def search_courses(
    query: str,
    *,
    top: int = 5,
    indexes: IndexSet | None = None,
    engine: Engine | None = None,
) -> list[CourseHit]:
    """Courses for a free-text need ("get better at kubernetes"), dense + BM25 with taxonomy expansion."""
    query = " ".join((query or "").split())
    if not query:
        raise SearchError("the query is empty; say what you want to learn")
    indexes = indexes or get_indexes(engine)
    col = indexes.courses
    expansion = indexes.taxonomy.expand(query)
    depth = max(MIN_DEPTH, 3 * top)
    dense = col.dense_text(expansion.dense_text(), depth)
    lexical = col.keyword(expansion.lexical_text(), depth)
    fused = rrf(dense, lexical)
    if expansion.skills:  # courses that teach a named skill first
        wanted = set(expansion.skills)
        fused.sort(key=lambda kv: (-len(wanted & set(col.metadata(kv[0]).get("skills", []))), -kv[1]))
    hits = []
    for doc_id, score in fused[:top]:
        m = col.metadata(doc_id)
        hits.append(CourseHit(course_id=int(m["id"]), code=m["code"], title=m["title"], level=m["level"],
                              format=m["format"], hours=float(m["hours"]), skills=list(m["skills"]),
                              score=round(float(score), 4)))
    return hits
