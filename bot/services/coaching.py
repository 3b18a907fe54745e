"""What coaching answers share: the asker's own profile, the course/role catalog, skill and role lookup."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from bot.services.identity import Identity
from store.models import CareerEdge, Course, CourseCompletion, Employee, EmployeeSkill, Role
from retrieval.filters import UnknownRole, resolve_role
from retrieval.taxonomy import Taxonomy

SENIORITY_ORDER = ("junior", "mid", "senior", "lead", "principal")
MAX_INPUT_CHARS = 200
FIELD_TO_ROLE = {"engineering": "engineer", "science": "scientist"}  # "move into data science"
ABBREVIATIONS = {"ml": "machine learning", "dl": "deep learning", "cv": "computer vision", "pm": "product manager",
                 "hrbp": "hr business partner", "ds": "data scientist"}
_FILLER = re.compile(
    r"^(?:(?:i\s+want\s+to|i'd\s+like\s+to|to|become|becoming|be|a|an|the|as|role|of|my|next)\s+)+", re.IGNORECASE
)


_LEVEL_WORD = re.compile(r"^(junior|mid|senior|lead|principal|staff)\s+(?=\S)", re.IGNORECASE)


def split_level(title: str) -> tuple[str | None, str]:
    """'Senior Data Analyst' -> ('senior', 'Data Analyst'); titles without a level word stay whole."""
    match = _LEVEL_WORD.match(title)
    if not match:
        return None, title
    level = match.group(1).casefold()
    return ("senior" if level == "staff" else level), title[match.end():]


@dataclass(frozen=True)
class Profile:
    """An employee's own coaching facts: role family, level, skills with proficiency, finished courses."""

    employee_id: int
    current_role: str
    seniority: str
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
        options = [r for r in self.roles if r.family == family]
        if not options:
            return None
        want = SENIORITY_ORDER.index(seniority) if seniority in SENIORITY_ORDER else 1
        return min(
            options,
            key=lambda r: (abs((SENIORITY_ORDER.index(r.seniority) if r.seniority in SENIORITY_ORDER else 1) - want),
                           not r.is_open, r.title),
        )


@dataclass(frozen=True)
class RoleLookup:
    """A typed role resolved to a catalog role and its family, or names to suggest instead."""

    query: str
    role: Role | None = None
    family: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.role is not None


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
    query = clean(text)
    wanted = _FILLER.sub("", query).strip(" ?.!")
    if not wanted:
        return RoleLookup(query)
    try:
        role = resolve_role(session, wanted)
        return RoleLookup(query, role, role.family)
    except UnknownRole as err:
        suggestions = list(err.suggestions)
    families = {f.casefold(): f for f in catalog.families}
    level, bare = split_level(wanted)
    seniority = level or seniority
    singular = bare.casefold()[:-1] if bare.casefold().endswith("s") else None
    expanded = " ".join(FIELD_TO_ROLE.get(w, ABBREVIATIONS.get(w, w)) for w in bare.casefold().split())
    family = families.get(bare.casefold()) or (families.get(singular) if singular else None) or families.get(expanded)
    if family is None:
        close = difflib.get_close_matches(expanded, list(families), n=1, cutoff=0.9)
        family = families[close[0]] if close else None
    if family is not None:
        role = catalog.role_for_family(family, seniority)
        if role is not None:
            return RoleLookup(query, role, family)
    close = difflib.get_close_matches(wanted.casefold(), list(families), n=3, cutoff=0.5)
    close_families = [families[c] for c in close]
    merged = list(dict.fromkeys([*close_families, *suggestions]))[:5]
    return RoleLookup(query, None, None, tuple(merged))


_TOWARDS = re.compile(
    r"\b(?:become|becoming|be|move\s+(?:in)?to|switch\s+to|transition\s+to|path\s+to|get\s+to|for)\s+"
    r"(?:an?\s+|the\s+)?([\w][\w ,&/+-]{1,80}?)\s*(?:[?.!]|$|\s+(?:role|position|job|in|by|within)\b)",
    re.IGNORECASE,
)


def role_in_text(session: Session, catalog: Catalog, text: str | None, seniority: str | None = None) -> RoleLookup:
    """A role named in free text after "become", "move to", "path to", "for" ...; not found -> empty lookup."""
    for match in _TOWARDS.finditer(clean(text)):
        words = match.group(1).split()[:6]
        for n in range(len(words), 0, -1):  # "product manager please" -> "product manager"
            lookup = resolve_target_role(session, catalog, " ".join(words[:n]), seniority)
            if lookup.role is not None:
                return lookup
    return RoleLookup(clean(text)[:80])


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
            name = _FILLER.sub("", text[7:]).strip(" .!").casefold()
            family = titles.get(name) or by_key.get(name) or by_key.get(split_level(name)[1])
            if family and family not in families:
                families.append(family)
    return skills, families


def next_families(catalog: Catalog, family: str) -> list[tuple[str, float]]:
    """The next role families from here on the career graph, quickest first."""
    steps = [(e.to_role, float(e.typical_years)) for e in catalog.edges if e.from_role == family]
    return sorted(steps, key=lambda s: (s[1], s[0]))
