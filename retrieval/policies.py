"""Policy passages: hybrid retrieval (MiniLM + BM25) with a relevance score to decide on.

Employees type "how many pto days do i get" or "matenity leave": a query is first normalised
(HR abbreviations spelled out, from `ABBREVIATIONS` and from the handbook's own definitions such as
"Individual Development Plan (IDP)"; words the handbook does not contain corrected to the closest one
it does), then both retrievers rank the passages the asker's audience may read. The two are fused
by score, not rank: cosine similarity plus `LEXICAL_WEIGHT` times the BM25 score relative to the
query's best. On a small collection that kept more of each signal than reciprocal rank fusion
(benchmarks/policies.py, both handbooks, all questions: section hit@1 0.864 -> 0.877 on the demo
handbook, 0.642 -> 0.679 on 18F's). Two more terms, tuned on both handbooks' dev splits: the
cosine of the question with the passage's section path alone (`HEADING_WEIGHT`: "Cancelling transit
benefit" beats a page intro that only says the page covers cancelling; an intro has no heading of its
own), and the share of the question's words the passage contains (`COVERAGE_WEIGHT`: one shared word
such as "book" in "book a meeting room" no longer lifts "Buying books" over the threshold). The sum is a relevance score in
its own right: callers answer only above a threshold calibrated on a development set
(`bot.services.policies.ANSWER_THRESHOLD`).
"""

from __future__ import annotations

import difflib
import re
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.engine import Engine

from retrieval.collection import CollectionIndex, SyncReport, log_notify
from retrieval.config import settings
from retrieval.embeddings import as_matrix, get_embeddings, query_vector
from retrieval.lexical import STOPWORDS, tokenize
from retrieval.sources import SOURCES
from store.engine import get_engine, session_scope

COLLECTION = "policies"
CHECK_INTERVAL_S = 5.0  # an import in another process shows within seconds
DEPTH = 20
# Weights beside the passage cosine, tuned on the dev splits of benchmarks/policies.py (both handbooks):
LEXICAL_WEIGHT = 0.15  # the BM25 score relative to the query's best
HEADING_WEIGHT = 0.15  # the cosine of the question with the passage's section path
COVERAGE_WEIGHT = 0.1  # the share of the question's (BM25) words that the passage contains
TYPO_CUTOFF = 0.82
# Words employees use for what handbooks spell out; expanded, never replaced.
ABBREVIATIONS: dict[str, str] = {
    "pto": "paid time off annual leave vacation",
    "vacay": "vacation annual leave",
    "hols": "holidays annual leave",
    "wfh": "work from home remote",
    "ooo": "out of office leave",
    "mat": "maternity",
    "pat": "paternity",
    "l&d": "learning and development",
    "ppl": "paid parental leave",
    "fmla": "family and medical leave",
    "lwop": "leave without pay unpaid",
    "eap": "employee assistance program",
    "coc": "code of conduct",
    "hr": "human resources",
    "dr": "doctor",
    "sick day": "sick leave",
    "expenses": "expense claims reimbursement",
    "per diem": "daily allowance meals travel",
    "401k": "pension retirement",
    "payday": "pay day salary paid",
    "sign up": "enroll enrolling register",
    "borrow": "advance advanced",
}
_WORD = re.compile(r"[a-z0-9&']+")
_DEFINED = re.compile(r"\(([A-Z][A-Za-z&]{1,7}?)s?\)")  # "(IDP)", "(IDPs)": an abbreviation the text defines
_LINKING = frozenset({"and", "of", "for", "the", "to", "in", "on", "a", "&"})


@dataclass(frozen=True)
class PolicyMatch:
    """A passage ranked for a question, with what an answer cites and how sure the retrieval is."""

    passage_id: int
    document: str
    section: str
    source: str
    audience: str
    text: str
    score: float  # relevance of this passage to the question: cosine and the weighted terms above
    cosine: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None


