"""Personal training advice: courses ranked by the gap they close, level fit, prerequisites and feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session

from bot.services.coaching import (
    Catalog,
    Profile,
    clean,
    goal_targets,
    load_catalog,
    load_profile,
    next_families,
    resolve_skill,
    resolve_target_role,
    role_in_text,
    skill_suggestions,
    skills_in_text,
)
from bot.services.feedback import Preferences, load_preferences
from bot.services.identity import Identity
from store.models import Course, Role

LEVELS = ("beginner", "intermediate", "advanced")
REQUIRED_TARGET = 4  # proficiency a required (or asked-for) skill should reach
NICE_TARGET = 3
MIN_ASKED_GAP = 0.2  # an expert who asks about their own skill still gets advanced courses
WEIGHTS = {"gap": 0.6, "level": 0.25, "prereq": 0.15}
PERSONAL_WEIGHT = 0.35
GLOBAL_WEIGHT = 0.2
UNMET_PREREQ = 0.3  # prerequisite factor when some prerequisite is not done yet
MASTERY = {"beginner": 3, "intermediate": 4, "advanced": 5}  # proficiency that makes a course's content known

Learning = Literal["none", "personal", "personal+global"]
Status = Literal["ok", "unknown_skill", "unknown_role", "no_target", "no_courses"]


@dataclass(frozen=True)
class Target:
    """Skills to work towards, each with a weight (importance) and the proficiency to reach."""

    label: str
    skills: dict[str, tuple[float, int]]  # skill -> (weight, wanted proficiency)
    explicit: bool = False  # asked for by name (not derived from goals)


@dataclass(frozen=True)
class RankedCourse:
    """A course chosen for the asker with its score and the one-line why."""

    code: str
    title: str
    provider: str
    format: str
    level: str
    hours: float
    skills: tuple[str, ...]
    prerequisites: tuple[str, ...]
    score: float
    reason: str
    closes: tuple[str, ...]
    prerequisites_met: bool = True


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


def ideal_level(proficiency: float) -> float:
    """Course level index (0 beginner .. 2 advanced) that suits someone at this proficiency."""
    if proficiency < 2:
        return 0.0
    if proficiency < 4:
        return 1.0
    return 2.0


def level_fit(course_level: str, proficiency: float) -> float:
    """1 for the right level, 0.5 one level off, 0 two levels off."""
    index = LEVELS.index(course_level) if course_level in LEVELS else 1
    return max(0.0, 1.0 - 0.5 * abs(index - ideal_level(proficiency)))


def satisfied(catalog: Catalog, profile: Profile | None) -> frozenset[str]:
    """Courses that count as done for prerequisites: completed, or already known at that level."""
    if profile is None:
        return frozenset()
    known = {
        c.code for c in catalog.courses
        if c.skills and all(profile.skills.get(s, 0) >= MASTERY.get(c.level, 4) for s in c.skills)
    }
    return frozenset(known | set(profile.completed))


def skill_gaps(target: Target, skills: dict[str, int]) -> dict[str, float]:
    """Weighted gap per target skill: weight x share of the wanted proficiency still missing."""
    gaps: dict[str, float] = {}
    for skill, (weight, wanted) in target.skills.items():
        have = skills.get(skill, 0)
        gap = max(0.0, (wanted - have) / wanted)
        if target.explicit:
            gap = max(gap, MIN_ASKED_GAP)
        if gap > 0:
            gaps[skill] = weight * gap
    return gaps


def score_course(
    course: Course,
    gaps: dict[str, float],
    skills: dict[str, int],
    completed: frozenset[str] | set[str],
    *,
    check_prereqs: bool = True,
) -> tuple[float, tuple[str, ...], float, bool]:
    """Relevance in [0, 1] before feedback: (score, skills it closes, level fit, prerequisites met).

    `completed` is every course that counts as done for prerequisites (see `satisfied`).
    """
    closes = tuple(s for s in course.skills or [] if s in gaps)
    if not closes:
        return 0.0, (), 0.0, True
    total = sum(gaps.values()) or 1.0
    biggest = max(gaps.values())
    covered = sum(gaps[s] for s in closes)
    # a course closing the single biggest gap scores ~1 even when the target has many skills
    gap_score = min(1.0, 0.5 * covered / biggest + 0.5 * covered / total)
    gap_score *= 0.7 + 0.3 * len(closes) / len(course.skills or closes)  # focused courses before side topics
    proficiency = sum(skills.get(s, 0) for s in closes) / len(closes)
    fit = level_fit(course.level, proficiency)
    met = all(p in completed for p in course.prerequisites or []) if check_prereqs else True
    prereq = 1.0 if met else UNMET_PREREQ
    score = WEIGHTS["gap"] * gap_score + WEIGHTS["level"] * fit + WEIGHTS["prereq"] * prereq
    return score, closes, fit, met


def _reason(course: Course, closes: tuple[str, ...], skills: dict[str, int], fit: float, met: bool,
            personal: float, prior: float, has_profile: bool) -> str:
    """One short line on why the course is there."""
    parts = []
    named = ", ".join(closes[:3])
    if has_profile:
        have = [skills.get(s, 0) for s in closes]
        parts.append(f"builds {named} (you're at {max(have)}/5)" if any(have) else f"teaches {named}, new for you")
        if fit >= 1.0:
            parts.append(f"{course.level} level suits you")
    else:
        parts.append(f"covers {named}")
    if not met:
        parts.append("take its prerequisite first")
    if personal >= 0.15:
        parts.append("like courses you rated useful")
    elif personal <= -0.15:
        parts.append("unlike your usual picks")
    if prior >= 0.15:
        parts.append("colleagues rated it useful")
    return "; ".join(parts)


def rank_courses(
    catalog: Catalog,
    target: Target,
    profile: Profile | None,
    prefs: Preferences | None = None,
    *,
    top: int = 5,
    learning: Learning = "personal+global",
) -> list[RankedCourse]:
    """Courses that close the target's gaps, best first; completed ones are left out."""
    skills = dict(profile.skills) if profile else {}
    completed = profile.completed if profile else frozenset()
    done = satisfied(catalog, profile)
    gaps = skill_gaps(target, skills)
    candidates: set[str] = {c.code for s in gaps for c in catalog.by_skill.get(s, [])}
    ranked: list[RankedCourse] = []
    for code in sorted(candidates):
        course = catalog.by_code[code]
        if code in completed:
            continue
        base, closes, fit, met = score_course(course, gaps, skills, done)
        if base <= 0:
            continue
        personal = prefs.personal(course) if prefs is not None and learning != "none" else 0.0
        prior = prefs.global_score(course) if prefs is not None and learning == "personal+global" else 0.0
        score = base + PERSONAL_WEIGHT * personal + GLOBAL_WEIGHT * prior
        ranked.append(
            RankedCourse(
                code=course.code,
                title=course.title,
                provider=course.provider,
                format=course.format,
                level=course.level,
                hours=float(course.hours),
                skills=tuple(course.skills or ()),
                prerequisites=tuple(course.prerequisites or ()),
                score=round(score, 4),
                reason=_reason(course, closes, skills, fit, met, personal, prior, profile is not None),
                closes=closes,
                prerequisites_met=met,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.hours, r.code))
    return ranked[:top]


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


