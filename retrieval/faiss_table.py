"""Documents at faiss positions: upserts, filtered top-k by vector, compaction and persistence.

Positions and ids: each vector sits at a faiss position (its insertion order). Deleting or
replacing a document marks its position dead (a tombstone, excluded from every search through
the selector) instead of shifting the index; `compact()` rewrites the index without the dead
positions, automatically once they exceed `COMPACT_RATIO` of it. `FaissVectorStore`
(vectorstore.py) puts the LangChain `VectorStore` interface on top.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import faiss
import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.embeddings import normalise
from retrieval.faiss_files import read_store_files, write_store_files
from retrieval.faiss_index import EXACT_SUBSET_MAX, exact_top, index_kind, masked_search, new_faiss_index, search_params

COMPACT_RATIO = 0.2
FRESH_MAX = 5_000  # vectors added to a trained ANN index that every search also scores exactly

T = TypeVar("T", bound="FaissTable")


class FaissTable:
    """A faiss index plus the id, text and metadata of the document at each position."""

    def __init__(
        self,
        embedding: Embeddings,
        dim: int | None = None,
        *,
        kind: str = "flat",
        store_text: bool = True,
        index: faiss.Index | None = None,
    ) -> None:
        self._embedding = embedding
        self.dim = int(dim or getattr(embedding, "dim", 0) or len(embedding.embed_query("dimension probe")))
        self.store_text = store_text
        self.index: faiss.Index = index if index is not None else new_faiss_index(kind, self.dim) if kind != "ivf" else None
        self._pending_kind = kind  # an IVF index is created on the first add (it needs training data)
        self._pos_to_id: list[str | None] = []
        self._id_to_pos: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        self._metas: dict[str, dict[str, Any]] = {}
        # Positions added after an ANN index was trained: its lists were drawn without them, and a
        # new profile unlike the rest can fall outside every list a query probes, so searches also
        # score these exactly (like a search engine's fresh segment) until a compaction retrains.
        self._fresh: list[int] = []
        self._lock = threading.RLock()

    @property
    def kind(self) -> str:
        return index_kind(self.index) if self.index is not None else self._pending_kind

    def __len__(self) -> int:
        return len(self._id_to_pos)

    @property
    def dead(self) -> int:
        return len(self._pos_to_id) - len(self._id_to_pos)

    def ids(self) -> list[str]:
        return list(self._id_to_pos)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._id_to_pos

    def add_vectors(
        self,
        vectors: np.ndarray,
        *,
        ids: Sequence[str] | None = None,
        texts: Sequence[str] | None = None,
        metadatas: Sequence[dict[str, Any]] | None = None,
    ) -> list[str]:
        """Insert or replace (upsert) documents whose vectors are already computed."""
        vectors = normalise(np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim))
        n = len(vectors)
        if ids is None:
            ids = [uuid.uuid4().hex for _ in range(n)]
        ids = [str(i) for i in ids]
        if len(ids) != n or (texts is not None and len(texts) != n) or (metadatas is not None and len(metadatas) != n):
            raise ValueError("ids, texts and metadatas must match the number of vectors")
        if len(set(ids)) != n:
            raise ValueError("duplicate ids in one add")
        with self._lock:
            self._tombstone([i for i in ids if i in self._id_to_pos])
            trained = self.index is not None and self.kind != "flat"
            if self.index is None:  # IVF: train on the first batch
                self.index = new_faiss_index(self._pending_kind, self.dim, train=vectors)
            start = len(self._pos_to_id)
            if trained and n:
                self._fresh = (self._fresh + list(range(start, start + n)))[-FRESH_MAX:]
            if n:
                self.index.add(vectors)
                if isinstance(self.index, faiss.IndexIVF):
                    self.index.make_direct_map()
            for k, doc_id in enumerate(ids):
                self._pos_to_id.append(doc_id)
                self._id_to_pos[doc_id] = start + k
                if texts is not None and self.store_text:
                    self._texts[doc_id] = texts[k]
                self._metas[doc_id] = dict(metadatas[k]) if metadatas is not None else {}
            self._maybe_compact()
        return ids

    # -- the fast path: vectors in, (id, score) out ------------------------------------------------
    def search_vector(
        self,
        vector: np.ndarray,
        k: int,
        *,
        allowed_ids: Collection[Any] | None = None,
        ef_search: int | None = None,
        nprobe: int | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (id, cosine) among live documents, restricted to `allowed_ids` when given.

        A filtered query returns min(k, number of allowed live documents) results.
        """
        with self._lock:
            live = len(self._id_to_pos)
            if k <= 0 or live == 0 or self.index is None:
                return []
            q = normalise(np.asarray(vector, dtype=np.float32).reshape(1, self.dim))
            if allowed_ids is not None:
                positions = np.fromiter(
                    (self._id_to_pos[a] for a in (str(x) for x in allowed_ids) if a in self._id_to_pos),
                    dtype=np.int64,
                )
                if len(positions) == 0:
                    return []
                k = min(k, len(positions))
                if self.kind != "flat" and (len(positions) <= EXACT_SUBSET_MAX or len(positions) < 0.05 * live):
                    return self._exact_subset(q, positions, k)
                mask = np.zeros(len(self._pos_to_id), dtype=bool)
                mask[positions] = True
            elif self.dead:
                k = min(k, live)
                mask = np.fromiter((d is not None for d in self._pos_to_id), dtype=bool, count=len(self._pos_to_id))
            else:
                k = min(k, live)
                mask = None
            hits = self._faiss_search(q, k, mask, ef_search=ef_search, nprobe=nprobe)
            if len(hits) < k and self.kind != "flat":  # ANN came back short under a filter: be exact
                positions = np.flatnonzero(mask) if mask is not None else np.arange(len(self._pos_to_id))
                return self._exact_subset(q, positions, k)
            return self._with_fresh(q, hits, k, mask)

    def _with_fresh(self, q: np.ndarray, hits: list[tuple[str, float]], k: int,
                    mask: np.ndarray | None) -> list[tuple[str, float]]:
        """ANN hits merged with the exact scores of the fresh positions (allowed ones under a mask)."""
        if not self._fresh or self.kind == "flat":
            return hits
        fresh = np.asarray(self._fresh, dtype=np.int64)
        if mask is not None:
            fresh = fresh[mask[fresh]]
        best = dict(hits)
        for doc_id, score in self._exact_subset(q, fresh, k):
            best[doc_id] = max(score, best.get(doc_id, score))
        return sorted(best.items(), key=lambda item: -item[1])[:k]

    def search_vectors(self, queries: np.ndarray, k: int, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
        """Batch search without filters, for benchmarks: (scores, positions) as faiss returns them."""
        with self._lock:
            params = search_params(self.index, None, kwargs.get("ef_search"), kwargs.get("nprobe"))
            return self.index.search(normalise(queries), k, params=params)

    def _faiss_search(
        self, q: np.ndarray, k: int, mask: np.ndarray | None, *, ef_search: int | None, nprobe: int | None
    ) -> list[tuple[str, float]]:
        hits = masked_search(self.index, q, k, mask, ef_search=ef_search, nprobe=nprobe)
        return [(self._pos_to_id[p], s) for p, s in hits if self._pos_to_id[p] is not None]

    def _exact_subset(self, q: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Exact inner product over the given live positions (vectors read back from the index)."""
        positions = np.asarray([p for p in positions if self._pos_to_id[p] is not None], dtype=np.int64)
        if len(positions) == 0:
            return []
        return [(self._pos_to_id[p], s) for p, s in exact_top(self.index, q, positions, k)]

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """Stored vectors of live ids (rows in the order given)."""
        pos = np.asarray([self._id_to_pos[str(i)] for i in ids], dtype=np.int64)
        if len(pos) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(pos)

    # -- maintenance -------------------------------------------------------------------------------
    def _tombstone(self, ids: Sequence[str]) -> None:
        for doc_id in ids:
            pos = self._id_to_pos.pop(doc_id)
            self._pos_to_id[pos] = None
            self._texts.pop(doc_id, None)
            self._metas.pop(doc_id, None)

    def _reset(self) -> None:
        kind = self.kind
        self.index = new_faiss_index(kind, self.dim) if kind != "ivf" else None
        self._pending_kind = kind
        self._pos_to_id, self._id_to_pos, self._texts, self._metas = [], {}, {}, {}
        self._fresh = []

    def _maybe_compact(self) -> None:
        if self._pos_to_id and self.dead > COMPACT_RATIO * len(self._pos_to_id):
            self.compact()

    def compact(self, kind: str | None = None) -> None:
        """Rewrite the index with live vectors only (and optionally as another kind)."""
        with self._lock:
            ids = [d for d in self._pos_to_id if d is not None]
            vecs = self.vectors(ids) if ids else np.zeros((0, self.dim), dtype=np.float32)
            kind = kind or self.kind
            self.index = new_faiss_index(kind, self.dim, train=vecs) if (kind != "ivf" or len(vecs)) else None
            self._pending_kind = kind
            self._fresh = []
            if len(vecs):
                self.index.add(vecs)
                if isinstance(self.index, faiss.IndexIVF):
                    self.index.make_direct_map()
            self._pos_to_id = list(ids)
            self._id_to_pos = {d: p for p, d in enumerate(ids)}

    def memory_bytes(self) -> int:
        """Approximate bytes held by the faiss index (vectors plus graph or lists)."""
        if self.index is None:
            return 0
        return int(faiss.serialize_index(self.index).nbytes)

    # -- persistence ---------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """Write `vectors.faiss` and `store.json` atomically (temp files, then rename; JSON last).

        Tombstones are saved as they are (null ids), so saving after a small update never
        triggers a graph rebuild; compaction happens only past COMPACT_RATIO.
        """
        self.snapshot().write(Path(folder))

    def snapshot(self) -> "TableSnapshot":
        """This table as it is now, in memory (a copy: searches wait for that, not for the disk)."""
        with self._lock:
            index = self.index if self.index is not None else new_faiss_index("flat", self.dim)
            return TableSnapshot(faiss.serialize_index(index), self.dim, self.kind, self.store_text,
                                 list(self._pos_to_id), dict(self._texts) if self.store_text else {},
                                 dict(self._metas), list(self._fresh))

    @classmethod
    def load(cls: type[T], folder: str | Path, embedding: Embeddings) -> T:
        """Read a saved store back; raises StoreCorrupt when the files disagree or do not parse."""
        index, meta = read_store_files(Path(folder))
        ids = meta["ids"]
        store = cls(embedding, dim=meta["dim"], kind=meta["kind"], store_text=meta["store_text"], index=index)
        store._pending_kind = meta["kind"]
        if isinstance(index, faiss.IndexIVF):
            index.make_direct_map()
        store._pos_to_id = ids
        store._id_to_pos = {d: p for p, d in enumerate(ids) if d is not None}
        store._texts = meta.get("texts", {})
        store._metas = meta.get("metadatas", {})
        store._fresh = [int(p) for p in meta.get("fresh", [])]
        return store


@dataclass(frozen=True)
class TableSnapshot:
    """A table's bytes and tables at one moment, written later without holding its lock."""

    blob: np.ndarray
    dim: int
    kind: str
    store_text: bool
    ids: list[str | None]
    texts: dict[str, str]
    metadatas: dict[str, dict[str, Any]]
    fresh: list[int]

    def write(self, folder: Path) -> None:
        write_store_files(folder, self.blob, dim=self.dim, kind=self.kind, store_text=self.store_text,
                          ids=self.ids, texts=self.texts, metadatas=self.metadatas, fresh=self.fresh)


__all__ = ["HNSW_M", "IVF_NPROBE", "FaissVectorStore", "StoreCorrupt", "TableSnapshot", "choose_kind",
           "new_faiss_index", "query_threads"]
