"""Normalising free text to canonical skills: synonyms first, embedding similarity for unknowns.

`Taxonomy.extract(text)` finds skill mentions (canonical names and synonyms, "torch" ->
PyTorch, "k8s" -> Kubernetes) with the sentence that contains each one, which is the evidence
shown to recruiters. `normalise(term)` maps one mention to a canonical skill: exact synonym
lookup (curated taxonomy, then ESCO), then the nearest skill phrase by embedding above a
similarity threshold. `expand(query)` lists the skills a query names, for query expansion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlmodel import Session, select

from store.models import Skill
from store.seeding.catalog import read_catalog

# Surface forms that are also ordinary words or first names: matched only with this exact case.
CASE_SENSITIVE = frozenset({"Go", "R", "Ray", "Julia", "Rust", "Node", "Dash", "Swift"})
# Bare forms that free text mostly uses for something else: looked up by `canonical()`, never
# extracted from free text (the longer synonyms still are). A first name ("Julia uses ..."); a task
# or a product feature, not the skill ("troubleshooting of SCOM" is not Problem Solving, "process
# documentation" is not Technical Writing, "gives flexibility to end users" is not Adaptability,
# "take ownership of issues", "factors influencing the project", "hiring managers", "sales
# forecasting"); and acronyms that mean another thing in resumes (SSL certificates, EDI messages,
# AWS Elastic MapReduce). Each was checked on the dev split of benchmarks/resumes.py.
NOT_EXTRACTED = frozenset({"Julia", "troubleshooting", "documentation", "flexibility", "Ownership", "influencing",
                           "hiring", "forecasting", "SSL", "EDI", "Elastic"})
# Where a surface form is not a skill claim whatever it names: employment on someone's payroll.
NOT_A_CLAIM = re.compile(r"\bon\s+(?:the|their|its|our|his|her)\s+payroll\b|\bpayroll\s+of\b", re.IGNORECASE)
EMBED_THRESHOLD = 0.72
EVIDENCE_CACHE = 4096  # resumes whose evidence a Taxonomy remembers (a few MB)

Nearest = Callable[[str, int], list[tuple[str, float]]]


@dataclass(frozen=True)
class Mention:
    """A skill named in a text: canonical name, the words used, and where."""

    skill: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Normalised:
    """A term mapped to a canonical skill, and how (synonym, esco, embedding)."""

    term: str
    skill: str
    method: str
    score: float = 1.0


@dataclass
class Expansion:
    """Skills a query names, and the extra words that describe them (for keyword search)."""

    query: str
    skills: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    via: dict[str, str] = field(default_factory=dict)  # skill -> how it was recognised

    def lexical_text(self) -> str:
        return " ".join([self.query, *self.terms])

    def dense_text(self) -> str:
        extra = [s for s in self.skills if s.casefold() not in self.query.casefold()]
        return f"{self.query} ({', '.join(extra)})" if extra else self.query


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences and lines, stripped of surrounding blanks and bullets."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        for part in re.finditer(r".+?(?:[.!?](?=\s|$)|$)", line.group()):
            s, e = base + part.start(), base + part.end()
            while s < e and text[s] in " \t-•*":
                s += 1
            while e > s and text[e - 1] in " \t":
                e -= 1
            if e > s:
                spans.append((s, e))
    return spans


class Taxonomy:
    """The skill vocabulary: canonical names, their synonyms, and a matcher over free text."""

    def __init__(
        self,
        skills: Iterable[tuple[str, Sequence[str], str]],
        extra_lookup: Iterable[tuple[str, Sequence[str]]] = (),
        nearest: Nearest | None = None,
    ) -> None:
        self.forms: dict[str, list[str]] = {}
        self.category: dict[str, str] = {}
        self._lookup: dict[str, str] = {}
        for name, synonyms, category in skills:
            forms = [name, *[s for s in synonyms if s and s.strip()]]
            self.forms[name] = forms
            self.category[name] = category
            for form in forms:
                self._lookup.setdefault(_key(form), name)
        self._esco: dict[str, str] = {}
        for name, synonyms in extra_lookup:
            for form in (name, *synonyms):
                self._esco.setdefault(_key(form), name)
        self.nearest = nearest
        self._matchers = self._compile()
        self._remembered_evidence = lru_cache(maxsize=EVIDENCE_CACHE)(self._find_evidence)

    # -- construction ------------------------------------------------------------------------------
    @classmethod
    def from_session(cls, session: Session, *, nearest: Nearest | None = None, esco: bool = True) -> "Taxonomy":
        """Curated skills from the store (the catalog file when the store has none), ESCO for lookup."""
        curated = session.exec(select(Skill).where(Skill.source == "curated")).all()
        if curated:
            rows = [(s.name, list(s.synonyms or []), s.category) for s in curated]
        else:
            rows = catalog_skills()
        extra: list[tuple[str, list[str]]] = []
        if esco:
            extra = [(s.name, list(s.synonyms or [])) for s in session.exec(select(Skill).where(Skill.source == "esco"))]
        return cls(rows, extra, nearest=nearest)

    def _compile(self) -> tuple[dict[tuple[str, ...], list[tuple[str, str, bool]]], dict[str, int]]:
        """Surface forms keyed by their token sequence (a phrase lookup, no big regex)."""
        table: dict[tuple[str, ...], list[tuple[str, str, bool]]] = {}
        longest: dict[str, int] = {}  # first token -> longest form starting with it
        for name, forms in self.forms.items():
            for form in forms:
                key = tuple(t for t, _, _ in _tokens(form))
                if not key or form in NOT_EXTRACTED:
                    continue
                sensitive = form in CASE_SENSITIVE or len(form) <= 2
                table.setdefault(key, []).append((name, form, sensitive))
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
        return table, longest

    # -- lookups -------------------------------------------------------------------------------------
    @property
    def skills(self) -> list[str]:
        return list(self.forms)

    def __contains__(self, name: object) -> bool:
        return name in self.forms

    def canonical(self, term: str) -> str | None:
        """The curated skill this exact term names (case and punctuation insensitive)."""
        return self._lookup.get(_key(term))

    def surface_forms(self, skill: str) -> list[str]:
        return list(self.forms.get(skill, [skill]))

    def normalise(self, term: str, *, threshold: float = EMBED_THRESHOLD) -> Normalised | None:
        """Canonical skill for a free-text term: synonym, ESCO label, then embedding similarity."""
        term = " ".join(term.split())
        if not term:
            return None
        hit = self.canonical(term)
        if hit:
            return Normalised(term, hit, "synonym")
        mentions = self.extract(term)
        if len(mentions) == 1 and (mentions[0].end - mentions[0].start) >= 0.6 * len(term):
            return Normalised(term, mentions[0].skill, "synonym")
        esco = self._esco.get(_key(term))
        if esco:
            return Normalised(term, esco, "esco")
        if self.nearest is not None:
            for skill, score in self.nearest(term, 1):
                if score >= threshold:
                    return Normalised(term, skill, "embedding", round(float(score), 3))
        return None

    # -- free text -----------------------------------------------------------------------------------
    def extract(self, text: str) -> list[Mention]:
        """Every skill mention in `text`, longest phrase first at each position, in text order."""
        table, longest = self._matchers
        toks = _tokens(text)
        words = [t for t, _, _ in toks]
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            step = 1
            for n in range(min(longest.get(words[i], 0), len(toks) - i), 0, -1):
                options = table.get(tuple(words[i : i + n]))
                if not options:
                    continue
                start, end = toks[i][1], toks[i + n - 1][2]
                surface = text[start:end]
                if _joined_letter(text, start, end):
                    continue
                hit = next((o for o in options if (not o[2] or _same_case(surface, o[1]))
                            and _same_joints(text, toks[i : i + n], o[1])), None)
                if hit is not None:
                    found.append(Mention(hit[0], surface, start, end))
                    step = n
                    break
            i += step
        if found and NOT_A_CLAIM.search(text):
            blocked = [m.span() for m in NOT_A_CLAIM.finditer(text)]
            found = [m for m in found if not any(s <= m.start < e for s, e in blocked)]
        return found

    def evidence(self, text: str) -> dict[str, str]:
        """Skill -> the first sentence (an exact substring of `text`) that mentions it.

        Remembered for the last EVIDENCE_CACHE texts: search and "show more" read the same resumes
        again on every page, and a resume that changes is a new text.
        """
        return dict(self._remembered_evidence(text))

    def _find_evidence(self, text: str) -> dict[str, str]:
        """`evidence` without the memory."""
        spans = sentences(text)
        out: dict[str, str] = {}
        for mention in self.extract(text):
            if mention.skill in out:
                continue
            for s, e in spans:
                if s <= mention.start < e:
                    out[mention.skill] = text[s:e]
                    break
            else:
                out[mention.skill] = text[max(0, mention.start - 60) : mention.end + 60].strip()
        return out

    def expand(self, query: str, *, use_embeddings: bool = True) -> Expansion:
        """Skills named in a query (synonyms, else embedding similarity) and their other names."""
        exp = Expansion(query=query)
        for mention in self.extract(query):
            if mention.skill not in exp.skills:
                exp.skills.append(mention.skill)
                exp.via[mention.skill] = "synonym"
        if not exp.skills and use_embeddings and self.nearest is not None and 0 < len(query.split()) <= 6:
            for skill, score in self.nearest(query, 1):
                if score >= EMBED_THRESHOLD:
                    exp.skills.append(skill)
                    exp.via[skill] = f"embedding {score:.2f}"
        lowered = query.casefold()
        for skill in exp.skills:
            for form in self.forms.get(skill, [skill]):
                if form.casefold() not in lowered and form not in exp.terms:
                    exp.terms.append(form)
        return exp

    def skill_documents(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(id, text, metadata) per surface form, for the taxonomy's vector index."""
        docs = []
        for name, forms in sorted(self.forms.items()):
            for k, form in enumerate(forms):
                docs.append((f"{name}#{k}", form, {"skill": name, "form": form}))
        return docs


