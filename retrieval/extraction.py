"""Skills in free text (resumes, summaries), each with the sentence that evidences it.

Two layers, so that both the exact and the paraphrased mentions count:

1. Taxonomy synonyms (`Taxonomy.extract`): canonical names and curated synonyms ("torch" -> PyTorch).
2. The transformer: every candidate phrase of a sentence that layer 1 did not already cover
   (runs of two or more content words between stop words and punctuation, and their 2-3 word
   windows; never a lone word, never a job title) is embedded with MiniLM and compared with every surface form of every curated skill (the `skills`
   index). The nearest skill is kept when the cosine similarity reaches `EMBED_THRESHOLD`,
   calibrated on the dev split of `tests/data/resumes` by `benchmarks/extraction.py`.

Phrase vectors are embedded in one batch per call and cached, so bulk imports (where the same
phrases recur from resume to resume) mostly hit the cache.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from retrieval.taxonomy import Taxonomy, catalog_skills, sentences

if TYPE_CHECKING:
    from retrieval.index import IndexSet

# Cosine similarity a phrase needs to its nearest skill surface form. Calibrated by
# `benchmarks/extraction.py --calibrate`: the threshold with the best F1 on the *dev* split of
# tests/data/resumes (labels.yml; ties go to the higher, more precise value). The dev curve is
# flat from 0.66 to 0.86 (F1 0.77-0.78); the sweep is in benchmarks/results/extraction.md.
EMBED_THRESHOLD = 0.82
MAX_PHRASE_WORDS = 5  # longer runs of content words are only seen through their windows
WINDOW_WORDS = 3  # sub-phrases of a run: every window of 2..3 words
# A lone word is too ambiguous to embed ("metrics" is not Metrics Design, "writing" not Scientific
# Writing, "Swedish" not German): on the dev split one-word phrases were right about half the time.
MIN_PHRASE_WORDS = 2
PHRASE_CACHE_SIZE = 50_000

Embed = Callable[[Sequence[str]], np.ndarray]
# Surface-form vectors per (embedding model, taxonomy forms): several extractors in one process
# (tests, benchmark layers) embed the ~1,400 forms once.
_FORM_CACHE: dict[tuple[object, tuple[tuple[str, str], ...]], np.ndarray] = {}

# Function words that end a candidate phrase ("built dashboards in Looker for the sales team"
# -> "built dashboards", "Looker", "sales team"); kept small on purpose.
STOP_WORDS = frozenset(
    """
    a an the and or but nor so yet of in on at to for from by with without into onto over under about
    as per via than then that this these those which who whom whose what when where while why how
    i me my we our us you your he him his she her it its they them their is are was were be been being
    am do does did done have has had having will would shall should can could may might must
    not no also too very more most much many some any all each every both either neither other such
    own same just only even still again ever both few lot lots etc e.g i.e
    up down out off across through during before after since until within around between among
    including include includes included using used use uses
    """.split()
)
# Words that never carry a skill on their own: dates, resume boilerplate, vague quantities.
NOISE_WORDS = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december present now current today year years month months
    team teams company companies work worked working job role roles project projects day days time
    responsible responsibilities duties various several new good great strong solid excellent
    experience experienced summary profile skills skill education references available request
    """.split()
)
# Job titles name people, not skills ("Data Scientist" is not Data Governance): a phrase ending in
# one of these is not embedded.
ROLE_NOUNS = frozenset(
    """
    engineer engineers scientist scientists analyst analysts developer developers manager managers consultant
    consultants specialist specialists lead recruiter recruiters designer designers architect architects intern
    interns assistant officer coordinator coordinators administrator director head controller generalist sourcer
    researcher researchers student students dev devs
    """.split()
)

_WORD = re.compile(r"[^\W_](?:[\w+#]|[.\-/'](?=[\w+#]))*[+#]*", re.UNICODE)
_BREAK = re.compile(r"[,;:()\[\]{}|!?\"“”•·–—]|\s[-/&]\s|\.(?=\s|$)")


@dataclass
class SkillEvidence:
    """A canonical skill and the sentence (an exact substring of the source text) that evidences it."""

    skill: str
    evidence: str
    method: str = "synonym"  # synonym | embedding | column
    score: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """A candidate skill mention: its text, where it is, and the sentence around it."""

    text: str
    start: int
    end: int
    sentence: tuple[int, int]


