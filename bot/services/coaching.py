"""What coaching answers share: the asker's own profile, the course/role catalog, skill and role lookup."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict, Unpack

from sqlmodel import Session, select

from bot.services.identity import Identity
from bot.services.parsing import normalise_level, target_phrases
from retrieval.roles import RoleLookup, drop_target_filler, role_at_level, split_level, target_role
from retrieval.taxonomy import Taxonomy
from store.models import CareerEdge, Course, CourseCompletion, Employee, EmployeeSkill, Role
from store.vocabulary import Seniority

MAX_INPUT_CHARS = 200


@dataclass(frozen=True)
class Profile:
    """An employee's own coaching facts: role family, level, skills with proficiency, finished courses."""

    employee_id: int
    current_role: str
    seniority: Seniority
    skills: dict[str, int]
    completed: frozenset[str]
    goals: tuple[str, ...] = ()


@dataclass
class Catalog:
    """The training catalog, roles and career graph, loaded once per answer (or per benchmark)."""

    courses: list[Course]
    roles: list[Role]
    edges: list[CareerEdge]
    taxonomy: Taxonomy
    by_code: dict[str, Course] = field(init=False)
    by_skill: dict[str, list[Course]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_code = {c.code: c for c in self.courses}
        self.by_skill = {}
        for course in self.courses:
            for skill in course.skills or []:
                self.by_skill.setdefault(skill, []).append(course)

    @property
    def families(self) -> list[str]:
        """Every role family, from roles and the career graph."""
        names = {r.family for r in self.roles} | {e.from_role for e in self.edges} | {e.to_role for e in self.edges}
        return sorted(names)

    def role_for_family(self, family: str, seniority: str | None = None) -> Role | None:
        """A representative role of a family: the one at (or nearest to) the given seniority."""
        return role_at_level(self.roles, family, seniority)


def load_catalog(session: Session) -> Catalog:
    """Courses, roles, career edges and the curated taxonomy (no ESCO, no embeddings: cheap)."""
    return Catalog(
        courses=list(session.exec(select(Course).order_by(Course.code)).all()),
        roles=list(session.exec(select(Role).order_by(Role.id)).all()),
        edges=list(session.exec(select(CareerEdge).order_by(CareerEdge.id)).all()),
        taxonomy=Taxonomy.from_session(session, esco=False),
    )


def load_profile(session: Session, identity: Identity) -> Profile | None:
    """The asker's own employee profile; None for unknown senders and users without one."""
    if identity.employee_id is None:
        return None
    employee = session.get(Employee, identity.employee_id)
    if employee is None or employee.id is None:
        return None
    skills = {
        s.skill: int(s.proficiency)
        for s in session.exec(select(EmployeeSkill).where(EmployeeSkill.employee_id == employee.id)).all()
    }
    done = session.exec(
        select(Course.code)
        .join(CourseCompletion, CourseCompletion.course_id == Course.id)
        .where(CourseCompletion.employee_id == employee.id)
    ).all()
    return Profile(
        employee_id=employee.id,
        current_role=employee.current_role,
        seniority=employee.seniority,
        skills=skills,
        completed=frozenset(done),
        goals=tuple(employee.goals or ()),
    )


def clean(text: str | None) -> str:
    """User text trimmed to something safe to look up (length-capped, single-spaced)."""
    return " ".join((text or "")[:MAX_INPUT_CHARS].split())


def resolve_skill(catalog: Catalog, term: str | None) -> str | None:
    """The canonical skill a typed term names (synonyms included), or None."""
    term = clean(term)
    if not term:
        return None
    hit = catalog.taxonomy.normalise(term)
    if hit and hit.skill in catalog.taxonomy:
        return hit.skill
    mentions = catalog.taxonomy.extract(term)
    return mentions[0].skill if mentions else None


def skill_suggestions(catalog: Catalog, term: str | None, n: int = 5) -> list[str]:
    """Skills spelled like the term, for 'did you mean'."""
    term = clean(term)
    if not term:
        return []
    by_key = {s.casefold(): s for s in catalog.taxonomy.skills}
    close = difflib.get_close_matches(term.casefold(), list(by_key), n=n, cutoff=0.6)
    return [by_key[c] for c in close]


def skills_in_text(catalog: Catalog, text: str | None) -> list[str]:
    """Canonical skills mentioned in a free-text message, in order."""
    out: list[str] = []
    for mention in catalog.taxonomy.extract(clean(text)):
        if mention.skill not in out:
            out.append(mention.skill)
    return out


def resolve_target_role(
    session: Session, catalog: Catalog, text: str | None, seniority: str | None = None
) -> RoleLookup:
    """A typed role: exact or partial catalog title, else a family name (at the asker's level), else suggestions."""
    return target_role(session, text, catalog.families, seniority, roles=catalog.roles)


def role_in_text(session: Session, catalog: Catalog, text: str | None, seniority: str | None = None) -> RoleLookup:
    """A role named in free text after "become", "move to", "path to", "for" ...; not found -> empty lookup."""
    for phrase in target_phrases(clean(text)):
        words = phrase.split()[:6]
        for n in range(len(words), 0, -1):  # "product manager please" -> "product manager"
            lookup = resolve_target_role(session, catalog, " ".join(words[:n]), seniority)
            if lookup.role is not None:
                return lookup
    return RoleLookup(clean(text)[:80])


class RoleQuestion(TypedDict, total=False):
    """What a coaching question about a role brings besides the role entity (the actions pass these)."""

    text: str
    seniority: str | None
    fallback_role: str | None
    catalog: Catalog | None


class AskedRole(NamedTuple):
    """A coaching question about a role, read: the catalog, the asker's profile, the role (None: none named)."""

    catalog: Catalog
    profile: Profile | None
    lookup: RoleLookup | None


def ask_about_role(
    session: Session, identity: Identity, role: str | None, **question: Unpack[RoleQuestion]
) -> AskedRole:
    """The role a coaching question is about: named, else written in the text, else the asker's own role
    family at a level the question names alone ("a lead role"), else `fallback_role` (an earlier turn's)."""
    catalog = question.get("catalog") or load_catalog(session)
    profile = load_profile(session, identity)
    asked_level = normalise_level(question.get("seniority"))
    seniority = asked_level or (profile.seniority if profile else None)
    if not (role and role.strip()):
        found = role_in_text(session, catalog, question.get("text", ""), seniority)
        if found.role is not None:
            role = found.role.title
        elif asked_level:
            own = catalog.role_for_family(profile.current_role, asked_level) if profile is not None else None
            role = own.title if own is not None else None
        else:
            role = question.get("fallback_role")
    if role and asked_level and split_level(role)[0] is None:
        role = f"{asked_level} {role}"  # "lead" + "data scientist": the level the message names, not the asker's
    lookup = resolve_target_role(session, catalog, role, seniority) if role and role.strip() else None
    return AskedRole(catalog, profile, lookup)


def goal_targets(catalog: Catalog, goals: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
    """Skills ("learn X") and role families ("become a Y") named in an employee's goals."""
    skills: list[str] = []
    families: list[str] = []
    by_key = {f.casefold(): f for f in catalog.families}
    titles = {r.title.casefold(): r.family for r in catalog.roles}
    for goal in goals:
        text = clean(goal)
        low = text.casefold()
        if low.startswith("learn "):
            skill = resolve_skill(catalog, text[6:])
            if skill and skill not in skills:
                skills.append(skill)
        elif low.startswith("become "):
            name = drop_target_filler(text[7:]).strip(" .!").casefold()
            family = titles.get(name) or by_key.get(name) or by_key.get(split_level(name)[1])
            if family and family not in families:
                families.append(family)
    return skills, families


def next_families(catalog: Catalog, family: str) -> list[tuple[str, float]]:
    """The next role families from here on the career graph, quickest first."""
    steps = [(e.to_role, float(e.typical_years)) for e in catalog.edges if e.from_role == family]
    return sorted(steps, key=lambda s: (s[1], s[0]))
