"""Wording of training recommendations and learning plans."""

from __future__ import annotations

from bot.messages.coaching import FEEDBACK_QUESTION, NO_PROFILE_NOTE, choice_buttons, intent_button, unknown_reply
from bot.messages.reply import Reply, ask_reply
from bot.services.training import LearningPlan, RankedCourse, TrainingAdvice

EXAMPLE_SKILLS = ("Python", "SQL", "Machine Learning", "Stakeholder Management")


def _hours(value: float) -> str:
    return f"{value:g} h"


def course_entry(course: RankedCourse) -> dict:
    """One course for the `course_list` payload, with its own thumbs up/down buttons."""
    rated = {"item_type": "course", "item_id": course.code}
    return {
        "code": course.code,
        "title": course.title,
        "provider": course.provider,
        "format": course.format,
        "hours": course.hours,
        "level": course.level,
        "reason": course.reason,
        "feedback": rated,
        "buttons": [intent_button("👍", "affirm", **rated), intent_button("👎", "deny", **rated)],
    }


def _plan_payload(plan: LearningPlan) -> dict:
    return {
        "total_hours": plan.total_hours,
        "steps": [
            {"order": i, "code": s.course.code, "title": s.course.title, "hours": s.course.hours,
             "prerequisite_only": s.prerequisite}
            for i, s in enumerate(plan.steps, 1)
        ],
    }


def _plan_lines(plan: LearningPlan) -> list[str]:
    lines = [f"Suggested order ({_hours(plan.total_hours)} in total):"]
    for i, step in enumerate(plan.steps, 1):
        note = " (prerequisite)" if step.prerequisite else ""
        lines.append(f"{i}. {step.course.title}{note}, {_hours(step.course.hours)}")
    return lines


def training_reply(advice: TrainingAdvice) -> Reply:
    """Courses with reasons and a plan; or a clear note on an unknown skill/role or a missing profile."""
    note = "" if advice.personal else NO_PROFILE_NOTE + "\n\n"
    if advice.status == "unknown_skill":
        return unknown_reply(f"I don't know a skill called \"{advice.query}\" in our training catalog.", advice.query,
                             advice.suggestions, "recommend_training", "skill")
    if advice.status == "unknown_role":
        return unknown_reply(f"I couldn't find a role called \"{advice.query}\".", advice.query, advice.suggestions,
                             "recommend_training", "role")
    if advice.status == "no_target":
        return ask_reply("skill", note + "Which skill or role would you like to work towards? For example: "
                         "\"courses for Python\" or \"what should I learn to become a Data Scientist?\"",
                         choice_buttons(list(EXAMPLE_SKILLS), "recommend_training", "skill"),
                         examples=list(EXAMPLE_SKILLS))
    if advice.status == "no_courses":
        return Reply(
            note + f"You already cover what {advice.target} asks for, or our catalog has no course left "
            "for it that you haven't done. Try a skill or role further ahead.",
            {"type": "course_list", "courses": [], "target": advice.target},
        )
    whose = "for you" if advice.personal else "in general"
    lines = [f"Courses {whose} towards {advice.target}:"]
    if not advice.personal:
        lines.append(f"({NO_PROFILE_NOTE})")
    for i, c in enumerate(advice.courses, 1):
        lines.append(f"{i}. {c.title} ({c.provider}, {c.level}, {_hours(c.hours)}): {c.reason}")
    payload: dict = {
        "type": "course_list",
        "target": advice.target,
        "personal": advice.personal,
        "courses": [course_entry(c) for c in advice.courses],
    }
    if advice.plan is not None and advice.plan.steps:
        lines += ["", *_plan_lines(advice.plan)]
        payload["plan"] = _plan_payload(advice.plan)
    lines += ["", FEEDBACK_QUESTION]
    return Reply("\n".join(lines), payload)
