"""Policy questions: the best handbook passage quoted with its citation, only when retrieval is sure enough.

Below `ANSWER_THRESHOLD` (calibrated on the development split of benchmarks/policies.py) the answer
is an honest "I don't know" naming the configured HR contact, and the question is kept, with
personal details removed, for `hrbot policies gaps`. A short follow-up ("and for adoption?")
is read together with the previous question's topic. Audiences: employees read documents for
everyone, recruiters also the recruiters' ones; the CLI (HR) reads all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, select

from bot.services.identity import Identity
from retrieval.lexical import STOPWORDS
from retrieval.policies import PolicyMatch, search_policies
from store.models import POLICY_AUDIENCES, Candidate, Employee, PolicyQuestion, User
from store.settings import get_settings

ANSWER_THRESHOLD = 0.70
"""Relevance (`retrieval.policies` score) the best passage needs for an answer. On both handbooks' dev splits
(benchmarks/policies.py) every threshold from 0.68 to 0.74 declined all unanswerable questions; 0.70 keeps a
margin above the lowest."""
SEE_ALSO_MARGIN = 0.25  # a further passage is offered as "see also" when it scores within this of the best
QUOTE_CHARS = 600
MAX_QUESTION = 500
_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|also|same|what if|and if|but)\b", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\+?\d[\d\s./-]{2,}\d|\d+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"[a-z][a-z']+")


@dataclass
class Citation:
    """Where an answer comes from: document › section, its source, and the quoted passage."""

    document: str
    section: str
    source: str
    quote: str
    passage_id: int = 0
    score: float = 0.0


@dataclass
class PolicyAnswer:
    """An answer (citations best first) or a refusal that names whom to ask."""

    question: str
    answered: bool
    citations: list[Citation] = field(default_factory=list)
    topic: str = ""  # the question to read a follow-up against
    contact: str = ""
    score: float = 0.0
    gap_id: int | None = None  # the kept unanswered question, so 👍/👎 can rate the "I don't know" too

    def to_json(self) -> dict[str, Any]:
        """`hrbot policies ask --json`: answered and the citations, best first."""
        return {"question": self.question, "answered": self.answered,
                "citations": [{k: v for k, v in asdict(c).items() if k in ("document", "section", "source", "quote")}
                              for c in self.citations],
                **({} if self.answered else {"contact": self.contact})}


def audiences_for(identity: Identity | None) -> tuple[str, ...]:
    """What each role may read: employees the documents for everyone, recruiters theirs too; None (CLI, HR) all."""
    if identity is None:
        return POLICY_AUDIENCES
    return ("everyone", "recruiters") if identity.is_recruiter else ("everyone",)


def is_follow_up(question: str) -> bool:
    """"and for adoption?", "what about part-timers": short, and leaning on the previous question."""
    return bool(_FOLLOW_UP.match(question)) and len(question.split()) <= 8


def with_topic(question: str, topic: str | None) -> str:
    """The text to search: a follow-up read together with the previous topic, anything else alone."""
    question = " ".join((question or "").split())[:MAX_QUESTION]
    if topic and is_follow_up(question):
        return f"{topic} {question}"
    return question


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The passage, cut at a sentence end when longer than a chat card holds."""
    text = " ".join(text.split()) if "\n" not in text else "\n".join(" ".join(p.split()) for p in text.split("\n"))
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    return (cut[: end + 1] if end > limit // 2 else cut.rstrip() + "…").strip()


def answer_question(
    session: Session | None,
    question: str,
    *,
    identity: Identity | None = None,
    topic: str | None = None,
    threshold: float = ANSWER_THRESHOLD,
    matches: Sequence[PolicyMatch] | None = None,
    keep_unanswered: bool = True,
) -> PolicyAnswer:
    """Answer from the handbook, or say who to ask; an unanswered question is kept without personal data."""
    asked = " ".join((question or "").split())[:MAX_QUESTION]
    query = with_topic(asked, topic)
    contact = get_settings().hr_contact
    if not query:
        return PolicyAnswer(asked, False, contact=contact)
    found = list(matches) if matches is not None else search_policies(query, audiences=audiences_for(identity))
    best = found[0].score if found else 0.0
    if not found or best < threshold:
        kept = None
        if keep_unanswered and session is not None:
            kept = keep_question(session, asked if not topic or not is_follow_up(asked) else query, best)
        return PolicyAnswer(asked, False, topic=query, contact=contact, score=best, gap_id=kept.id if kept else None)
    cited = [m for m in found if m is found[0] or m.score >= max(threshold, best - SEE_ALSO_MARGIN)]
    citations = [Citation(m.document, m.section, m.source, quote(m.text), m.passage_id, m.score) for m in cited]
    return PolicyAnswer(asked, True, citations, topic=query, contact=contact, score=best)


def redact(session: Session, question: str) -> str:
    """The question without e-mail addresses, links, numbers or the names of people in the store."""
    text = _DIGITS.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", question)))
    capitalised = {w.casefold() for w in re.findall(r"\b[A-Z][a-z]+", text)}
    names: set[str] = set()
    if capitalised:
        for model, column in ((Employee, Employee.full_name), (Candidate, Candidate.full_name), (User, User.display_name)):
            for full in session.exec(select(column)):
                names.update(w for w in str(full or "").casefold().split() if w in capitalised)
    words = [w if re.sub(r"\W", "", w).casefold() not in names else "[name]" for w in text.split()]
    return " ".join(words)[:MAX_QUESTION]


def keep_question(session: Session, question: str, best: float) -> PolicyQuestion | None:
    """Store an unanswered question (redacted, no asker) for the handbook's owners."""
    clean = redact(session, question).strip()
    if not clean:
        return None
    row = PolicyQuestion(question=clean, best_score=round(float(best), 4))
    session.add(row)
    session.flush()
    return row


@dataclass
class Gap:
    """A topic the handbook does not answer: its words, how often asked, and examples."""

    topic: str
    asked: int
    examples: list[str]


def gaps(session: Session, *, top: int = 10, examples: int = 3) -> list[Gap]:
    """Unanswered questions grouped under their most shared main word, most asked first."""
    rows = session.exec(select(PolicyQuestion.question).order_by(PolicyQuestion.id.desc())).all()  # type: ignore[union-attr]
    words = {q: content_words(q) for q in rows}
    shared = Counter(w for ws in words.values() for w in set(ws))
    groups: dict[str, list[str]] = {}
    for q, ws in words.items():
        key = min(ws, key=lambda w: (-shared[w], w)) if ws else ""
        groups.setdefault(key, []).append(q)
    out = []
    for key, qs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]:
        along = Counter(w for q in qs for w in set(words[q]) if w != key).most_common(1)
        label = " ".join([key] + [w for w, n in along if n > 1]) or "(no topic words)"
        out.append(Gap(label, len(qs), list(dict.fromkeys(qs))[:examples]))
    return out


_QUESTION_WORDS = frozenset("""
    what whats how many much does get long please tell know need want give get allowed anyone someone
    happen happens our company policy policies rule rules there when where why which who is are do can i
    im i'm ok okay still any
""".split())


def content_words(question: str) -> list[str]:
    """The question's main words: stopwords and question words set aside, plurals folded."""
    out = []
    for w in _WORD.findall(question.lower()):
        if w in STOPWORDS or w in _QUESTION_WORDS or len(w) < 3:
            continue
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out