def skill_target(skill: str) -> Target:
    """Working on one named skill."""
    return Target(skill, {skill: (1.0, REQUIRED_TARGET)}, explicit=True)


def role_target(role: Role, label: str | None = None) -> Target:
    """Getting ready for a role: its required skills count fully, nice-to-haves half."""
    skills: dict[str, tuple[float, int]] = {s: (0.5, NICE_TARGET) for s in role.nice_to_have_skills or []}
    skills.update({s: (1.0, REQUIRED_TARGET) for s in role.required_skills or []})
    return Target(label or role.title, skills, explicit=False)


def goals_target(catalog: Catalog, profile: Profile) -> Target | None:
    """No target named: the employee's goals first, then the next steps from their current role."""
    goal_skills, goal_families = goal_targets(catalog, profile.goals)
    skills: dict[str, tuple[float, int]] = {}
    labels: list[str] = []

    def add(skill: str, weight: float, wanted: int) -> None:
        old = skills.get(skill)
        if old is None or old[0] < weight:
            skills[skill] = (weight, max(wanted, old[1] if old else 0))

    steps = [(f, 0.8) for f in goal_families] + [(f, 0.5) for f, _ in next_families(catalog, profile.current_role)[:2]]
    for family, weight in steps:
        role = catalog.role_for_family(family, profile.seniority)
        if role is None:
            continue
        labels.append(family)
        for s in role.required_skills or []:
            add(s, weight, REQUIRED_TARGET)
        for s in role.nice_to_have_skills or []:
            add(s, weight * 0.5, NICE_TARGET)
    for skill in goal_skills:
        add(skill, 1.0, REQUIRED_TARGET)
    if not skills:
        return None
    label_parts = [f"learn {', '.join(goal_skills)}"] if goal_skills else []
    label_parts += [f"move towards {', '.join(dict.fromkeys(labels))}"] if labels else []
    return Target("your goals (" + "; ".join(label_parts) + ")", skills)


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
    target: Target | None = None
    role_title = ""
    if skill:
        name = resolve_skill(catalog, skill)
        if name is None:
            return TrainingAdvice("unknown_skill", personal, query=clean(skill)[:80],
                                  suggestions=skill_suggestions(catalog, skill))
        target = skill_target(name)
    elif role:
        lookup = resolve_target_role(session, catalog, role, profile.seniority if profile else None)
        if lookup.role is None:
            return TrainingAdvice("unknown_role", personal, query=lookup.query[:80],
                                  suggestions=list(lookup.suggestions))
        target = role_target(lookup.role)
        role_title = lookup.role.title
    else:
        in_text = role_in_text(session, catalog, text, profile.seniority if profile else None)
        mentioned = skills_in_text(catalog, text)
        if in_text.role is not None:
            target = role_target(in_text.role)
            role_title = in_text.role.title
        elif mentioned:
            target = skill_target(mentioned[0])
        elif profile is not None:
            target = goals_target(catalog, profile)
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