class PolicyIndex:
    """The `policies` collection index plus the handbook's vocabulary for spelling correction."""

    def __init__(self, engine: Engine, collection: CollectionIndex) -> None:
        self.engine = engine
        self.collection = collection
        self.vocabulary: set[str] = set()
        self.audiences: dict[str, str] = {}
        self.headings: dict[str, np.ndarray] = {}  # passage id -> its section path's vector (not for page intros)
        self.words: dict[str, frozenset[str]] = {}  # passage id -> its BM25 words (title and section included)
        self.sections: dict[str, tuple[str, str]] = {}  # passage id -> (document, section): one answer per section
        self.defined: dict[str, str] = {}  # abbreviations the handbook spells out: "idp" -> "individual development plan"
        self.checked_at = 0.0
        self.version = ""
        self.last_report = SyncReport(COLLECTION)
        self._lock = threading.Lock()

    def refresh(self, session: Any, report: SyncReport | None = None) -> SyncReport:
        """Sync with the store; rebuild the vocabulary and audience map when anything changed."""
        with self._lock:
            report = report or self.collection.sync(session)
            version = self.collection.manifest.data_version
            if version != self.version or not self.audiences and len(self.collection):
                docs = self.collection.source.docs(session, None)
                self.vocabulary = {t for d in docs for t in _WORD.findall(d[2].lower()) if len(t) > 2}
                self.audiences = {d[0]: str(d[3].get("audience", "everyone")) for d in docs}
                self.words = {d[0]: frozenset(tokenize(d[2])) for d in docs}
                self.sections = {d[0]: (str(d[3].get("document_id", "")), str(d[3].get("section", ""))) for d in docs}
                self.defined = {}
                for d in docs:
                    self.defined.update(defined_abbreviations(d[2]))
                named = {d[0]: _heading(d[3]) for d in docs}
                paths = sorted({h for h in named.values() if h})
                vectors = dict(zip(paths, as_matrix(self.collection.embeddings, paths))) if paths else {}
                self.headings = {i: vectors[h] for i, h in named.items() if h}
                self.version = version
            self.checked_at = time.monotonic()
            self.last_report = report
            return report

    def normalise(self, question: str) -> str:
        """Abbreviations expanded and unknown words corrected to the handbook's closest word."""
        text = " ".join(question.lower().split())
        learned = {k: v for k, v in self.defined.items() if k not in ABBREVIATIONS}
        for short, long in (*ABBREVIATIONS.items(), *learned.items()):
            text = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", f"{short} {long}", text)
        words = []
        vocab = self.vocabulary
        for word in _WORD.findall(text):
            if len(word) > 3 and word not in vocab and word not in STOPWORDS and not word.isdigit() and vocab:
                close = difflib.get_close_matches(word, _candidates(vocab, word), n=1, cutoff=TYPO_CUTOFF)
                words.append(close[0] if close else word)
            else:
                words.append(word)
        return " ".join(words)

    def search(self, question: str, *, audiences: Collection[str] | None = None, top: int = 3) -> list[PolicyMatch]:
        """Passages for a question, best first, among those `audiences` may read (None: all)."""
        col = self.collection
        if not len(col):
            return []
        query = self.normalise(question)
        allowed = None
        if audiences is not None:
            allowed = {i for i, a in self.audiences.items() if a in audiences}
            if not allowed:
                return []
        vector = query_vector(col.embeddings, query)
        tokens = tokenize(query)
        words = set(tokens)
        dense = col.dense(vector, DEPTH, allowed)
        lexical = col.keyword(tokens, DEPTH, allowed)
        dense_rank = {d: r for r, (d, _) in enumerate(dense, start=1)}
        lexical_rank = {d: r for r, (d, _) in enumerate(lexical, start=1)}
        cosine = dict(dense)
        missing = [d for d, _ in lexical if d not in cosine]
        if missing:  # found by keywords only: their cosine from the stored vectors
            for doc_id, vec in zip(missing, col.vectors(missing)):
                cosine[doc_id] = float(np.dot(vec, vector))
        best_keyword = max((s for _, s in lexical), default=0.0) or 1.0
        relative = {d: s / best_keyword for d, s in lexical}
        ranked = sorted(((d, self._score(d, c, relative.get(d, 0.0), vector, words), c) for d, c in cosine.items()),
                        key=lambda t: (-t[1], t[0]))
        fused = self._one_per_section(ranked)[:top]
        stored = {doc.id: doc for doc in col.store.get_by_ids([d for d, _, _ in fused])} if col.store is not None else {}
        out = []
        for doc_id, score, cos in fused:
            doc = stored.get(doc_id)
            meta = dict(doc.metadata) if doc is not None else {}
            out.append(PolicyMatch(
                passage_id=int(doc_id), document=str(meta.get("document", "")), section=str(meta.get("section", "")),
                source=str(meta.get("source", "")), audience=str(meta.get("audience", "everyone")),
                text=_body(doc.page_content if doc is not None else ""), score=round(score, 4), cosine=round(cos, 4),
                dense_rank=dense_rank.get(doc_id), lexical_rank=lexical_rank.get(doc_id),
            ))
        return out

    def _one_per_section(self, ranked: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
        """The best passage of each section only: a long section cut in parts is one answer, not two "see also"s."""
        seen: set[tuple[str, str]] = set()
        out = []
        for item in ranked:
            key = self.sections.get(item[0], (item[0], ""))
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    def _score(self, doc_id: str, cosine: float, relative_bm25: float, vector: np.ndarray, words: set[str]) -> float:
        """The passage's relevance: its cosine, the relative BM25, its heading's cosine and the words it covers."""
        heading = self.headings.get(doc_id)
        heading_cos = float(np.dot(heading, vector)) if heading is not None else 0.0
        covered = len(words & self.words.get(doc_id, frozenset())) / len(words) if words else 0.0
        return cosine + LEXICAL_WEIGHT * relative_bm25 + HEADING_WEIGHT * heading_cos + COVERAGE_WEIGHT * covered


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text spells out as "Individual Development Plan (IDP)": the words before the brackets whose
    initials make the abbreviation (linking words such as "and" or "of" may sit between them)."""
    out: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = match.group(1).lower()
        words = re.findall(r"[A-Za-z][\w'-]*|&", text[max(0, match.start() - 120):match.start()])
        long = _spelled_out(short, words)
        if long:
            out[short] = " ".join(long).lower()
    return out


def _spelled_out(letters: str, words: list[str]) -> list[str] | None:
    """The shortest run of words ending `words` whose initials are `letters`, linking words allowed between."""
    if not letters:
        return []
    if not words:
        return None
    last = words[-1]
    if last.lower() in _LINKING:  # "Office of Human ..." (OHRM): skip "of" first, "Department of Defense" (DoD): use it
        rest = _spelled_out(letters, words[:-1])
        if rest:
            return rest + [last]
    if last[0].lower() == letters[-1]:
        rest = _spelled_out(letters[:-1], words[:-1])
        if rest is not None:
            return rest + [last]
    return None


def _heading(meta: dict[str, Any]) -> str:
    """A passage's own section path; none for a page's introduction, whose heading is the document title that
    every passage of the page already carries (it would lift "this page covers X" over the section on X)."""
    section = str(meta.get("section") or "")
    return "" if section == str(meta.get("document") or "") else section


def _candidates(vocab: set[str], word: str) -> list[str]:
    """Words of similar length sharing the first letter: typos rarely change either, and it keeps difflib fast."""
    return [w for w in vocab if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]


def _body(text: str) -> str:
    """The passage as stored: the indexed text less its "title › section." first line."""
    return text.split("\n", 1)[1] if "\n" in text else text


_cache: dict[tuple[str, str], PolicyIndex] = {}
_cache_lock = threading.Lock()


def policy_index(engine: Engine | None = None, *, max_age_s: float = CHECK_INTERVAL_S, embeddings: Any = None) -> PolicyIndex:
    """The process-wide policy index for this database, loaded or built once and re-synced every few seconds."""
    engine = engine or get_engine()
    key = (str(engine.url), str(settings().index_dir()))
    with _cache_lock:
        index = _cache.get(key)
        if index is None:
            col = CollectionIndex(SOURCES[COLLECTION], embeddings or get_embeddings(), settings().index_dir() / COLLECTION,
                                  log_notify)
            with session_scope(engine) as session:
                report = col.open(session)
                index = PolicyIndex(engine, col)
                index.refresh(session, report)
            _cache[key] = index
            return index
    if time.monotonic() - index.checked_at > max_age_s:
        with session_scope(engine) as session:
            index.refresh(session)
    return index


def sync_policy_index(engine: Engine | None = None) -> SyncReport:
    """After an import: bring the policy index up to date now (only changed passages are embedded)."""
    engine = engine or get_engine()
    fresh = (str(engine.url), str(settings().index_dir())) not in _cache
    index = policy_index(engine, max_age_s=float("inf"))
    if fresh:  # just opened: that open was the sync
        return index.last_report
    with session_scope(index.engine) as session:
        return index.refresh(session)


def search_policies(question: str, *, audiences: Sequence[str] | None = None, top: int = 3,
                    engine: Engine | None = None) -> list[PolicyMatch]:
    """Best passages for a question among those the audiences may read."""
    return policy_index(engine).search(question, audiences=audiences, top=top)


def invalidate_policy_cache() -> None:
    with _cache_lock:
        _cache.clear()
