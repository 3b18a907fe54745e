"""One role resolver: the catalog role typed text names and how it was found, or titles to suggest.

Each entry point keeps the steps its callers have always taken:
- `resolve_role`: a title in any case, a role id, or a partial title only one role has (filters, CLI).
- `find_role`: a role entity or slot: filler dropped, abbreviations spelled out, then a role family.
- `match_role`: a recruiter's wording: aliases, spelling mistakes, then meaning (`nearest`, by embedding).
- `target_role`: a coaching target: a title, else a family at the asker's level.
- `role_in_text`: the longest catalog title written out in a message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from retrieval.errors import UnknownRole
from store.models import Role
from store.vocabulary import Seniority, fold, level_words

MAX_QUERY_CHARS = 200
MAX_ROLE_CHARS = 120
FUZZY_CUTOFF = 0.86
SEMANTIC_MIN = 0.55
SEMANTIC_MARGIN = 0.04

# The ids and similarities of the roles nearest a text by meaning, best first (the bot's roles index).
Nearest = Callable[[str, int], list[tuple[str, float]]]

# Spelled out word by word before matching, in three widening tiers: coaching targets take the first, role
# entities the second, a recruiter's wording all (each keeps the table it always had: a coaching target's
# fuzzy family match reads "jr analytics engineer" better unexpanded). Level abbreviations: vocabulary.yml.
TARGET_ALIASES = {"ml": "machine learning", "dl": "deep learning", "cv": "computer vision", "ds": "data scientist",
                  "pm": "product manager", "hrbp": "hr business partner"}
ENTITY_ALIASES = {**TARGET_ALIASES, "de": "data engineer", "l&d": "learning and development",
                  **{word: level.value for word, level in level_words("abbreviation").items()}}
ALIASES: dict[str, str] = {
    **ENTITY_ALIASES, "da": "data analyst", "swe": "software engineer", "fe": "frontend engineer",
    "be": "backend engineer", "ta": "talent acquisition", "front-end": "frontend", "back-end": "backend",
    "mle": "machine learning engineer", "eng": "engineer", "dev": "engineer", "developer": "engineer",
    "scientists": "scientist", "engineers": "engineer", "analysts": "analyst", "recruiters": "recruiter",
    "managers": "manager", "partners": "partner", "leads": "lead",
}
FIELDS = {"engineering": "engineer", "science": "scientist"}  # a coaching target's field: "move into data science"
_WORD = re.compile(r"[\w&+#]+(?:[.-][\w&+#]+)*")
_ENTITY_FILLER = frozenset("the a an role roles position job opening for of our this that".split())
_REQUEST_FILLER = re.compile(
    r"\b(the|a|an|role|roles|opening|openings|position|positions|job|vacancy|for|our|new|open)\b", re.I
)
_TARGET_FILLER = re.compile(
    r"^(?:(?:i\s+want\s+to|i'd\s+like\s+to|to|become|becoming|be|a|an|the|as|role|of|my|next)\s+)+", re.IGNORECASE
)
_LEADING_WORD = re.compile(r"(\S+)\s+(?=\S)")
_TARGET_LEVELS = level_words("target")


@dataclass
class RoleLookup:
    """What typed text resolved to: a role and how (exact | alias | family | fuzzy | semantic), or titles to offer."""

    query: str
    role: Role | None = None
    how: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.role is not None

    @property
    def family(self) -> str | None:
        """The family of the role found, None when none was."""
        return self.role.family if self.role is not None else None


def clean_role_text(text: str) -> str:
    """The words of a typed role without filler ("the", "role", "position") and extra spaces."""
    words = _WORD.findall((text or "")[:MAX_QUERY_CHARS])
    return " ".join(w for w in words if w.casefold() not in _ENTITY_FILLER)


def spell_out(text: str, aliases: dict[str, str] = ALIASES) -> str:
    """Aliases written out word by word: "sr ml engineer" -> "senior machine learning engineer"."""
    return " ".join(aliases.get(w.casefold(), w) for w in text.split())


def normalise_role_text(text: str) -> str:
    """"sr ML engineers role" -> "senior machine learning engineer": aliases expanded, filler dropped."""
    return spell_out(_REQUEST_FILLER.sub(" ", (text or "")[:MAX_ROLE_CHARS]))


def drop_target_filler(text: str) -> str:
    """"I want to become a data scientist" -> "data scientist": the lead-in of a coaching target dropped."""
    return _TARGET_FILLER.sub("", text)


def split_level(title: str) -> tuple[Seniority | None, str]:
    """'Senior Data Analyst' -> (senior, 'Data Analyst'); titles without a leading level word stay whole."""
    match = _LEADING_WORD.match(title)
    level = _TARGET_LEVELS.get(match.group(1).casefold()) if match else None
    return (level, title[match.end():]) if match and level else (None, title)


def catalog_roles(session: Session) -> list[Role]:
    """Every role, by id: what each resolution looks through."""
    return list(session.exec(select(Role).order_by(Role.id)))


def titled(roles: Sequence[Role], title: str) -> Role:
    """The role with this title (case-insensitive), id, or unique partial title; else UnknownRole with close titles."""
    wanted = " ".join(title.split()).casefold()
    exact = [r for r in roles if r.title.casefold() == wanted]
    if exact:
        return exact[0]
    if wanted.isdigit():
        by_id = [r for r in roles if r.id == int(wanted)]
        if by_id:
            return by_id[0]
    partial = [r for r in roles if wanted and wanted in r.title.casefold()]
    if len(partial) == 1:
        return partial[0]
    close = difflib.get_close_matches(title, [r.title for r in roles], n=5, cutoff=0.5)
    close += [r.title for r in partial if r.title not in close]
    raise UnknownRole(f"no role titled {title!r}", close[:5])


def resolve_role(session: Session, title: str) -> Role:
    """The role with this title (case-insensitive; a role id or a unique partial match is accepted)."""
    return titled(catalog_roles(session), title)


def _titled_or_none(roles: Sequence[Role], title: str) -> Role | None:
    try:
        return titled(roles, title) if title.strip() else None
    except UnknownRole:
        return None


def find_role(session: Session, text: str | None) -> RoleLookup:
    """The catalog role `text` names (exact, partial, family or abbreviation), or suggestions."""
    lookup = RoleLookup(query=clean_role_text(text or ""))
    if not lookup.query:
        return lookup
    roles = catalog_roles(session)
    suggestions: list[str] = []
    spelled = spell_out(lookup.query, ENTITY_ALIASES)
    for attempt in dict.fromkeys([lookup.query, spelled]):
        try:
            lookup.role, lookup.how = titled(roles, attempt), "exact" if attempt == lookup.query else "alias"
            return lookup
        except UnknownRole as exc:
            suggestions += [s for s in exc.suggestions if s not in suggestions]
    lookup.role = family_role(roles, spelled)
    if lookup.role is not None:
        lookup.how = "family"
        return lookup
    lookup.suggestions = suggestions[:5]
    return lookup


def family_role(roles: Sequence[Role], family: str) -> Role | None:
    """The role whose family is `family`: its title-equal role, else its first open role, else its first."""
    wanted = fold(family)
    own = [r for r in roles if fold(r.family) == wanted]
    same = [r for r in own if fold(r.title) == wanted]
    return (same or [r for r in own if r.is_open] or own or [None])[0]


def match_role(session: Session, typed: str, nearest: Nearest | None = None) -> RoleLookup:
    """Exact or partial title, then aliases ("ML engineer"), fuzzy spelling, then meaning; else suggestions."""
    found = RoleLookup(" ".join((typed or "").split())[:MAX_ROLE_CHARS])
    typed = found.query
    if not re.search(r"[^\W_]", typed) or typed.isdigit():
        return found  # nothing to go on; a bare number is a list position, not a role id
    roles = catalog_roles(session)
    expanded = normalise_role_text(typed)
    for attempt, how in ((typed, "exact"), (expanded, "alias")):
        role = _titled_or_none(roles, attempt) if how == "exact" or expanded.casefold() != typed.casefold() else None
        if role is not None:
            found.role, found.how = role, how
            return found
    titles = {fold(r.title): r for r in roles}
    close = difflib.get_close_matches(fold(expanded or typed), list(titles), n=3, cutoff=FUZZY_CUTOFF)
    if len(close) == 1 or (close and difflib.SequenceMatcher(None, fold(expanded), close[0]).ratio() >= 0.93):
        found.role, found.how = titles[close[0]], "fuzzy"
        return found
    compact = re.sub(r"[\s\-_.]+", "", fold(typed))
    partial = sorted((r.title for r in roles if (fold(expanded) and fold(expanded) in fold(r.title))
                      or (len(compact) >= 4 and compact in re.sub(r"[\s\-_.]+", "", fold(r.title)))), key=len)
    semantic: list[str] = []
    if not partial and nearest is not None:
        role, semantic = _by_meaning(nearest(expanded or typed, 5), roles)
        if role is not None:
            found.role, found.how = role, "semantic"
            return found
    found.suggestions = list(dict.fromkeys([*partial, *(titles[c].title for c in close), *semantic]))[:5]
    return found


def _by_meaning(hits: list[tuple[str, float]], roles: Sequence[Role]) -> tuple[Role | None, list[str]]:
    """A clear winner among the nearest titles by meaning, else the close ones."""
    by_id = {str(r.id): r for r in roles}
    ranked = [(by_id[i], s) for i, s in hits if i in by_id]
    if not ranked:
        return None, []
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= SEMANTIC_MIN and score - runner >= SEMANTIC_MARGIN:
        return best, []
    return None, [r.title for r, s in ranked if s >= SEMANTIC_MIN - 0.15][:5]


def role_at_level(roles: Iterable[Role], family: str, seniority: str | None = None) -> Role | None:
    """A representative role of a family: the one at (or nearest to) the given seniority, open ones first."""
    options = [r for r in roles if r.family == family]
    if not options:
        return None

    def rank(level: str | None) -> int:
        known = Seniority.of(level)
        return known.rank if known is not None else Seniority.mid.rank

    want = rank(seniority)
    return min(options, key=lambda r: (abs(rank(r.seniority) - want), not r.is_open, r.title))


def target_role(
    session: Session, text: str | None, families: Iterable[str], seniority: str | None = None,
    roles: Sequence[Role] | None = None,
) -> RoleLookup:
    """A typed target: exact or partial title, else a family name (at the asker's level), else suggestions."""
    query = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    wanted = drop_target_filler(query).strip(" ?.!")
    if not wanted:
        return RoleLookup(query)
    roles = catalog_roles(session) if roles is None else roles
    try:
        return RoleLookup(query, titled(roles, wanted), "exact")
    except UnknownRole as err:
        suggestions = list(err.suggestions)
    by_key = {f.casefold(): f for f in families}
    level, bare = split_level(wanted)
    low = bare.casefold()
    expanded = spell_out(low, {**TARGET_ALIASES, **FIELDS})
    family = by_key.get(low) or (by_key.get(low[:-1]) if low.endswith("s") else None) or by_key.get(expanded)
    if family is None:
        close = difflib.get_close_matches(expanded, list(by_key), n=1, cutoff=0.9)
        family = by_key[close[0]] if close else None
    role = role_at_level(roles, family, level or seniority) if family is not None else None
    if role is not None:
        return RoleLookup(query, role, "family")
    close_families = [by_key[c] for c in difflib.get_close_matches(wanted.casefold(), list(by_key), n=3, cutoff=0.5)]
    return RoleLookup(query, None, "", list(dict.fromkeys([*close_families, *suggestions]))[:5])


def role_in_text(session: Session, text: str) -> Role | None:
    """The longest catalog title written out in a message (when NLU missed the role entity)."""
    folded = f" {' '.join(_WORD.findall(fold((text or '')[:2000])))} "
    best: Role | None = None
    for role in catalog_roles(session):
        title = " ".join(fold(role.title).split())
        if f" {title} " in folded and (best is None or len(role.title) > len(best.title)):
            best = role
    return best
