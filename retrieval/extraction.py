"""Skills in free text (resumes, summaries), each with the sentence that evidences it.

Two layers, so that both the exact and the paraphrased mentions count:

1. Taxonomy synonyms (`Taxonomy.extract`): canonical names and curated synonyms ("torch" -> PyTorch).
2. The transformer: every candidate phrase of a sentence that layer 1 did not already cover
   (runs of two or more content words between stop words and punctuation, and their 2-3 word
   windows; never a lone word, never a job title: `phrases.py`) is embedded with MiniLM and
   compared with every surface form of every curated skill (the `skills` index). The nearest skill is kept when the cosine similarity reaches `EMBED_THRESHOLD`,
   calibrated on the dev split of `tests/data/resumes` by `benchmarks/extraction.py`.

Phrase vectors are embedded in one batch per call and cached, so bulk imports (where the same
phrases recur from resume to resume) mostly hit the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from retrieval.embeddings import as_matrix, get_embeddings
from retrieval.phrases import Phrase, candidate_phrases
from retrieval.taxonomy import Taxonomy, catalog_skills, sentences

if TYPE_CHECKING:
    from retrieval.index import IndexSet

# Cosine similarity a phrase needs to its nearest skill surface form. Calibrated by
# `benchmarks/extraction.py --calibrate`: the threshold with the best F1 on the *dev* split of
# tests/data/resumes (labels.yml; ties go to the higher, more precise value). The dev curve is
# flat from 0.66 to 0.86 (F1 0.77-0.78); the sweep is in benchmarks/results/extraction.md.
EMBED_THRESHOLD = 0.82
PHRASE_CACHE_SIZE = 50_000

Embed = Callable[[Sequence[str]], np.ndarray]
# Surface-form vectors per (embedding model, taxonomy forms): several extractors in one process
# (tests, benchmark layers) embed the ~1,400 forms once.
_FORM_CACHE: dict[tuple[object, tuple[tuple[str, str], ...]], np.ndarray] = {}


@dataclass
class SkillEvidence:
    """A canonical skill and the sentence (an exact substring of the source text) that evidences it."""

    skill: str
    evidence: str
    method: str = "synonym"  # synonym | embedding | column
    score: float = 1.0



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


def _sentence_of(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return None


def _norm(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


__all__ = ["EMBED_THRESHOLD", "Phrase", "SkillExtractor", "candidate_phrases"]
