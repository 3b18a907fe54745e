"""Free-text resumes in several voices, with skills often written as synonyms or paraphrases.

Exact keyword search must not be enough to find people, so a skill is frequently mentioned by
one of its synonyms ("k8s", "built models with torch") rather than its canonical name. Every
skill is mentioned in exactly one sentence, which becomes that skill's evidence.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.seeding.careers import fill
from store.seeding.catalog_files import CATALOG_DIR, read_yaml

SYNONYM_RATE = 0.55
CLAUSE_RATE = 0.5
LOWERCASE_RATE = 0.3
# A synonym starting with one of these is a clause ("built models with torch"), not a noun phrase.
CLAUSE_VERBS = frozenset(
    "built trained deployed wrote designed ran led managed mentored matched predicted recruited shipped "
    "exported published open-sourced owned".split()
)
STYLES = ("first_person", "bullets", "terse", "third_person")
STYLE_WEIGHTS = (0.35, 0.3, 0.15, 0.2)

_HOBBIES = ("climbing", "chess", "running", "photography", "cooking", "football", "choir singing", "cycling",
            "board games", "volunteering as a coding mentor", "sailing", "reading science fiction")


@dataclass(frozen=True)
class Voice:
    """How one resume style names skills: (how many skills, template) sentences, and clause templates."""

    sentences: tuple[tuple[int, str], ...]
    clauses: tuple[str, ...]


def read_voices(path: Path = CATALOG_DIR / "resume_voices.yml") -> dict[str, Voice]:
    """The resume voices of data/catalog/resume_voices.yml, by style."""
    voices = read_yaml(path, "voices")
    return {style: Voice(tuple((int(n), str(t)) for n, t in v["sentences"]), tuple(v["clauses"]))
            for style, v in voices.items()}


VOICES = read_voices()


@dataclass(frozen=True)
class SkillForms:
    """How a skill can be written: noun phrases (name, synonyms) and clause paraphrases."""

    canonical: str
    nouns: tuple[str, ...]
    clauses: tuple[str, ...]
    force_synonym: bool = False


def skill_forms(name: str, synonyms: Sequence[str]) -> SkillForms:
    """Split a skill's synonyms into noun phrases and verb-led clauses."""
    nouns = tuple(s for s in synonyms if s.split()[0].lower() not in CLAUSE_VERBS)
    clauses = tuple(s for s in synonyms if s.split()[0].lower() in CLAUSE_VERBS)
    return SkillForms(name, nouns, clauses, force_synonym=name.endswith(" Language") and bool(nouns))


@dataclass(frozen=True)
class ResumeFacts:
    """What the resume says about the person, besides skills."""

    first: str
    full_name: str
    title: str
    city: str
    years: float
    company: str
    contexts: tuple[str, ...]
    outcomes: tuple[str, ...]
    history: Sequence[dict[str, Any]]
    education: Sequence[dict[str, Any]]
    remote_policy: str


def with_article(phrase: str) -> str:
    """'a senior data scientist', 'an NLP engineer', 'an MLOps engineer' (by sound, not spelling)."""
    word = phrase.split()[0] if phrase.split() else ""
    spelled = word[:2].isupper() and word[:1] in "AEFHILMNORSX"
    vowel = word[:1].lower() in "aeiou" and not word[:2].isupper()
    return f"{'an' if spelled or vowel else 'a'} {phrase}"


