"""Skill gap: the asker's own skills against what a target role needs, with a course for each gap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Unpack

from sqlmodel import Session

from bot.services.coaching import Catalog, Profile, RoleQuestion, ask_about_role, goal_targets, resolve_target_role
from bot.services.feedback import Preferences, load_preferences
from bot.services.identity import Identity
from bot.services.training import rank_courses, skill_target
from store.models import Role

WEAK_BELOW = 3  # proficiency 1-2 counts as weak

Importance = Literal["required", "nice_to_have"]
GapStatus = Literal["have", "weak", "missing"]
Status = Literal["ok", "no_profile", "unknown_role", "no_role"]


@dataclass(frozen=True)
class GapItem:
    """One skill a role asks for, and where the asker stands on it."""

    skill: str
    importance: Importance
    status: GapStatus
    proficiency: int  # 0 = not on the profile
    course_code: str = ""
    course_title: str = ""


@dataclass
class SkillGapReport:
    """What the asker has, lacks and should strengthen for a role; or why there is no report."""

    status: Status
    role_title: str = ""
    family: str = ""
    items: list[GapItem] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    query: str = ""
    requirements: list[tuple[str, Importance]] = field(default_factory=list)  # without a profile

    @property
    def have(self) -> list[GapItem]:
        return [i for i in self.items if i.status == "have"]

    @property
    def missing(self) -> list[GapItem]:
        return [i for i in self.items if i.status == "missing"]

    @property
    def weak(self) -> list[GapItem]:
        return [i for i in self.items if i.status == "weak"]

    @property
    def gaps(self) -> list[GapItem]:
        """Missing and weak skills, most important first."""
        return [i for i in self.items if i.status != "have"]


def requirements(role: Role, normalise: Catalog | None = None) -> list[tuple[str, Importance]]:
    """The role's skills, required first, taxonomy-normalised and without duplicates."""
    out: list[tuple[str, Importance]] = []
    seen: set[str] = set()
    groups = ((role.required_skills or [], "required"), (role.nice_to_have_skills or [], "nice_to_have"))
    for names, importance in groups:
        for name in names:
            skill = name
            if normalise is not None:
                hit = normalise.taxonomy.canonical(name)
                skill = hit or name
            if skill not in seen:
                seen.add(skill)
                out.append((skill, importance))  # type: ignore[arg-type]
    return out


def compare(skills: dict[str, int], needs: list[tuple[str, Importance]]) -> list[GapItem]:
    """Have / weak / missing per needed skill; gaps ranked required first, then by lowest proficiency."""
    items = []
    for skill, importance in needs:
        level = skills.get(skill, 0)
        status: GapStatus = "missing" if level == 0 else "weak" if level < WEAK_BELOW else "have"
        items.append(GapItem(skill, importance, status, level))
    order = {"missing": 0, "weak": 1, "have": 2}
    rank = {"required": 0, "nice_to_have": 1}
    return sorted(
        items,
        key=lambda i: (i.status == "have", rank[i.importance], order[i.status], i.proficiency,
                       needs.index((i.skill, i.importance))),
    )


def with_courses(
    items: list[GapItem], catalog: Catalog, profile: Profile | None, prefs: Preferences | None
) -> list[GapItem]:
    """Each gap gets its best course (feedback-aware); skills already had stay as they are."""
    out = []
    for item in items:
        if item.status == "have":
            out.append(item)
            continue
        best = rank_courses(catalog, skill_target(item.skill), profile, prefs, top=1)
        if best:
            item = GapItem(item.skill, item.importance, item.status, item.proficiency, best[0].code, best[0].title)
        out.append(item)
    return out


def skill_gap(
    session: Session, identity: Identity, role: str | None, **question: Unpack[RoleQuestion]
) -> SkillGapReport:
    """The asker's gap to a role: named, else found in the text, else `fallback_role`, else their goal."""
    catalog, profile, lookup = ask_about_role(session, identity, role, **question)
    if lookup is not None:
        if lookup.role is None:
            return SkillGapReport("unknown_role", suggestions=list(lookup.suggestions), query=lookup.query[:80])
    elif profile is not None:
        _, families = goal_targets(catalog, profile.goals)
        goal_role = catalog.role_for_family(families[0], profile.seniority) if families else None
        if goal_role is None:
            return SkillGapReport("no_role", suggestions=_role_options(catalog, profile))
        lookup = resolve_target_role(session, catalog, goal_role.title)
    else:
        return SkillGapReport("no_profile", suggestions=_role_options(catalog, None))
    target = lookup.role
    assert target is not None
    needs = requirements(target, catalog)
    if profile is None:
        return SkillGapReport("no_profile", target.title, target.family, requirements=needs, query=lookup.query[:80])
    prefs = load_preferences(session, identity.handle, catalog.by_code)
    items = with_courses(compare(profile.skills, needs), catalog, profile, prefs)
    return SkillGapReport("ok", target.title, target.family, items)


def _role_options(catalog: Catalog, profile: Profile | None) -> list[str]:
    """Roles to offer when none was named: next steps from the asker's role, else open roles."""
    if profile is not None:
        nxt = [e.to_role for e in catalog.edges if e.from_role == profile.current_role]
        if nxt:
            return nxt[:5]
    return [r.title for r in catalog.roles if r.is_open][:5]
