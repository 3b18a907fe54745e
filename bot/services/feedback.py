"""Ratings of recommendations: storing them (with an audit entry) and turning them into ranking preferences.

Two signals feed course ranking:
- personal: what this user rated, per course and per feature of those courses (format, provider,
  level, skills), shrunk towards 0 until there are several ratings, so one thumbs-down on a book
  does not bury every book;
- global: a Bayesian average of everybody else's ratings of each course, pulled towards the overall
  mean by `PRIOR_WEIGHT` pseudo-ratings, so one stranger's vote barely moves it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlmodel import Session, select

from bot.services.errors import ServiceError
from bot.services.identity import Identity
from store import audit
from store.models import Course, Feedback

log = logging.getLogger(__name__)

MAX_ITEM_TYPE = 40
MAX_ITEM_ID = 120
MAX_CONTEXT = 500
FEATURE_SHRINK = 2.0  # pseudo-ratings of 0 per feature: 1 rating -> 1/3 strength, 4 ratings -> 2/3
PRIOR_WEIGHT = 5.0  # pseudo-ratings at the global mean in the per-course Bayesian average
FEATURE_WEIGHTS = {"format": 1.0, "provider": 1.0, "level": 0.6, "skill": 0.4}
ITEM_WEIGHT = 1.5  # the user's own rating of this very course counts more than its features


class FeedbackError(ServiceError, ValueError):
    """Feedback that can't be stored (empty or unknown item, zero rating); nothing is written."""


class CourseLike(Protocol):
    """The course fields the preference model reads."""

    code: str
    format: str
    provider: str
    level: str
    skills: list[str]


def record_feedback(
    session: Session,
    identity: Identity,
    item_type: str,
    item_id: str,
    rating: int,
    context: str = "",
    channel: str = "",
) -> Feedback:
    """Store one +1/-1 rating by the asker and audit it in the same transaction (ids only, no names)."""
    item_type = " ".join(str(item_type or "").split()).casefold()
    item_id = " ".join(str(item_id or "").split())
    if not item_type or len(item_type) > MAX_ITEM_TYPE:
        raise FeedbackError("feedback needs an item type")
    if not item_id or len(item_id) > MAX_ITEM_ID:
        raise FeedbackError("feedback needs an item id")
    if not isinstance(rating, (int, float)) or rating == 0:
        raise FeedbackError("rating must be positive or negative")
    if item_type == "course" and session.exec(select(Course.id).where(Course.code == item_id)).first() is None:
        raise FeedbackError("no such course")
    value = 1 if rating > 0 else -1
    row = Feedback(
        user_handle=identity.handle[:120],
        item_type=item_type,
        item_id=item_id,
        rating=value,
        context=(context or "")[:MAX_CONTEXT],
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=identity.handle[:120],
        action="feedback",
        entity_type=item_type,
        entity_id=item_id,
        channel=(channel or "unknown")[:40],
        details={"rating": value, "feedback_id": row.id},
    )
    log.info("feedback %s on %s %s (id %s)", value, item_type, item_id, row.id)
    return row


def record_pending_feedback(
    session: Session, identity: Identity, pending: dict[str, Any] | None, rating: int, channel: str = ""
) -> list[Feedback]:
    """Rate every item of a `pending_feedback` slot value (a yes/no to "Was this useful?"); skips unknown ids."""
    if not isinstance(pending, dict):
        return []
    item_type = str(pending.get("item_type") or "")
    ids = pending.get("item_ids") or ([pending["item_id"]] if pending.get("item_id") else [])
    context = str(pending.get("context") or "")
    rows = []
    for item_id in ids if isinstance(ids, list) else []:
        try:
            rows.append(record_feedback(session, identity, item_type, str(item_id), rating, context, channel))
        except FeedbackError:
            log.info("pending feedback: skipped an unknown %s", item_type)
    return rows


def course_features(course: CourseLike) -> list[tuple[str, float]]:
    """The features a rating of this course teaches about: its format, provider, level and skills."""
    feats = [
        (f"format:{course.format}", FEATURE_WEIGHTS["format"]),
        (f"provider:{course.provider}", FEATURE_WEIGHTS["provider"]),
        (f"level:{course.level}", FEATURE_WEIGHTS["level"]),
    ]
    skills = list(course.skills or [])
    for skill in skills:
        feats.append((f"skill:{skill}", FEATURE_WEIGHTS["skill"] / max(1, len(skills))))
    return feats


@dataclass
class Preferences:
    """Learned taste of one user plus everyone else's verdict per course; both in [-1, 1]."""

    handle: str = ""
    items: dict[str, int] = field(default_factory=dict)  # this user's latest rating per course code
    features: dict[str, float] = field(default_factory=dict)  # feature -> shrunk mean rating
    prior: dict[str, float] = field(default_factory=dict)  # course code -> centred Bayesian average
    global_mean: float = 0.5

    @property
    def empty(self) -> bool:
        return not self.items and not self.prior

    def personal(self, course: CourseLike) -> float:
        """How much this user should like the course, from their own ratings (0 without any)."""
        feats = course_features(course)
        total = sum(w for _, w in feats)
        score = sum(self.features.get(name, 0.0) * w for name, w in feats) / total if total else 0.0
        own = self.items.get(course.code)
        if own is not None:
            score = (score + ITEM_WEIGHT * own) / (1 + ITEM_WEIGHT)
        return max(-1.0, min(1.0, score))

    def global_score(self, course: CourseLike) -> float:
        """Others' smoothed verdict on the course (0 when nobody rated it)."""
        return self.prior.get(course.code, 0.0)


def latest_ratings(rows: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    """(handle, code) -> the latest rating, given rows in time order; re-rating replaces, not adds."""
    out: dict[tuple[str, str], int] = {}
    for handle, code, rating in rows:
        out[(handle, code)] = 1 if rating > 0 else -1
    return out


def build_preferences(
    handle: str, ratings: dict[tuple[str, str], int], courses: dict[str, CourseLike]
) -> Preferences:
    """The preference model from (handle, course code) -> rating, for `handle`."""
    prefs = Preferences(handle=handle)
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    others_pos: dict[str, float] = defaultdict(float)
    others_n: dict[str, float] = defaultdict(float)
    for (who, code), rating in ratings.items():
        course = courses.get(code)
        if course is None:
            continue
        if who == handle:
            prefs.items[code] = rating
            for name, _ in course_features(course):
                sums[name] += rating
                counts[name] += 1
        else:
            others_n[code] += 1
            others_pos[code] += 1 if rating > 0 else 0
    prefs.features = {name: sums[name] / (counts[name] + FEATURE_SHRINK) for name in sums}
    total_n = sum(others_n.values())
    prefs.global_mean = (sum(others_pos.values()) + 1) / (total_n + 2)
    for code, n in others_n.items():
        bayes = (others_pos[code] + PRIOR_WEIGHT * prefs.global_mean) / (n + PRIOR_WEIGHT)
        prefs.prior[code] = max(-1.0, min(1.0, 2 * (bayes - prefs.global_mean)))
    return prefs


def load_preferences(session: Session, handle: str, courses: dict[str, CourseLike] | None = None) -> Preferences:
    """The user's preference model and the global prior, from all course feedback in the store."""
    if courses is None:
        courses = {c.code: c for c in session.exec(select(Course)).all()}
    rows = session.exec(
        select(Feedback.user_handle, Feedback.item_id, Feedback.rating)
        .where(Feedback.item_type == "course")
        .order_by(Feedback.created_at, Feedback.id)
    ).all()
    return build_preferences(handle, latest_ratings(rows), courses)
