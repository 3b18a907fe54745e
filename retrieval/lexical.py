"""BM25 keyword search (bm25s) with a tokeniser that keeps tech tokens whole (C++, node.js, ci/cd).

Filters are applied inside scoring, so a filtered query ranks only the allowed documents. bm25s
cannot add documents to a built index, and rebuilding it takes seconds at 100k profiles; so, as
Lucene does with segments, changes go to a small recent segment scored with the same Lucene BM25
formula and the base's statistics, and the base masks what they replace or remove. The two merge
(one bm25s build from cached tokens) once the recent segment passes 2% of the base.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[./\-][a-z0-9+#]+)*")
STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then there these
    they this to was will with i my me we our you your he she his her has have had do does did from also
    who which what when where how than very some any all can could would should about over under after before
    while during using used use work worked working years year experience""".split()
)
FORMAT_VERSION = 2  # 2: average length, recent segment and removals saved too
MERGE_MIN = 256  # recent documents (plus removals) below which the base is never rebuilt
MERGE_SHARE = 0.02
META_FILE = "lexical.json"
BASE_FILE = "base.id"  # which build the bm25s files are: another process may have merged since


@lru_cache(maxsize=500_000)
def _expand(tok: str) -> tuple[str, ...]:
    """One raw token -> the index tokens it yields (cached: vocabularies are small, texts are many)."""
    if tok in STOPWORDS:
        return ()
    out = [_stem(tok)]
    if "." in tok or "/" in tok or "-" in tok:
        out.extend(_stem(p) for p in re.split(r"[./\-]", tok) if len(p) > 1 and p not in STOPWORDS)
    return tuple(out)


