"""Personal training advice: courses ranked by the gap they close, level fit, prerequisites and feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session

from bot.services.coaching import Catalog, load_catalog, load_profile
from bot.services.course_ranking import Learning, RankedCourse, level_fit, rank_courses, satisfied, skill_gaps
from bot.services.feedback import load_preferences
from bot.services.identity import Identity
from bot.services.learning_plan import LearningPlan, PlanStep, learning_plan
from bot.services.training_targets import Target, choose_target, goals_target, role_target, skill_target

Status = Literal["ok", "unknown_skill", "unknown_role", "no_target", "no_courses"]

__all__ = [
    "Learning",
    "LearningPlan",
    "PlanStep",
    "RankedCourse",
    "Status",
    "Target",
    "TrainingAdvice",
    "choose_target",
    "goals_target",
    "learning_plan",
    "level_fit",
    "pending_feedback",
    "rank_courses",
    "recommend_training",
    "role_target",
    "satisfied",
    "skill_gaps",
    "skill_target",
]


@dataclass
class TrainingAdvice:
    """The answer to "what should I learn": ranked courses and a plan, or why there are none."""

    status: Status
    personal: bool
    target: str = ""
    courses: list[RankedCourse] = field(default_factory=list)
    plan: LearningPlan | None = None
    suggestions: list[str] = field(default_factory=list)
    query: str = ""
    context: str = ""
    role_title: str = ""


def recommend_training(
    session: Session,
    identity: Identity,
    skill: str | None = None,
    role: str | None = None,
    text: str = "",
    *,
    top: int = 5,
    catalog: Catalog | None = None,
    learning: Learning = "personal+global",
) -> TrainingAdvice:
    """Courses for a named skill, a target role, or (no target) the asker's goals and next career steps.

    Without entities the message text is read: a role after "become"/"move to"/"for", else a skill it names.
    """
    catalog = catalog or load_catalog(session)
    profile = load_profile(session, identity)
    personal = profile is not None
    choice = choose_target(session, catalog, profile, skill=skill, role=role, text=text)
    if choice.unknown:
        return TrainingAdvice(choice.unknown, personal, query=choice.query, suggestions=choice.suggestions)
    target, role_title = choice.target, choice.role_title
    if target is None:
        return TrainingAdvice("no_target", personal)
    prefs = load_preferences(session, identity.handle, catalog.by_code) if learning != "none" else None
    courses = rank_courses(catalog, target, profile, prefs, top=top, learning=learning)
    context = f"recommend_training:{target.label}"[:200]
    if not courses:
        return TrainingAdvice("no_courses", personal, target=target.label, context=context, role_title=role_title)
    plan = learning_plan(courses, catalog, satisfied(catalog, profile))
    return TrainingAdvice("ok", personal, target.label, courses, plan, context=context, role_title=role_title)


def pending_feedback(advice: TrainingAdvice) -> dict | None:
    """The `pending_feedback` slot value for a "Was this useful?" about the shown courses."""
    if not advice.courses:
        return None
    return {"item_type": "course", "item_ids": [c.code for c in advice.courses], "context": advice.context}
