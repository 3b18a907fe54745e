"""Is this record someone already in the store? Same email, or same name with a very similar resume.

Rules, in order:
1. the same email address (case-insensitive) -> that candidate;
2. the same normalised name (case folded, accents stripped, punctuation and extra spaces gone)
   AND a profile text (headline + resume) whose word-set Jaccard similarity is at least
   `RESUME_JACCARD` -> that candidate (the most similar one when several share the name);
3. otherwise a new person: two people may share a name, so a name alone never merges.

Why token Jaccard and not MiniLM cosine: resumes of two different people in the same field are
close in embedding space (cosine 0.7-0.9 between unrelated data-engineer resumes), while two
exports of the same resume share almost every word. Jaccard of word sets separates the two
cases with a wide margin (an updated resume with a new job added scores about 0.7-0.9; two
different people with the same job title about 0.1-0.3), costs no model call, and is
deterministic. An identical text (including both empty, as for a re-run of an export without
a resume column) scores 1.0, so re-importing the same file never duplicates anyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, select

from ingest.records import CandidateRecord
from store.models import Candidate

RESUME_JACCARD = 0.6  # see the module docstring; tests/ingest/test_dedupe.py covers both sides
_WORD = re.compile(r"[^\W_]{2,}")


@dataclass(frozen=True)
class Match:
    """The existing candidate a record is, and by which rule (email | name+resume) and how sure."""

    candidate_id: int
    rule: str
    score: float = 1.0


def normalise_name(name: str) -> str:
    """'  José  O'Brien-Smith ' -> 'jose o brien smith': the form two spellings of one name share."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain.casefold()))


def normalise_email(email: str | None) -> str:
    """Email as compared: trimmed and case folded ('' when absent)."""
    return (email or "").strip().casefold()


def profile_text(headline: str, resume_text: str) -> str:
    """What resume similarity compares: the same text the search index embeds."""
    return f"{headline}\n{resume_text}".strip()


def words(text: str) -> frozenset[str]:
    """The set of words (two letters or more, case folded, accents kept) of a text."""
    return frozenset(_WORD.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b|; two empty sets are identical (1.0)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


class Deduper:
    """Email and name lookups over the store, loaded once per import and kept current as it writes."""

    def __init__(self, threshold: float = RESUME_JACCARD) -> None:
        self.threshold = threshold
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.pending: dict[int, frozenset[str]] = {}  # dry-run records not in the store

    @classmethod
    def from_session(cls, session: Session, threshold: float = RESUME_JACCARD) -> "Deduper":
        """Index every candidate's email and name (ids only; texts are read when a name matches)."""
        self = cls(threshold)
        for cid, name, email in session.exec(select(Candidate.id, Candidate.full_name, Candidate.email).order_by(Candidate.id)):
            self.remember(int(cid), name, email)
        return self

    def remember(self, candidate_id: int, full_name: str, email: str | None, text: str | None = None) -> None:
        """Make a written (or, in a dry run, would-be written) candidate findable by later records."""
        key = normalise_email(email)
        if key:
            self.by_email.setdefault(key, candidate_id)
        ids = self.by_name[normalise_name(full_name)]
        if candidate_id not in ids:
            ids.append(candidate_id)
        if text is not None and candidate_id < 0:
            self.pending[candidate_id] = words(text)

    def match(self, session: Session, record: CandidateRecord) -> Match | None:
        """The existing candidate this record is, or None for a new person."""
        key = normalise_email(record.email)
        if key and key in self.by_email:
            return Match(self.by_email[key], "email")
        ids = self.by_name.get(normalise_name(record.full_name), [])
        if not ids:
            return None
        mine = words(profile_text(record.headline, record.resume_text))
        texts = {cid: w for cid, w in self.pending.items() if cid in ids}
        stored = [cid for cid in ids if cid > 0]
        if stored:
            rows = session.exec(select(Candidate.id, Candidate.headline, Candidate.resume_text, Candidate.email)
                                .where(Candidate.id.in_(stored)))  # type: ignore[union-attr]
            for cid, headline, resume, email in rows:
                if key and normalise_email(email) and normalise_email(email) != key:
                    continue  # both have an email and they differ: two people
                texts[int(cid)] = words(profile_text(headline, resume))
        best = max(((jaccard(mine, w), cid) for cid, w in texts.items()), default=(0.0, 0))
        if best[0] >= self.threshold:
            return Match(best[1], "name+resume", round(best[0], 3))
        return None
