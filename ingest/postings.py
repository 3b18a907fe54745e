"""A job posting's free text as Role fields, each requirement kept with the sentence that states it.

Read from the text: the title (a 'Title:' line, else the first heading or short first line), the
location (a 'Location:' line, the title's suffix or a 'based in' phrase, read through the gazetteer
in `places.py`), the remote policy, years of experience, the seniority (`seniority.py`: the title's
level words, else the years), and the skills of the project's taxonomy (`SkillExtractor`): must-haves
from "requirements" / "must have" / "what you bring" sections, nice-to-haves from "preferred" /
"nice to have" / "bonus" ones (or a sentence that says "is a plus"). A posting without such sections
gives must-haves from its whole text except "about us" and "benefits".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.layout import clean
from ingest.places import known_city, normalise_location
from ingest.seniority import seniority_for
from retrieval.extraction import SkillExtractor
from store.vocabulary import Seniority

MAX_TITLE_WORDS = 16
MAX_HEADING_WORDS = 8
MAX_RESPONSIBILITIES = 15
MAX_YEARS = 30.0
SUMMARY_CHARS = 600

PREFERRED = re.compile(r"\b(?:preferred|nice[\s-]to[\s-]haves?|bonus(?:\s+points)?|pluses|desir(?:ed|able)|ideally|"
                       r"good[\s-]to[\s-]have|extra credit|an? (?:big )?(?:plus|advantage)|is a plus|are a plus|"
                       r"would be (?:a )?(?:plus|great|nice))\b", re.IGNORECASE)
REQUIRED = re.compile(r"\b(?:requirements?|required|must[\s-]haves?|must have|what you(?:'ll|’ll| will)? bring|"
                      r"qualifications|what we(?:'re|’re| are) looking for|you have|you bring|your profile|about you|"
                      r"who you are|(?:your |key |technical )?skills|experience|competenc(?:ies|e)|you should have|"
                      r"you(?:'ll|’ll| will) need|essential)\b", re.IGNORECASE)
RESPONSIBILITIES = re.compile(r"\b(?:responsibilit(?:y|ies)|what you(?:'ll|’ll| will) do|duties|your role|the role|"
                              r"day[\s-]to[\s-]day|you will|your (?:tasks|mission|impact)|what you(?:'ll|’ll| will) work on)\b",
                              re.IGNORECASE)
OTHER = re.compile(r"\b(?:about us|about the company|who we are|benefits|perks|we offer|what we offer|compensation|"
                   r"salary|equal opportunit|how to apply|our company|why join|life at|diversity)\b", re.IGNORECASE)
LABEL = re.compile(r"^(?P<label>job title|title|position|role|location|locations|job location|work location|office|"
                   r"based in|remote|workplace(?: type)?|work model|seniority|level|experience level|"
                   r"must[\s-]haves?|must have|required|requirements|nice[\s-]to[\s-]haves?|preferred|bonus)\s*:\s*"
                   r"(?P<value>.+)$", re.IGNORECASE)
GENDER = re.compile(r"\s*\((?:[mfwdx]\s*/\s*){1,3}[mfwdx]\)|\s*\((?:all genders?|m/f/div)\)", re.IGNORECASE)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12, "fifteen": 15}
_N = r"(?:\d{1,2}(?:[.,]5)?|" + "|".join(NUMBER_WORDS) + r")"
YEARS = re.compile(rf"\b(?P<low>{_N})\s*\+?\s*(?:(?:-|–|to|or)\s*(?P<high>{_N})\s*\+?\s*)?(?:\(\d+\)\s*)?"
                   r"(?:years?|yrs?)\b", re.IGNORECASE)
MONTHS = re.compile(r"\b(?P<low>\d{1,2})\s*months?\b", re.IGNORECASE)
EXPERIENCE = re.compile(r"\b(?:experience|exp\b|experienced|background|track record|working (?:in|with|on|as))",
                        re.IGNORECASE)
NOT_EXPERIENCE = re.compile(r"\b(?:old|of age|founded|warranty|contract|history of|in business|anniversary)\b",
                            re.IGNORECASE)
NO_REMOTE = re.compile(r"\b(?:no|not a|not|non)[\s-]+remote\b|\bremote work is not\b", re.IGNORECASE)
HYBRID = re.compile(r"\bhybrid\b|\b\d\s*(?:-\s*\d\s*)?days? (?:a|per|each) week (?:in|at|from) (?:the|our) office\b|"
                    r"\bsplit between (?:home|remote) and (?:the )?office\b|\bpartially remote\b|\bpartly remote\b",
                    re.IGNORECASE)
REMOTE = re.compile(r"\b(?:fully|100\s*%|completely|entirely|full[\s-]time)\s+remote\b|\bremote[\s-](?:first|only)\b|"
                    r"\bwork (?:from )?anywhere\b|\bremote (?:position|role|job|opportunity|work|team|company)\b|"
                    r"\bwork(?:ing)? remotely\b|\(remote\)|^remote$|\bremote\s*[-–(/]|\bremote,|\bwork from home\b",
                    re.IGNORECASE | re.MULTILINE)
ONSITE = re.compile(r"\bon[\s-]?site\b|\bin[\s-]office\b|\bin[\s-]person\b|\bat our (?:office|offices|site)\b|"
                    r"\bfrom our \w+ office\b", re.IGNORECASE)
# how to apply, the hiring process and equal-opportunity statements name no requirement ('send your CV')
NOT_REQUIREMENT = re.compile(r"\b(?:apply|applications?|applicants? (?:should|must) send|send (?:us )?your|submit your|"
                             r"cv|curriculum vitae|cover letter|recruit(?:ment|ing) process|interview(?:s|ing)?|"
                             r"onboarding|equal opportunity|regardless of|diversity and inclusion)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
PLACE_PHRASE = re.compile(r"\b(?:based in|located in|office in|offices in|position in|role in|job in|work in|"
                          r"in our|from our)\s+(?P<place>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2})")


@dataclass
class Requirement:
    """One requirement the posting states, and the sentence that states it (an exact substring)."""

    kind: str  # required | nice | years
    value: str  # a canonical skill, or the minimum years as text
    evidence: str

    def to_dict(self) -> dict[str, str]:
        """As the Role's `requirement_evidence` keeps it."""
        return {"kind": self.kind, "value": self.value, "evidence": self.evidence}