_TOKEN = re.compile(r"[\w+#]+(?:[.\-/'][\w+#]+)*")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased token, start, end); compounds like node.js, ci/cd, c++ stay one token."""
    return [(m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _joints(text: str, toks: Sequence[tuple[str, int, int]]) -> list[str]:
    """What joins consecutive tokens, spaces and hyphens aside: '' in "machine learning", '&' in "L&D"."""
    return [re.sub(r"[\s\-]+", "", text[a[2] : b[1]]) for a, b in zip(toks, toks[1:])]


def _same_joints(text: str, toks: Sequence[tuple[str, int, int]], form: str) -> bool:
    """The text joins the tokens as the form does: "application, security" is two items, not Application Security."""
    return _joints(text, toks) == _joints(form, _tokens(form))


def _joined_letter(text: str, start: int, end: int) -> bool:
    """A one-letter form glued to '&' is part of an abbreviation ("R&D", "R&A"), not the language."""
    return end - start == 1 and (text[end : end + 1] == "&" or text[start - 1 : start] == "&")


def _same_case(surface: str, form: str) -> bool:
    return " ".join(re.findall(r"[\w+#./\-']+", surface)) == " ".join(re.findall(r"[\w+#./\-']+", form))


def _key(term: str) -> str:
    return re.sub(r"[\s_]+", " ", term.casefold()).strip(" .,;:")


@lru_cache(maxsize=1)
def _catalog_rows() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    return tuple((s["name"], tuple(s["synonyms"]), s["category"]) for s in read_catalog().skills)


def catalog_skills() -> list[tuple[str, list[str], str]]:
    """Curated skills straight from data/catalog/skills.yml (for a store without a catalog)."""
    return [(n, list(s), c) for n, s, c in _catalog_rows()]
