"""Best candidates for an opening, and turning whatever a recruiter typed into a catalog role."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.ranking_reasons import Overtake, Ranked, overtakes
from bot.services.search import IndexNotReady, retrieval_indexes
from store.models import Application, Role
from retrieval import (
    BackendError,
    CandidateSummary,
    IndexSet,
    ModelUnavailable,
    Recommendation,
    RoleLookup,
    RoleRecommendations,
    UnknownRole,
    recommend,
)
from retrieval import roles as resolver

log = logging.getLogger(__name__)

TOP = 5
CACHE_SIZE = 128
EVIDENCE_CHARS = 180


@dataclass(frozen=True)
class Match(CandidateSummary):
    """One recommended candidate with the reasons a recruiter can check."""

    score: float  # 0..100
    matched_required: list[str]
    matched_nice: list[str]
    missing_required: list[str]
    evidence: str
    experience_fit: str
    location_fit: str
    points: dict[str, float] = field(default_factory=dict)  # the score's parts; they add up to `score`
    overtake: Overtake | None = None  # lacks a required skill yet ranks above someone who has them all: why


@dataclass
class RoleRecommendation:
    """Ranked matches for one role, or why there are none (problem: unknown_role, unavailable)."""

    role_title: str
    role_id: int | None = None
    required: list[str] = field(default_factory=list)
    considered: int = 0
    matches: list[Match] = field(default_factory=list)
    problem: str = ""
    suggestions: list[str] = field(default_factory=list)


def match_role(session: Session, typed: str) -> RoleLookup:
    """A recruiter's wording as a catalog role (retrieval.roles.match_role), by meaning too once the index is ready."""
    return resolver.match_role(session, typed, nearest=_nearest_roles)


def _nearest_roles(text: str, k: int) -> list[tuple[str, float]]:
    """Role ids nearest `text` by meaning over the roles index; none while the index or model is unavailable."""
    try:
        return retrieval_indexes().roles.dense_text(text, k)
    except (IndexNotReady, ModelUnavailable, BackendError, KeyError) as exc:
        log.info("role semantic match skipped: %s", type(exc).__name__)
        return []


def open_roles(session: Session, limit: int = 8) -> list[str]:
    """Open roles to offer as buttons: most applicants first, then alphabetical."""
    applicants = func.count(Application.id)
    rows = session.exec(
        select(Role.title, applicants)
        .join(Application, Application.role_id == Role.id, isouter=True)
        .where(Role.is_open == True)  # noqa: E712 - SQL comparison
        .group_by(Role.id, Role.title)
        .order_by(applicants.desc(), Role.title)
        .limit(limit)
    ).all()
    return [title for title, _ in rows]


def _evidence(rec: Recommendation) -> str:
    """The resume sentence behind a matched required skill, the fullest one (shortened)."""
    pool = [m for m in rec.matched_skills if m.required] or rec.matched_skills
    if not pool:
        return ""
    chosen = max(pool, key=lambda m: min(len(m.evidence), EVIDENCE_CHARS))  # the most telling sentence
    sentence = " ".join(chosen.evidence.split())
    return sentence if len(sentence) <= EVIDENCE_CHARS else sentence[: EVIDENCE_CHARS - 1].rstrip() + "…"


def explained_match(rec: Recommendation) -> Match:
    """retrieval's explanation reduced to what the answer shows."""
    return Match.of(
        rec, score=rec.score,
        matched_required=[m.skill for m in rec.matched_skills if m.required],
        matched_nice=[m.skill for m in rec.matched_skills if not m.required],
        missing_required=list(rec.missing_required), evidence=_evidence(rec),
        experience_fit=rec.experience_fit, location_fit=rec.location_fit, points=dict(rec.points),
    )


def recommend_for_role(session: Session, role_title: str, top: int = TOP) -> RoleRecommendation:
    """The top candidates for a role title (resolved as match_role does), each explained."""
    found = match_role(session, role_title)
    if found.role is None:
        return RoleRecommendation(found.query, problem="unknown_role", suggestions=found.suggestions)
    role = found.role
    out = RoleRecommendation(role.title, role.id, list(role.required_skills))
    try:
        result = ranked_for(role, top, retrieval_indexes())
    except UnknownRole as exc:
        return RoleRecommendation(role.title, problem="unknown_role", suggestions=list(exc.suggestions))
    except (IndexNotReady, ModelUnavailable, BackendError) as exc:
        log.warning("recommend unavailable: %s", type(exc).__name__)
        out.problem = "unavailable"
        return out
    out.considered = result.considered
    matches = [explained_match(r) for r in result.results]
    reasons = overtakes([Ranked(m.name, m.points, m.missing_required) for m in matches])
    out.matches = [replace(m, overtake=why) if why else m for m, why in zip(matches, reasons)]
    return out


_ranked: OrderedDict[tuple[Any, ...], RoleRecommendations] = OrderedDict()
_ranked_lock = threading.Lock()


def ranked_for(role: Role, top: int, indexes: IndexSet) -> RoleRecommendations:
    """`recommend()` remembered until the role or the candidate index changes: recruiters ask the same roles."""
    key = (
        id(indexes), indexes.candidates.manifest.data_version, role.id, role.title, tuple(role.required_skills),
        tuple(role.nice_to_have_skills), role.location, role.remote_policy, role.seniority, role.min_years, top,
    )
    with _ranked_lock:
        if key in _ranked:
            _ranked.move_to_end(key)
            return _ranked[key]
    result = recommend(role, top=top, indexes=indexes)
    with _ranked_lock:
        _ranked[key] = result
        while len(_ranked) > CACHE_SIZE:
            _ranked.popitem(last=False)
    return result