@dataclass
class Posting:
    """What a posting says, before it becomes Role fields; `None` where the text does not say it."""

    title: str
    location: str = ""
    remote_policy: str | None = None
    seniority: Seniority | None = None
    min_years: float | None = None
    summary: str = ""
    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """A catalog row (`catalog.role_fields` input) with only what the posting states."""
        row: dict[str, Any] = {"title": self.title, "required_skills": self.required_skills,
                               "nice_to_have_skills": self.nice_to_have_skills,
                               "responsibilities": self.responsibilities, "summary": self.summary,
                               "location": self.location}
        if self.remote_policy:
            row["remote_policy"] = self.remote_policy
        if self.seniority is not None:
            row["seniority"] = self.seniority.value
        if self.min_years is not None:
            row["min_years"] = self.min_years
        return {k: v for k, v in row.items() if v not in (None, "", [])}


@dataclass
class _Line:
    text: str  # the line as written (stripped)
    plain: str  # without markdown decoration
    section: str  # top | required | nice | responsibilities | other | none
    heading: bool = False


def parse_posting(text: str, *, extractor: SkillExtractor) -> Posting:
    """The posting's title, place, policy, seniority, years and skills, each requirement with its sentence."""
    lines = _lines(text)
    labels = _labels(lines)
    title, title_rest = _title(lines, labels)
    years, years_line = _years(lines)
    required, nice = _skills(lines, extractor)
    requirements = [Requirement("required", s.skill, s.evidence) for s in required]
    requirements += [Requirement("nice", s.skill, s.evidence) for s in nice]
    if years is not None:
        requirements.append(Requirement("years", f"{years:g}", years_line))
    level = labels.get("seniority") or labels.get("level") or labels.get("experience level")
    return Posting(
        title=title,
        location=_location(lines, labels, title_rest, extractor),
        remote_policy=_remote_policy(text, labels, title_rest),
        seniority=seniority_for(level, years, title),
        min_years=years,
        summary=_summary(lines),
        required_skills=[s.skill for s in required],
        nice_to_have_skills=[s.skill for s in nice],
        responsibilities=[ln.plain for ln in lines if ln.section == "responsibilities" and not ln.heading
                          and len(ln.plain.split()) >= 3][:MAX_RESPONSIBILITIES],
        requirements=requirements,
    )