def _lower_title(title: str) -> str:
    """'Senior NLP Engineer' -> 'senior NLP engineer' (acronyms keep their case)."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in title.split())


def _years(value: float) -> str:
    """'less than a year', '1 year', '6 years'."""
    n = int(value)
    if n < 1:
        return "less than a year"
    return "1 year" if n == 1 else f"{n} years"


def _cap(text: str) -> str:
    """Capitalise a sentence start without touching the rest."""
    return text[:1].upper() + text[1:]


def _noun(rng: random.Random, forms: SkillForms) -> str:
    """The canonical name, a lower-cased variant, or (often) a synonym."""
    if forms.nouns and (forms.force_synonym or rng.random() < SYNONYM_RATE):
        return rng.choice(forms.nouns)
    words = forms.canonical.split()
    if rng.random() < LOWERCASE_RATE and all(w[:1].isupper() and w[1:].islower() for w in words):
        return forms.canonical.lower()
    return forms.canonical


class _Writer:
    """Turns a list of skills into sentences in one voice, remembering which sentence names which skill."""

    def __init__(self, rng: random.Random, facts: ResumeFacts, style: str) -> None:
        self.rng, self.facts, self.style = rng, facts, style
        self.evidence: dict[str, str] = {}
        voice = VOICES[style]
        self.templates, self.clause_templates = voice.sentences, voice.clauses

    def _slots(self, template: str) -> dict[str, str]:
        """The non-skill values this template asks for (drawn only when asked: 100k resumes add up)."""
        rng, f = self.rng, self.facts
        slots = {"first": f.first}
        if "{company}" in template:
            slots["company"] = rng.choice(f.history)["company"] if f.history else f.company
        if "{ctx}" in template:
            slots["ctx"] = fill(rng.choice(f.contexts), rng)
        if "{out}" in template:
            slots["out"] = fill(rng.choice(f.outcomes), rng)
        if "{yrs}" in template:
            slots["yrs"] = _years(rng.uniform(min(1.0, f.years), max(1.0, f.years)))
        return slots

    def sentences(self, skills: list[str], forms: dict[str, SkillForms]) -> list[str]:
        """Sentences mentioning each skill once: clause paraphrases alone, noun phrases in groups."""
        rng, out, queue = self.rng, [], list(skills)
        while queue:
            skill = queue.pop(0)
            if forms[skill].clauses and rng.random() < CLAUSE_RATE:
                clause = rng.choice(forms[skill].clauses)
                template = rng.choice(self.clause_templates)
                sentence = template.format(x=clause, X=_cap(clause), **self._slots(template))
                out.append(sentence)
                self.evidence[skill] = sentence
                continue
            arity, template = rng.choice(self.templates)
            group = [skill] + queue[: arity - 1]
            del queue[: arity - 1]
            if len(group) < arity:  # the queue ran short: use a template made for this many
                template = rng.choice([t for a, t in self.templates if a == len(group)])
            named = dict(zip("abc", (_noun(rng, forms[s]) for s in group)))
            sentence = _cap(template.format(**named, **self._slots(template)))
            out.append(sentence)
            for s in group:
                self.evidence[s] = sentence
        return out


def render_resume(
    rng: random.Random, facts: ResumeFacts, skills: list[str], forms: dict[str, SkillForms]
) -> tuple[str, dict[str, str]]:
    """Resume text and, per skill, the exact sentence of the text that mentions it."""
    style = rng.choices(STYLES, weights=STYLE_WEIGHTS)[0]
    order = list(skills)
    rng.shuffle(order)
    writer = _Writer(rng, facts, style)
    listed: list[str] = []
    if style in ("bullets", "first_person") and len(order) > 4 and rng.random() < 0.5:
        cut = rng.randint(2, min(4, len(order) - 2))
        listed, order = order[-cut:], order[:-cut]
    body = writer.sentences(order, forms)
    skills_line = ""
    if listed:
        skills_line = "Skills: " + ", ".join(_noun(rng, forms[s]) for s in listed)
        if style == "first_person":
            skills_line += "."
        for s in listed:
            writer.evidence[s] = skills_line
    text = {
        "first_person": _first_person, "third_person": _third_person, "bullets": _bullets, "terse": _terse,
    }[style](rng, facts, body, skills_line)
    return text, writer.evidence


def _degree_line(education: Sequence[dict[str, Any]]) -> str:
    """'MSc in Statistics, University of Warsaw'."""
    if not education:
        return ""
    top = education[0]
    return f"{top['degree']} in {top['field']}, {top['school']}"


def _previous(history: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """(company, title) of earlier jobs, newest first."""
    return [(h["company"], h["title"]) for h in history[1:]]


def _first_person(rng: random.Random, f: ResumeFacts, body: list[str], skills_line: str) -> str:
    """A summary written as 'I ...' prose."""
    intro = rng.choice((
        f"I am {with_article(_lower_title(f.title))} based in {f.city} with {_years(f.years)} of experience.",
        f"{f.title} at {f.company} in {f.city}, with {_years(f.years)} in the field.",
        f"I work as {with_article(_lower_title(f.title))} at {f.company}.",
    ))
    history = [f"Before that I worked at {c} as {_lower_title(t)}." for c, t in _previous(f.history)[:2]]
    closing = [f"I hold {with_article(_degree_line(f.education))}."] if f.education else []
    if rng.random() < 0.4:
        closing.append(f"Outside work I enjoy {rng.choice(_HOBBIES)}.")
    if rng.random() < 0.3:
        closing.append(f"Open to {f.remote_policy} roles; notice period {rng.choice((4, 8, 12))} weeks.")
    middle = len(body) // 2
    paragraphs = [" ".join([intro, *body[:middle]]), " ".join([*body[middle:], *history]), " ".join(closing)]
    if skills_line:
        paragraphs.append(skills_line)
    return "\n\n".join(p for p in paragraphs if p)


def _third_person(rng: random.Random, f: ResumeFacts, body: list[str], skills_line: str) -> str:
    """A bio in the third person, by first name, without pronouns."""
    intro = f"{f.first} is {with_article(_lower_title(f.title))} based in {f.city}."
    history = [f"Previously {f.first} worked at {c} as {_lower_title(t)}." for c, t in _previous(f.history)[:2]]
    closing = [f"Education: {_degree_line(f.education)}."] if f.education else []
    return "\n\n".join(p for p in (" ".join([intro, *body]), " ".join([*history, *closing])) if p)


def _bullets(rng: random.Random, f: ResumeFacts, body: list[str], skills_line: str) -> str:
    """A classic CV layout: header, experience bullets, education, skills."""
    lines = [f.full_name, f"{f.title} · {f.city}", "", "Experience"]
    for job in f.history:
        end = job["end"] or "present"
        lines.append(f"- {job['title']}, {job['company']} ({job['start']} to {end})")
    lines += [f"- {sentence}" for sentence in body]
    if f.education:
        lines += ["", "Education", *(f"- {e['degree']} {e['field']}, {e['school']} ({e['year']})" for e in f.education)]
    if skills_line:
        lines += ["", skills_line]
    return "\n".join(lines)


def _terse(rng: random.Random, f: ResumeFacts, body: list[str], skills_line: str) -> str:
    """Keyword-light notes, the way busy people fill in a profile."""
    head = f"{f.title}, {f.city}. {_years(f.years).capitalize()} experience."
    tail = f"Degree: {_degree_line(f.education)}." if f.education and rng.random() < 0.5 else ""
    return " ".join(p for p in (head, *body, tail) if p)
