"""What an employee's training works towards: a named skill, a target role, or their goals and next steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session

from bot.services.coaching import (
    Catalog,
    Profile,
    clean,
    goal_targets,
    next_families,
    resolve_skill,
    resolve_target_role,
    role_in_text,
    skill_suggestions,
    skills_in_text,
)
from store.models import Role

REQUIRED_TARGET = 4  # proficiency a required (or asked-for) skill should reach
NICE_TARGET = 3


@dataclass(frozen=True)
class Target:
    """Skills to work towards, each with a weight (importance) and the proficiency to reach."""

    label: str
    skills: dict[str, tuple[float, int]]  # skill -> (weight, wanted proficiency)
    explicit: bool = False  # asked for by name (not derived from goals)


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


@dataclass(frozen=True)
class TargetChoice:
    """The target an ask names (None: nothing to aim at), or why the skill or role it names is unknown."""

    target: Target | None
    role_title: str = ""
    unknown: Literal["", "unknown_skill", "unknown_role"] = ""
    query: str = ""
    suggestions: list[str] = field(default_factory=list)


def choose_target(session: Session, catalog: Catalog, profile: Profile | None, *, skill: str | None = None,
                  role: str | None = None, text: str = "") -> TargetChoice:
    """A named skill, else a named role, else the message text (a role after "become", a skill), else goals."""
    seniority = profile.seniority if profile else None
    if skill:
        name = resolve_skill(catalog, skill)
        if name is None:
            return TargetChoice(None, unknown="unknown_skill", query=clean(skill)[:80],
                                suggestions=skill_suggestions(catalog, skill))
        return TargetChoice(skill_target(name))
    if role:
        lookup = resolve_target_role(session, catalog, role, seniority)
        if lookup.role is None:
            return TargetChoice(None, unknown="unknown_role", query=lookup.query[:80],
                                suggestions=list(lookup.suggestions))
        return TargetChoice(role_target(lookup.role), lookup.role.title)
    in_text = role_in_text(session, catalog, text, seniority)
    mentioned = skills_in_text(catalog, text)
    if in_text.role is not None:
        return TargetChoice(role_target(in_text.role), in_text.role.title)
    if mentioned:
        return TargetChoice(skill_target(mentioned[0]))
    return TargetChoice(goals_target(catalog, profile) if profile is not None else None)