def section_of(heading: str) -> str | None:
    """The kind of section a heading opens (required, nice, responsibilities, other), else None."""
    words = clean(heading).rstrip(":").strip()
    if not words or len(words.split()) > MAX_HEADING_WORDS:
        return None
    if PREFERRED.search(words):
        return "nice"
    if OTHER.search(words):
        return "other"
    if RESPONSIBILITIES.search(words):
        return "responsibilities"
    if REQUIRED.search(words):
        return "required"
    return None


def _is_heading(raw: str, plain: str) -> bool:
    """A short line set apart as a heading: Markdown '#', bold, a trailing colon or all capitals."""
    if not plain or len(plain.split()) > MAX_HEADING_WORDS or plain.endswith((".", "!", "?")):
        return False
    stripped = raw.strip()
    return (stripped.startswith("#") or stripped.rstrip(":").startswith("**") and stripped.rstrip(":").endswith("**")
            or stripped.endswith(":") or (plain.isupper() and len(plain) > 3))


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, each with the section it sits in."""
    out: list[_Line] = []
    section = "top"
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        plain = clean(raw) or raw.strip()
        if _is_heading(raw, plain) and not LABEL.match(plain):
            section = section_of(plain) or "none"  # an unknown heading ends the section before it
            out.append(_Line(raw.strip(), plain, section, heading=True))
            continue
        label = LABEL.match(plain)
        if label and section_of(label.group("label")) in ("required", "nice"):
            section = section_of(label.group("label")) or section  # 'Must have: Python, SQL' opens a section
        out.append(_Line(raw.strip(), plain, section))
    return out


def _labels(lines: list[_Line]) -> dict[str, str]:
    """'Location: Berlin'-style labelled values (the first of each label)."""
    labels: dict[str, str] = {}
    for line in lines:
        match = LABEL.match(line.plain)
        if match:
            labels.setdefault(" ".join(match.group("label").casefold().split()), match.group("value").strip())
    return labels


def _title(lines: list[_Line], labels: dict[str, str]) -> tuple[str, str]:
    """(title, what followed it after a dash: often the place or 'Remote')."""
    raw = labels.get("job title") or labels.get("title") or labels.get("position") or labels.get("role") or ""
    if not raw:
        for line in lines[:8]:
            words = line.plain.split()
            if not re.search(r"[^\W\d_]", line.plain):
                continue
            if (line.heading and section_of(line.plain) is None) or (
                    not line.heading and len(words) <= MAX_TITLE_WORDS and not line.plain.endswith(".")
                    and not LABEL.match(line.plain) and ":" not in line.plain):
                raw = line.plain
                break
    raw = GENDER.sub("", raw).strip()
    raw = re.split(r"\s+\|\s+", raw)[0]
    rest = ""
    parts = re.split(r"\s+[-–—]\s+|\s*\((?=[^)]*\)\s*$)", raw, maxsplit=1)
    if len(parts) == 2:
        tail = parts[1].strip(" )")
        if re.fullmatch(r"(?:fully\s+)?remote|hybrid|on[\s-]?site", tail, re.IGNORECASE) or known_city(
                tail.split(",")[0]):
            raw, rest = parts[0].strip(), tail
    return " ".join(raw.split())[:200], rest


def _location(lines: list[_Line], labels: dict[str, str], title_rest: str, extractor: SkillExtractor) -> str:
    """The city the posting names: labelled, after the title, in a 'based in' phrase or in the header."""
    for key in ("location", "locations", "job location", "work location", "office", "based in"):
        if key in labels:
            found = normalise_location(labels[key], extractor)
            if found and found != "Remote":
                return found
    if title_rest:
        city = known_city(title_rest.split(",")[0])
        if city:
            return city
    for line in lines:
        for match in PLACE_PHRASE.finditer(line.plain):
            city = known_city(match.group("place"))
            if city:
                return city
    for line in lines[:6]:
        for part in re.split(r"\s*(?:,|\||·|•|\s-\s|–|—|/)\s*", line.plain):
            city = known_city(part)
            if city:
                return city
    return ""


def _remote_policy(text: str, labels: dict[str, str], title_rest: str) -> str | None:
    """remote, hybrid or onsite as the posting states it; None when it says nothing."""
    stated = " ".join(labels.get(k, "") for k in ("remote", "workplace", "workplace type", "work model", "location"))
    for source in (stated, title_rest, text):
        if not source.strip():
            continue
        if NO_REMOTE.search(source):
            return "hybrid" if HYBRID.search(source) else "onsite"
        if HYBRID.search(source):
            return "hybrid"
        if REMOTE.search(source):
            return "remote"
        if ONSITE.search(source):
            return "onsite"
    return None


def _number(word: str) -> float:
    word = word.casefold().replace(",", ".")
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word)


def _years(lines: list[_Line]) -> tuple[float | None, str]:
    """The fewest years of experience a requirement asks for, and its line; requirement sections first."""
    ordered = [ln for ln in lines if ln.section == "required"] + [ln for ln in lines if ln.section != "required"]
    for line in ordered:
        if line.section == "other" or not EXPERIENCE.search(line.text) or NOT_EXPERIENCE.search(line.text):
            continue
        for match in YEARS.finditer(line.text):
            value = _number(match.group("low"))
            if 0 < value <= MAX_YEARS:
                return value, line.plain
        for match in MONTHS.finditer(line.text):  # '18 months of experience' is 1.5 years
            if 0 < int(match.group("low")) <= MAX_YEARS * 12:
                return round(int(match.group("low")) / 12, 2), line.plain
    return None, ""


def _skills(lines: list[_Line], extractor: SkillExtractor) -> tuple[list[Any], list[Any]]:
    """(must-have, nice-to-have) SkillEvidence: by section, a 'plus' sentence being nice-to-have anywhere."""
    readable = [_Line(sentence, sentence, ln.section) for ln in lines if not ln.heading and ln.section != "other"
                for sentence in SENTENCE_END.split(ln.text) if sentence.strip() and not NOT_REQUIREMENT.search(sentence)]
    nice_lines = [ln.text for ln in readable if ln.section == "nice" or PREFERRED.search(ln.text)]
    rest = [ln for ln in readable if ln.section != "nice" and not PREFERRED.search(ln.text)]
    sections, whole = [ln.text for ln in rest if ln.section == "required"], [ln.text for ln in rest]
    required, nice = extractor.extract_many(["\n".join(sections), "\n".join(nice_lines)])
    if not required:  # no requirement section, or one naming no skill: the must-haves are in the text
        required = extractor.extract("\n".join(whole))
    musts = {s.skill for s in required}
    return required, [s for s in nice if s.skill not in musts]


def _summary(lines: list[_Line]) -> str:
    """The first paragraph of prose (about the role), cut at a sentence end near SUMMARY_CHARS."""
    for line in lines:
        if line.heading or line.section in ("other", "required", "nice") or len(line.plain.split()) < 12:
            continue
        if LABEL.match(line.plain):
            continue
        text = line.plain
        if len(text) <= SUMMARY_CHARS:
            return text
        cut = text.rfind(". ", 0, SUMMARY_CHARS)
        return text[: cut + 1] if cut > 0 else text[:SUMMARY_CHARS]
    return ""


__all__ = ["Posting", "Requirement", "parse_posting", "section_of"]
