"""record_feedback and the preference model built from feedback."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.feedback import (
    FeedbackError,
    build_preferences,
    latest_ratings,
    load_preferences,
    record_feedback,
    record_pending_feedback,
)
from bot.services.identity import resolve_identity
from bot.services.training import recommend_training
from store.models import AuditLog, Course, Feedback, User, UserRole


def _handles(session: Session, n: int) -> list[str]:
    linked = User.employee_id.is_not(None)  # type: ignore[union-attr]
    query = select(User.handle).where(User.role == UserRole.employee, linked).order_by(User.id).limit(n)
    return list(session.exec(query).all())


def counts(session: Session) -> tuple[int, int]:
    return session.exec(select(func.count(Feedback.id))).one(), session.exec(select(func.count(AuditLog.id))).one()


def test_record_feedback_stores_and_audits_without_names(seeded) -> None:
    with Session(seeded) as session:  # never committed: rolled back when the block ends
        me = resolve_identity(session, _handles(session, 1)[0])
        code = session.exec(select(Course.code)).first()
        row = record_feedback(session, me, "course", code, 5, context="recommend_training:Python", channel="slack")
        assert row.id is not None and row.rating == 1 and row.user_handle == me.handle
        entry = session.exec(select(AuditLog).where(AuditLog.action == "feedback").order_by(AuditLog.id.desc())).first()
        assert entry.entity_type == "course" and entry.entity_id == code and entry.channel == "slack"
        assert entry.details == {"rating": 1, "feedback_id": row.id}
        assert me.display_name not in str(entry.details)
        down = record_feedback(session, me, "course", code, -1)
        assert down.rating == -1
        assert session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first().channel == "unknown"


@pytest.mark.parametrize(
    ("item_type", "item_id", "rating"),
    [("course", "NOPE-999", 1), ("", "X", 1), ("course", "", 1), ("course", "x" * 500, 1), ("course", "PRG-101", 0)],
)
def test_bad_feedback_writes_nothing(seeded, item_type: str, item_id: str, rating: int) -> None:
    with Session(seeded) as session:
        me = resolve_identity(session, "U_SOMEONE")
        before = counts(session)
        with pytest.raises(FeedbackError):
            record_feedback(session, me, item_type, item_id, rating)
        after = counts(session)
    assert before == after


def test_pending_feedback_rates_every_item_and_skips_unknown(seeded) -> None:
    with Session(seeded) as session:
        me = resolve_identity(session, _handles(session, 1)[0])
        codes = list(session.exec(select(Course.code).limit(2)).all())
        rows = record_pending_feedback(session, me, {"item_type": "course", "item_ids": [*codes, "BOGUS"],
                                                      "context": "x"}, -1, "web")
        assert [r.item_id for r in rows] == codes and all(r.rating == -1 for r in rows)
        assert record_pending_feedback(session, me, None, 1) == []


def test_latest_rating_wins() -> None:
    assert latest_ratings([("a", "C1", 1), ("a", "C1", -1), ("b", "C1", 1)]) == {("a", "C1"): -1, ("b", "C1"): 1}


def test_preferences_are_shrunk_and_split_personal_from_global() -> None:
    c1 = Course(code="C1", title="", provider="P", format="book", level="beginner", skills=["Python"])
    c2 = Course(code="C2", title="", provider="P", format="book", level="beginner", skills=["SQL"])
    prefs = build_preferences("me", {("me", "C1"): -1, ("you", "C2"): 1}, {"C1": c1, "C2": c2})
    assert prefs.items == {"C1": -1}
    assert prefs.features["format:book"] == pytest.approx(-1 / 3)
    assert -1 < prefs.personal(c2) < 0  # a book by the same provider, never rated itself
    assert prefs.personal(c1) < prefs.personal(c2)
    assert prefs.global_score(c2) > 0 and prefs.global_score(c1) == 0


def test_feedback_changes_ranking_for_the_user_and_smoothed_for_others(seeded) -> None:
    with Session(seeded) as session:
        me_handle, *others = _handles(session, 8)
        me = resolve_identity(session, me_handle)
        before = recommend_training(session, me, skill="Python", top=10)
        top = before.courses[0]
        for course in before.courses[:3]:
            record_feedback(session, me, "course", course.code, -1)
        after = recommend_training(session, me, skill="Python", top=10)
        assert after.courses[0].code != top.code
        mine = load_preferences(session, me.handle)
        assert mine.personal(session.exec(select(Course).where(Course.code == top.code)).one()) < 0

        other = resolve_identity(session, others[0])
        base = recommend_training(session, other, skill="Python", top=10)
        last = base.courses[-1]
        liker = resolve_identity(session, others[1])
        record_feedback(session, liker, "course", last.code, 1)
        one_vote = recommend_training(session, other, skill="Python", top=10)
        score = {c.code: c.score for c in one_vote.courses}
        base_score = {c.code: c.score for c in base.courses}
        gained_one = score[last.code] - base_score[last.code]
        for h in others[2:]:
            record_feedback(session, resolve_identity(session, h), "course", last.code, 1)
        many = recommend_training(session, other, skill="Python", top=10)
        gained_many = {c.code: c.score for c in many.courses}[last.code] - base_score[last.code]
    assert 0 < gained_one < gained_many  # one stranger's vote moves it a little, many move it more
