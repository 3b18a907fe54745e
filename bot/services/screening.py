"""Screening a role's applicants: who meets every must-have skill, who lacks one, ranked and explained."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session, select

from bot.services.recommendations import Match, match_role
from bot.services.recommendations import explained_match as explained
from bot.services.search import IndexNotReady, retrieval_indexes
from store.models import Application, Stage
from retrieval import BackendError, IndexSet, ModelUnavailable, UnknownRole, recommend

log = logging.getLogger(__name__)

TOP = 5
NEW: tuple[str, ...] = (Stage.applied.value,)
"""New applicants: people whose application is still at `applied`, nobody has looked at them yet."""

_ALL_WORDS = re.compile(
    r"\b(?:all|every|each|whole|entire)\b(?:\W+\w+){0,2}?\W+(?:applicants?|applications?|candidates?|people|pipeline|inbound|stages?)\b"
    r"|\b(?:everyone|everybody|any stage|regardless of stage)\b",
    re.I,
)
"""Words asking for every applicant, not just the new ones ("screen all the applicants", "everyone who applied")."""


@dataclass
class Screened:
    """One applicant's explained match to the role, and where their application stands."""

    match: Match
    stage: str

    @property
    def meets_must_haves(self) -> bool:
        """True when the resume evidences every required skill of the role."""
        return not self.match.missing_required


@dataclass
class Screening:
    """Applicants to one role split by the must-haves, or why there is nothing to screen.

    problem: "" | unknown_role (suggestions say what was close) | no_applicants (nobody active applied)
    | no_new_applicants (nobody at the asked stages, though `by_stage` shows others) | unavailable (no index).
    """

    role_title: str
    role_id: int | None = None
    is_open: bool = True
    required: list[str] = field(default_factory=list)
    stages: tuple[str, ...] | None = NEW  # None: every stage except rejected
    by_stage: dict[str, int] = field(default_factory=dict)  # active applicants (not rejected) per stage
    screened: int = 0
    meets: list[Screened] = field(default_factory=list)  # ranked, at most `top`
    lacking: list[Screened] = field(default_factory=list)  # ranked, at most `top`
    meets_count: int = 0
    lacking_count: int = 0
    missing_counts: dict[str, int] = field(default_factory=dict)  # must-have -> applicants lacking it
    problem: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def new_only(self) -> bool:
        """Whether only new applicants (stage applied) were asked for."""
        return self.stages == NEW


def stages_asked(text: str) -> tuple[str, ...] | None:
    """"screen all applicants for X" -> None (every active stage); anything else -> new applicants only."""
    return None if _ALL_WORDS.search(text or "") else NEW


def check_stages(stages: Iterable[str] | None) -> tuple[str, ...] | None:
    """Stage names as Stage values (deduplicated, in order); raises ValueError naming an unknown one."""
    if stages is None:
        return None
    known = {s.value for s in Stage}
    out = tuple(dict.fromkeys(str(s).strip().lower() for s in stages))
    unknown = [s for s in out if s not in known]
    if unknown or not out:
        raise ValueError(f"unknown stage {', '.join(unknown) or '(none given)'}; stages are {', '.join(sorted(known))}")
    return out


def _applicants(session: Session, role_id: int) -> list[tuple[int, str]]:
    """(candidate id, stage) of everyone who applied to the role."""
    rows = session.exec(select(Application.candidate_id, Application.stage).where(Application.role_id == role_id))
    return [(int(cid), stage.value if isinstance(stage, Stage) else str(stage)) for cid, stage in rows]


def screen_applicants(
    session: Session,
    role: str,
    *,
    stages: Iterable[str] | None = NEW,
    top: int | None = TOP,
    indexes: IndexSet | None = None,
) -> Screening:
    """Rank a role's applicants (new ones by default; `stages=None` for all but rejected) against its must-haves.

    Ranking and explanations are retrieval's `recommend` restricted to the applicants, so they read
    exactly like recommendations; `top` caps each of the two lists (None: everyone).
    """
    wanted = check_stages(stages)
    found = match_role(session, role)
    if found.role is None:
        return Screening(found.query, stages=wanted, problem="unknown_role", suggestions=found.suggestions)
    row = found.role
    out = Screening(row.title, row.id, bool(row.is_open), list(row.required_skills), stages=wanted)
    applied = _applicants(session, int(row.id or 0))
    active = [(cid, st) for cid, st in applied if st != Stage.rejected.value]
    out.by_stage = dict(Counter(st for _, st in active))
    chosen = [cid for cid, st in applied if st in wanted] if wanted is not None else [cid for cid, _ in active]
    if not active and not chosen:
        out.problem = "no_applicants"
        return out
    if not chosen:
        out.problem = "no_new_applicants"
        return out
    stage_of = dict(applied)
    try:
        result = recommend(row, top=len(chosen), candidate_ids=chosen, indexes=indexes or retrieval_indexes())
    except UnknownRole as exc:  # the role vanished between the lookup and the ranking
        return Screening(row.title, stages=wanted, problem="unknown_role", suggestions=list(exc.suggestions))
    except (IndexNotReady, ModelUnavailable, BackendError) as exc:
        log.warning("screening unavailable: %s", type(exc).__name__)
        out.problem = "unavailable"
        return out
    ranked = [Screened(explained(r), stage_of.get(r.candidate_id, "")) for r in result.results]
    meets = [s for s in ranked if s.meets_must_haves]
    lacking = [s for s in ranked if not s.meets_must_haves]
    out.screened, out.meets_count, out.lacking_count = len(ranked), len(meets), len(lacking)
    missing = Counter(skill for s in lacking for skill in s.match.missing_required)
    out.missing_counts = dict(sorted(missing.items(), key=lambda kv: (-kv[1], kv[0])))
    cap = len(ranked) if top is None else max(0, top)
    out.meets, out.lacking = meets[:cap], lacking[:cap]
    return out