class SkillExtractor:
    """Free text -> canonical skills with evidence: synonyms first, MiniLM similarity for the rest."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        embed: Embed | None = None,
        *,
        form_vectors: np.ndarray | None = None,
        form_skills: Sequence[str] | None = None,
        threshold: float = EMBED_THRESHOLD,
    ) -> None:
        """`embed` maps texts to L2-normalised rows; without it only the synonym layer runs.

        `form_vectors`/`form_skills` are the skill surface-form vectors (one row per form) and the
        canonical skill of each row; when omitted they are embedded from the taxonomy on first use.
        """
        self.taxonomy = taxonomy
        self.embed = embed
        self.threshold = threshold
        self._forms = np.asarray(form_vectors, dtype=np.float32) if form_vectors is not None else None
        self._form_skills = list(form_skills) if form_skills is not None else None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- construction ------------------------------------------------------------------------------
    @classmethod
    def from_indexes(cls, indexes: IndexSet, *, threshold: float = EMBED_THRESHOLD) -> "SkillExtractor":
        """The extractor of a running app: its taxonomy, and the vectors already in the skills index."""
        from retrieval.embeddings import as_matrix

        embeddings = indexes.embeddings

        def embed(texts: Sequence[str]) -> np.ndarray:
            return as_matrix(embeddings, list(texts))

        vectors = skills = None
        if "skills" in indexes.collections:
            collection = indexes["skills"]
            ids = collection.ids
            if ids:
                vectors = collection.vectors(ids)
                skills = [i.rsplit("#", 1)[0] for i in ids]
        return cls(indexes.taxonomy, embed, form_vectors=vectors, form_skills=skills, threshold=threshold)

    @classmethod
    def from_catalog(cls, *, embed: Embed | None = None, threshold: float = EMBED_THRESHOLD) -> "SkillExtractor":
        """Curated skills straight from data/catalog/skills.yml, with the shared offline MiniLM."""
        if embed is None:
            from retrieval.embeddings import get_embeddings

            embed = get_embeddings().encode
        return cls(Taxonomy(catalog_skills()), embed, threshold=threshold)

    # -- extraction ------------------------------------------------------------------------------------
    def extract(self, text: str, *, threshold: float | None = None, embeddings: bool = True,
                skip: Iterable[tuple[int, int]] = ()) -> list[SkillEvidence]:
        """Canonical skills named or paraphrased in `text`, each with its evidence sentence, in text order.

        `skip`: (start, end) spans not to read, such as a resume's name and contact lines.
        """
        return self.extract_many([text], threshold=threshold, embeddings=embeddings, skips=[list(skip)])[0]

    def extract_many(
        self,
        texts: Sequence[str],
        *,
        threshold: float | None = None,
        embeddings: bool = True,
        skips: Sequence[Iterable[tuple[int, int]]] | None = None,
    ) -> list[list[SkillEvidence]]:
        """`extract` for many texts with one embedding batch (what a bulk import wants)."""
        limit = self.threshold if threshold is None else threshold
        found: list[list[tuple[int, SkillEvidence]]] = []
        pending: list[list[Phrase]] = []
        for n, text in enumerate(texts):
            hits, phrases = self._synonyms(text, list(skips[n]) if skips else [])
            found.append(hits)
            pending.append(phrases if embeddings and self.embed is not None else [])
        if any(pending):
            scored = self.score_phrases([p.text for ps in pending for p in ps])
            k = 0
            for text, phrases, hits in zip(texts, pending, found):
                have = {h.skill for _, h in hits}
                for phrase in phrases:
                    skill, score = scored[k]
                    k += 1
                    if score >= limit and skill not in have:
                        have.add(skill)
                        s, e = phrase.sentence
                        hits.append((phrase.start, SkillEvidence(skill, text[s:e], "embedding", round(score, 3))))
        return [[h for _, h in sorted(hits, key=lambda pair: pair[0])] for hits in found]

    def _synonyms(self, text: str, skip: list[tuple[int, int]]) -> tuple[list[tuple[int, SkillEvidence]], list[Phrase]]:
        """Layer 1 hits (position, evidence) and the candidate phrases left for layer 2."""
        spans = sentences(text)
        hits: list[tuple[int, SkillEvidence]] = []
        seen: set[str] = set()
        covered: list[tuple[int, int]] = list(skip)
        for mention in self.taxonomy.extract(text):
            if any(s <= mention.start < e for s, e in skip):
                continue
            covered.append((mention.start, mention.end))
            if mention.skill in seen:
                continue
            seen.add(mention.skill)
            s, e = _sentence_of(spans, mention.start) or (mention.start, mention.end)
            hits.append((mention.start, SkillEvidence(mention.skill, text[s:e], "synonym", 1.0)))
        return hits, candidate_phrases(text, spans, covered)

    def score_phrases(self, phrases: Sequence[str]) -> list[tuple[str, float]]:
        """(nearest canonical skill, cosine) per phrase; vectors are batched and cached."""
        if not phrases:
            return []
        assert self.embed is not None
        forms, form_skills = self._form_matrix()
        keys = [_norm(p) for p in phrases]
        with self._lock:
            missing = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if missing:
            vectors = np.asarray(self.embed(missing), dtype=np.float32)
            with self._lock:
                for key, vec in zip(missing, vectors):
                    self._cache[key] = vec
                while len(self._cache) > PHRASE_CACHE_SIZE:
                    self._cache.popitem(last=False)
        with self._lock:
            matrix = np.stack([self._cache.get(k) if k in self._cache else self.embed([k])[0] for k in keys])
        sims = matrix @ forms.T
        best = sims.argmax(axis=1)
        return [(form_skills[j], float(sims[i, j])) for i, j in enumerate(best)]

    def _form_matrix(self) -> tuple[np.ndarray, list[str]]:
        """Vectors of every skill surface form (embedded once, on first use, when not given)."""
        if self._forms is None or self._form_skills is None:
            with self._lock:
                if self._forms is None or self._form_skills is None:
                    assert self.embed is not None
                    docs = self.taxonomy.skill_documents()
                    key = (id(self.embed.__self__) if hasattr(self.embed, "__self__") else id(self.embed),
                           tuple((d[2]["skill"], d[1]) for d in docs))
                    if key not in _FORM_CACHE:
                        _FORM_CACHE.clear()  # one taxonomy at a time; it is ~2 MB
                        _FORM_CACHE[key] = np.asarray(self.embed([d[1] for d in docs]), dtype=np.float32)
                    self._forms = _FORM_CACHE[key]
                    self._form_skills = [d[2]["skill"] for d in docs]
        return self._forms, self._form_skills


def candidate_phrases(text: str, spans: Sequence[tuple[int, int]] | None = None,
                      covered: Iterable[tuple[int, int]] = ()) -> list[Phrase]:
    """Runs of content words per sentence (outside `covered` spans), plus their short windows."""
    spans = sentences(text) if spans is None else spans
    blocked = sorted(covered)
    out: list[Phrase] = []
    seen: set[tuple[int, int]] = set()
    for s, e in spans:
        for run in _runs(text, s, e, blocked):
            candidates = []
            if MIN_PHRASE_WORDS <= len(run) <= MAX_PHRASE_WORDS:
                candidates.append((0, len(run)))
            for n in range(2, min(WINDOW_WORDS, len(run) - 1) + 1):
                candidates.extend((i, i + n) for i in range(len(run) - n + 1))
            for i, j in candidates:
                words = run[i:j]
                start, end = words[0][1], words[-1][2]
                if (start, end) in seen or not _worth_embedding([w for w, _, _ in words]):
                    continue
                seen.add((start, end))
                out.append(Phrase(text[start:end], start, end, (s, e)))
    return out


def _runs(text: str, s: int, e: int, blocked: Sequence[tuple[int, int]]) -> list[list[tuple[str, int, int]]]:
    """Maximal runs of content words in text[s:e], cut at stop words, punctuation and covered spans."""
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    last_end = s
    for m in _WORD.finditer(text, s, e):
        word, ws, we = m.group(), m.start(), m.end()
        gap = text[last_end:ws]
        last_end = we
        if current and _BREAK.search(gap):
            runs.append(current)
            current = []
        lowered = word.casefold()
        if lowered in STOP_WORDS or any(bs < we and ws < be for bs, be in blocked):
            if current:
                runs.append(current)
            current = []
            continue
        current.append((word, ws, we))
    if current:
        runs.append(current)
    return runs


def _worth_embedding(words: Sequence[str]) -> bool:
    """Skip phrases that cannot name a skill: lone words, job titles, numbers, dates, boilerplate."""
    content = [w for w in words if w.casefold() not in NOISE_WORDS and not any(c.isdigit() for c in w)]
    if len(words) < MIN_PHRASE_WORDS or not content or words[-1].casefold() in ROLE_NOUNS:
        return False
    return not any("@" in w for w in words)


def _sentence_of(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return None


def _norm(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


__all__ = ["EMBED_THRESHOLD", "Phrase", "SkillExtractor", "candidate_phrases"]
