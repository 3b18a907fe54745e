"""BM25 keyword search (bm25s) with a tokeniser that keeps tech tokens whole (C++, node.js, ci/cd).

Filters are applied inside scoring (bm25s `weight_mask`), so a filtered query ranks only the
allowed documents. bm25s cannot add documents to a built index; the index manager rebuilds the
lexical index from the store's texts on change (seconds at 100k profiles, measured in
benchmarks/retrieval.py), while the dense index, the expensive part, is updated in place.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

logging.getLogger("bm25s").setLevel(logging.WARNING)

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[./\-][a-z0-9+#]+)*")
STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then there these
    they this to was will with i my me we our you your he she his her has have had do does did from also
    who which what when where how than very some any all can could would should about over under after before
    while during using used use work worked working years year experience""".split()
)
FORMAT_VERSION = 1
META_FILE = "lexical.json"


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
    """A bm25s index over documents identified by string ids."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._bm25 = None
        self._tokens: dict[str, list[str]] | None = None  # kept after a build, for cheap updates

    def __len__(self) -> int:
        return len(self.ids)

    def build(self, ids: Sequence[str], texts: Sequence[str]) -> "BM25Index":
        self._tokens = {str(i): tokenize(t) for i, t in zip(ids, texts)}
        self._reindex()
        return self

    def update(self, upserts: Iterable[tuple[str, str]], removed: Iterable[str]) -> bool:
        """Re-tokenise only the changed documents and rebuild the scores from cached tokens.

        Returns False when no token cache is at hand (an index loaded from disk): the caller then
        builds from every text once, and later updates are cheap again.
        """
        if self._tokens is None:
            return False
        for doc_id in removed:
            self._tokens.pop(str(doc_id), None)
        for doc_id, text in upserts:
            self._tokens[str(doc_id)] = tokenize(text)
        self._reindex()
        return True

    def _reindex(self) -> None:
        import bm25s  # optional heavy dependency (scipy): loaded when a keyword index is built

        assert self._tokens is not None
        self.ids = list(self._tokens)
        self._pos = {d: p for p, d in enumerate(self.ids)}
        if not self.ids:
            self._bm25 = None
            return
        bm25 = bm25s.BM25(k1=self.k1, b=self.b)
        bm25.index([self._tokens[d] or [""] for d in self.ids], show_progress=False)
        self._bm25 = bm25

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (0 where no query token occurs)."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        token_ids = self._bm25.get_tokens_ids(list(query_tokens))
        if not token_ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores_from_ids(token_ids), dtype=np.float32)

    def search(
        self,
        query: str | Sequence[str],
        k: int,
        *,
        allowed_ids: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (id, score) with score > 0, among `allowed_ids` when given."""
        if self._bm25 is None or k <= 0:
            return []
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        scores = self.scores(tokens)
        if allowed_ids is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            pos = [self._pos[str(a)] for a in allowed_ids if str(a) in self._pos]
            mask[pos] = True
            scores = np.where(mask, scores, 0.0)
        hit = np.flatnonzero(scores > 0)
        if len(hit) == 0:
            return []
        if len(hit) > k:
            hit = hit[np.argpartition(-scores[hit], k - 1)[:k]]
        hit = hit[np.argsort(-scores[hit], kind="stable")]
        return [(self.ids[p], float(scores[p])) for p in hit]

    # -- persistence ---------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """Write into a temp folder, then swap it in (readers never see a half-written index)."""
        folder = Path(folder)
        tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp), show_progress=False)
        (tmp / META_FILE).write_text(
            json.dumps({"format": FORMAT_VERSION, "k1": self.k1, "b": self.b, "ids": self.ids}), encoding="utf-8"
        )
        old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: str | Path) -> "BM25Index":
        import bm25s  # optional heavy dependency (scipy): loaded when a keyword index is read

        folder = Path(folder)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"lexical index format {meta.get('format')} is not {FORMAT_VERSION}")
        index = cls(k1=meta["k1"], b=meta["b"])
        index.ids = list(meta["ids"])
        index._pos = {d: p for p, d in enumerate(index.ids)}
        if index.ids:
            index._bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
            n_docs = int(index._bm25.scores["num_docs"])
            if n_docs != len(index.ids):
                raise ValueError(f"lexical index has {n_docs} documents, its id list {len(index.ids)}")
        return index
