"""Courses ranked for one target: the gap they close, level fit, prerequisites, and feedback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.services.coaching import Catalog, Profile
from bot.services.feedback import Preferences
from bot.services.training_targets import Target
from store.models import Course

LEVELS = ("beginner", "intermediate", "advanced")
MIN_ASKED_GAP = 0.2  # an expert who asks about their own skill still gets advanced courses
WEIGHTS = {"gap": 0.6, "level": 0.25, "prereq": 0.15}
PERSONAL_WEIGHT = 0.35
GLOBAL_WEIGHT = 0.2
UNMET_PREREQ = 0.3  # prerequisite factor when some prerequisite is not done yet
MASTERY = {"beginner": 3, "intermediate": 4, "advanced": 5}  # proficiency that makes a course's content known

Learning = Literal["none", "personal", "personal+global"]


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