def _stem(token: str) -> str:
    """A deliberately light stemmer: plurals only (models -> model, libraries -> library)."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")) and token.isalpha():
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens, stopwords dropped, compounds kept whole and also split into parts."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        out.extend(_expand(tok))
    return out


class BM25Index:
    """A bm25s index over documents identified by string ids: a base segment plus recent changes."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._bm25 = None
        self._base_ids: list[str] = []  # position -> id in the bm25s base
        self._base_pos: dict[str, int] = {}
        self._dead: set[int] = set()  # base positions removed or replaced since the base was built
        self._avgdl = 1.0  # of the base, for scoring recent documents alike
        self._recent: dict[str, tuple[Counter[str], int]] = {}  # id -> (term counts, length)
        self._recent_df: Counter[str] = Counter()
        self._tokens: dict[str, list[str]] | None = None  # kept after a build, for merges
        self._generation = ""  # names one build of the base

    def __len__(self) -> int:
        return len(self._base_ids) - len(self._dead) + len(self._recent)

    @property
    def ids(self) -> list[str]:
        """Every live document id (base ones first)."""
        live = [d for p, d in enumerate(self._base_ids) if p not in self._dead and d not in self._recent]
        return live + list(self._recent)

    @property
    def recent(self) -> int:
        """Documents in the recent segment (0 right after a build or a merge)."""
        return len(self._recent)

    def build(self, ids: Sequence[str], texts: Sequence[str]) -> "BM25Index":
        self._tokens = {str(i): tokenize(t) for i, t in zip(ids, texts)}
        self._reindex()
        return self

    def update(self, upserts: Iterable[tuple[str, str]], removed: Iterable[str]) -> bool:
        """Apply changes in the recent segment (milliseconds), merging into the base when it grew large.

        The recent segment is copied, changed, then swapped in, so a search running in another
        thread reads one consistent state. Returns False when a merge is due but no token cache is
        at hand (an index loaded from disk): the caller then builds from every text once, and later
        merges are cheap again.
        """
        dead, recent, recent_df = set(self._dead), dict(self._recent), Counter(self._recent_df)

        def forget(doc_id: str) -> None:
            old = recent.pop(doc_id, None)
            if old is not None:
                recent_df.subtract(old[0].keys())
            pos = self._base_pos.get(doc_id)
            if pos is not None:
                dead.add(pos)

        for doc_id in removed:
            forget(str(doc_id))
            if self._tokens is not None:
                self._tokens.pop(str(doc_id), None)
        for doc_id, text in upserts:
            doc_id = str(doc_id)
            tokens = tokenize(text)
            forget(doc_id)
            counts = Counter(tokens)
            recent[doc_id] = (counts, max(1, len(tokens)))
            recent_df.update(counts.keys())
            if self._tokens is not None:
                self._tokens[doc_id] = tokens
        self._dead, self._recent, self._recent_df = dead, recent, recent_df
        if len(recent) + len(dead) > max(MERGE_MIN, MERGE_SHARE * len(self._base_ids)):
            if self._tokens is None:
                return False
            self._reindex()
        return True

    def _reindex(self) -> None:
        import bm25s  # optional heavy dependency (scipy): loaded when a keyword index is built

        assert self._tokens is not None
        self._base_ids = list(self._tokens)
        self._base_pos = {d: p for p, d in enumerate(self._base_ids)}
        self._dead, self._recent, self._recent_df = set(), {}, Counter()
        self._generation = uuid.uuid4().hex
        if not self._base_ids:
            self._bm25, self._avgdl = None, 1.0
            return
        corpus = [self._tokens[d] or [""] for d in self._base_ids]
        self._avgdl = sum(len(t) for t in corpus) / len(corpus)
        bm25 = bm25s.BM25(k1=self.k1, b=self.b)
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25

    def _base_df(self, token: str) -> int:
        if self._bm25 is None:
            return 0
        tid = self._bm25.vocab_dict.get(token)
        if tid is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every scored position (base, then recent; 0 where no query token occurs)."""
        return self._scores(query_tokens, self._dead, self._recent, self._recent_df)

    def _scores(self, query_tokens: Sequence[str], dead: set[int], recent_docs: dict[str, tuple[Counter[str], int]],
                recent_df: Counter[str]) -> np.ndarray:
        base = np.zeros(len(self._base_ids), dtype=np.float32)
        if self._bm25 is not None:
            token_ids = self._bm25.get_tokens_ids(list(query_tokens))
            if token_ids:
                base = np.asarray(self._bm25.get_scores_from_ids(token_ids), dtype=np.float32)
            if dead:
                base[list(dead)] = 0.0
        if not recent_docs:
            return base
        n_docs = len(self._base_ids) + len(recent_docs)
        avgdl = self._avgdl if self._base_ids else sum(n for _, n in recent_docs.values()) / len(recent_docs)
        recent = np.zeros(len(recent_docs), dtype=np.float32)
        for token in query_tokens:
            df = self._base_df(token) + recent_df.get(token, 0)
            if df <= 0:
                continue
            idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
            for k, (counts, length) in enumerate(recent_docs.values()):
                tf = counts.get(token, 0)
                if tf:
                    recent[k] += idf * tf / (tf + self.k1 * (1 - self.b + self.b * length / avgdl))
        return np.concatenate([base, recent])

    def search(
        self,
        query: str | Sequence[str],
        k: int,
        *,
        allowed_ids: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (id, score) with score > 0, among `allowed_ids` when given."""
        dead, recent, recent_df = self._dead, self._recent, self._recent_df  # one state (see update)
        if (self._bm25 is None and not recent) or k <= 0:
            return []
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        scores = self._scores(tokens, dead, recent, recent_df)
        base_ids, recent_ids = self._base_ids, list(recent)  # position p: base_ids[p], then recent_ids
        if allowed_ids is not None:
            recent_pos = {d: len(base_ids) + i for i, d in enumerate(recent_ids)}
            mask = np.zeros(len(scores), dtype=bool)
            for a in allowed_ids:
                for pos in (self._base_pos.get(str(a)), recent_pos.get(str(a))):
                    if pos is not None:
                        mask[pos] = True
            scores = np.where(mask, scores, 0.0)
        hit = np.flatnonzero(scores > 0)
        if len(hit) == 0:
            return []
        if len(hit) > k:
            hit = hit[np.argpartition(-scores[hit], k - 1)[:k]]
        hit = hit[np.argsort(-scores[hit], kind="stable")]
        n_base = len(base_ids)
        return [(base_ids[p] if p < n_base else recent_ids[p - n_base], float(scores[p])) for p in hit]

    # -- persistence ---------------------------------------------------------------------------
    def _meta(self) -> dict:
        return {"format": FORMAT_VERSION, "k1": self.k1, "b": self.b, "generation": self._generation,
                "ids": self._base_ids, "avgdl": self._avgdl,
                "dead": sorted(self._dead), "recent": {d: [dict(c), n] for d, (c, n) in self._recent.items()}}

    def save(self, folder: str | Path) -> None:
        """Write into a temp folder, then swap it in (readers never see a half-written index)."""
        self.snapshot().write(Path(folder))

    def snapshot(self) -> "LexicalSnapshot":
        """The index as it is now (the base is never changed in place, only replaced: no copy needed)."""
        return LexicalSnapshot(self._meta(), self._bm25, self._generation)

    @classmethod
    def load(cls, folder: str | Path) -> "BM25Index":
        import bm25s  # optional heavy dependency (scipy): loaded when a keyword index is read

        folder = Path(folder)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"lexical index format {meta.get('format')} is not {FORMAT_VERSION}")
        index = cls(k1=meta["k1"], b=meta["b"])
        index._generation = str(meta["generation"])
        if _read_generation(folder) != index._generation:
            raise ValueError("lexical index metadata and base files are from different builds")
        index._base_ids = list(meta["ids"])
        index._base_pos = {d: p for p, d in enumerate(index._base_ids)}
        index._avgdl = float(meta["avgdl"])
        index._dead = {int(p) for p in meta["dead"]}
        for doc_id, (counts, length) in meta["recent"].items():
            index._recent[doc_id] = (Counter(counts), int(length))
            index._recent_df.update(counts.keys())
        if index._base_ids:
            index._bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
            n_docs = int(index._bm25.scores["num_docs"])
            if n_docs != len(index._base_ids):
                raise ValueError(f"lexical index has {n_docs} documents, its id list {len(index._base_ids)}")
        return index


@dataclass(frozen=True)
class LexicalSnapshot:
    """A BM25 index at one moment, written later without holding the collection's lock."""

    meta: dict
    bm25: Any
    generation: str

    def write(self, folder: Path) -> None:
        """When this base is already in `folder` (only the recent segment changed), just the small
        metadata file is replaced: a save then costs milliseconds, not a rewrite of the base."""
        if _read_generation(folder) == self.generation:
            tmp_meta = folder / f".{META_FILE}.{os.getpid()}.tmp"
            tmp_meta.write_text(json.dumps(self.meta), encoding="utf-8")
            os.replace(tmp_meta, folder / META_FILE)
            return
        tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp), show_progress=False)
        (tmp / META_FILE).write_text(json.dumps(self.meta), encoding="utf-8")
        (tmp / BASE_FILE).write_text(self.generation, encoding="ascii")
        old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)


def _read_generation(folder: Path) -> str | None:
    """The build id of the base files in `folder` (None when there are none)."""
    try:
        return (folder / BASE_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return None
