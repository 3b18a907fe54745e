"""Best candidates for an opening, and turning whatever a recruiter typed into a catalog role."""

from __future__ import annotations

import difflib
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.names import fold
from bot.services.search import IndexNotReady, retrieval_indexes
from store.models import Application, Role
from retrieval import (
    BackendError,
    CandidateSummary,
    IndexSet,
    ModelUnavailable,
    Recommendation,
    RoleRecommendations,
    UnknownRole,
    recommend,
    resolve_role,
)

log = logging.getLogger(__name__)

TOP = 5
CACHE_SIZE = 128
MAX_ROLE_CHARS = 120
FUZZY_CUTOFF = 0.86
SEMANTIC_MIN = 0.55
SEMANTIC_MARGIN = 0.04
EVIDENCE_CHARS = 180
_ALIASES = {
    "ml": "machine learning", "dl": "deep learning", "cv": "computer vision", "ds": "data scientist",
    "de": "data engineer", "da": "data analyst", "pm": "product manager", "hrbp": "hr business partner",
    "l&d": "learning and development", "sr": "senior", "sr.": "senior", "jr": "junior", "jr.": "junior",
    "swe": "software engineer", "fe": "frontend engineer", "be": "backend engineer", "ta": "talent acquisition",
    "front-end": "frontend", "back-end": "backend", "mle": "machine learning engineer", "eng": "engineer",
    "dev": "engineer", "developer": "engineer", "scientists": "scientist", "engineers": "engineer",
    "analysts": "analyst", "recruiters": "recruiter", "managers": "manager", "partners": "partner",
    "leads": "lead",
}
_FILLER = re.compile(r"\b(the|a|an|role|roles|opening|openings|position|positions|job|vacancy|for|our|new|open)\b", re.I)


@dataclass
class RoleMatch:
    """A typed role resolved to a catalog role, or the close titles to offer instead."""

    typed: str
    role: Role | None = None
    how: str = ""  # exact | alias | fuzzy | semantic
    suggestions: list[str] = field(default_factory=list)


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


def normalise_role_text(text: str) -> str:
    """"sr ML engineers role" -> "senior machine learning engineer": aliases expanded, filler dropped."""
    words = _FILLER.sub(" ", (text or "")[:MAX_ROLE_CHARS]).split()
    return " ".join(_ALIASES.get(w.casefold(), w) for w in words)


def _catalog(session: Session, title: str) -> Role | None:
    """retrieval's own resolution (exact, id, unique partial), None when it does not decide."""
    try:
        return resolve_role(session, title) if title.strip() else None
    except UnknownRole:
        return None


def _semantic(text: str, roles: list[Role]) -> tuple[Role | None, list[str]]:
    """Nearest role titles by meaning over the roles index; a clear winner, else the close ones."""
    try:
        hits = retrieval_indexes().roles.dense_text(text, 5)
    except (IndexNotReady, ModelUnavailable, BackendError, KeyError) as exc:
        log.info("role semantic match skipped: %s", type(exc).__name__)
        return None, []
    by_id = {str(r.id): r for r in roles}
    ranked = [(by_id[i], s) for i, s in hits if i in by_id]
    if not ranked:
        return None, []
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= SEMANTIC_MIN and score - runner >= SEMANTIC_MARGIN:
        return best, []
    return None, [r.title for r, s in ranked if s >= SEMANTIC_MIN - 0.15][:5]


def match_role(session: Session, typed: str) -> RoleMatch:
    """Exact or partial title, then aliases ("ML engineer"), fuzzy spelling, then meaning; else suggestions."""
    typed = " ".join((typed or "").split())[:MAX_ROLE_CHARS]
    found = RoleMatch(typed)
    if not re.search(r"[^\W_]", typed) or typed.isdigit():
        return found  # nothing to go on; a bare number is a list position, not a role id
    role = _catalog(session, typed)
    if role is not None:
        found.role, found.how = role, "exact"
        return found
    expanded = normalise_role_text(typed)
    role = _catalog(session, expanded) if expanded.casefold() != typed.casefold() else None
    if role is not None:
        found.role, found.how = role, "alias"
        return found
    roles = list(session.exec(select(Role)))
    titles = {fold(r.title): r for r in roles}
    close = difflib.get_close_matches(fold(expanded or typed), list(titles), n=3, cutoff=FUZZY_CUTOFF)
    if len(close) == 1 or (close and difflib.SequenceMatcher(None, fold(expanded), close[0]).ratio() >= 0.93):
        found.role, found.how = titles[close[0]], "fuzzy"
        return found
    compact = re.sub(r"[\s\-_.]+", "", fold(typed))
    partial = sorted((r.title for r in roles if (fold(expanded) and fold(expanded) in fold(r.title))
                      or (len(compact) >= 4 and compact in re.sub(r"[\s\-_.]+", "", fold(r.title)))), key=len)
    if not partial:
        role, semantic = _semantic(expanded or typed, roles)
        if role is not None:
            found.role, found.how = role, "semantic"
            return found
    else:
        semantic = []
    found.suggestions = list(dict.fromkeys([*partial, *(titles[c].title for c in close), *semantic]))[:5]
    return found


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
        experience_fit=rec.experience_fit, location_fit=rec.location_fit,
    )


def recommend_for_role(session: Session, role_title: str, top: int = TOP) -> RoleRecommendation:
    """The top candidates for a role title (resolved as match_role does), each explained."""
    found = match_role(session, role_title)
    if found.role is None:
        return RoleRecommendation(found.typed, problem="unknown_role", suggestions=found.suggestions)
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
    out.matches = [explained_match(r) for r in result.results]
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
