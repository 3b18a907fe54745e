"""Learning plans: prerequisites first, missing ones pulled in, chosen courses in topological order."""

from __future__ import annotations

from bot.services.course_ranking import rank_courses
from bot.services.learning_plan import learning_plan
from bot.services.training_targets import Target, skill_target
from tests.bot.services.conftest import course, profile, tiny_catalog


def test_plan_puts_prerequisites_first_and_pulls_in_missing_ones() -> None:
    cat = tiny_catalog([
        course("A", ["Python"], hours=5), course("B", ["Python"], "intermediate", ["A"], hours=7),
        course("C", ["Python"], "advanced", ["B"], hours=11),
    ])
    chosen = rank_courses(cat, skill_target("Python"), profile({"Python": 4}), top=1)
    assert chosen[0].code == "C"
    plan = learning_plan(chosen, cat, frozenset())
    assert [s.course.code for s in plan.steps] == ["A", "B", "C"]
    assert [s.prerequisite for s in plan.steps] == [True, True, False]
    assert plan.total_hours == 23
    done = learning_plan(chosen, cat, frozenset({"A"}))
    assert [s.course.code for s in done.steps] == ["B", "C"]


def test_plan_orders_chosen_courses_topologically() -> None:
    cat = tiny_catalog([course("A", ["Python"]), course("B", ["Python"], prereqs=["A"]),
                        course("Z", ["SQL"], prereqs=["B"])])
    chosen = rank_courses(cat, Target("x", {"Python": (1.0, 4), "SQL": (1.0, 4)}), profile({}), top=3)
    reordered = sorted(chosen, key=lambda c: c.code, reverse=True)  # Z, B, A
    plan = learning_plan(reordered, cat)
    assert [s.course.code for s in plan.steps] == ["A", "B", "Z"]
