"""A learning plan: the chosen courses plus unfinished prerequisites, prerequisites first."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.coaching import Catalog
from bot.services.course_ranking import RankedCourse
from store.models import Course


@dataclass(frozen=True)
class PlanStep:
    """One course of the learning plan; `prerequisite` marks courses pulled in only to unlock another."""

    course: RankedCourse
    prerequisite: bool = False


@dataclass(frozen=True)
class LearningPlan:
    """Courses in an order that respects prerequisites, and the time they take together."""

    steps: tuple[PlanStep, ...]
    total_hours: float


def _as_ranked(course: Course) -> RankedCourse:
    """A catalog course pulled into a plan only as a prerequisite."""
    return RankedCourse(
        code=course.code, title=course.title, provider=course.provider, format=course.format, level=course.level,
        hours=float(course.hours), skills=tuple(course.skills or ()), prerequisites=tuple(course.prerequisites or ()),
        score=0.0, reason="prerequisite of a course below", closes=(),
    )


def learning_plan(
    chosen: list[RankedCourse], catalog: Catalog, completed: frozenset[str] | set[str] = frozenset()
) -> LearningPlan:
    """Chosen courses plus any unfinished prerequisites, prerequisites first, otherwise in rank order.

    `completed` holds courses that count as done (see `satisfied`): they are neither added nor waited for.
    """
    picked: dict[str, RankedCourse] = {c.code: c for c in chosen}
    extra: set[str] = set()
    queue = [p for c in chosen for p in c.prerequisites]
    while queue:
        code = queue.pop()
        if code in picked or code in completed or code not in catalog.by_code:
            continue
        course = _as_ranked(catalog.by_code[code])
        picked[code] = course
        extra.add(code)
        queue.extend(course.prerequisites)
    order = {c.code: i for i, c in enumerate(chosen)}
    placed: list[str] = []
    done: set[str] = set()

    def visit(code: str, trail: frozenset[str]) -> None:
        if code in done or code in trail or code not in picked:
            return
        for pre in sorted(picked[code].prerequisites, key=lambda p: order.get(p, -1)):
            if pre not in completed:  # a prerequisite already known imposes no order
                visit(pre, trail | {code})
        done.add(code)
        placed.append(code)

    for code in sorted(picked, key=lambda c: order.get(c, len(order))):
        visit(code, frozenset())
    steps = tuple(PlanStep(picked[c], c in extra) for c in placed)
    return LearningPlan(steps, round(sum(s.course.hours for s in steps), 1))

