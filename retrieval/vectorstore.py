"""A thin LangChain `VectorStore` over faiss that filters inside the search.

Why not LangChain's stock `FAISS`: it filters *after* fetching `fetch_k` (20) neighbours, so a
selective filter ("Berlin, senior") returns fewer than k results, and it persists with pickle.
Here a filter becomes a faiss `IDSelector` evaluated during the scan, so a filtered query returns
a full top-k whenever k matching documents exist; persistence is a faiss file plus JSON.

Index kinds (chosen by size, see `retrieval.config`): `flat` (exact inner product) below the
ANN threshold, `hnsw` or `ivf` above it. Vectors are L2-normalised, so scores are cosines.

Positions and ids: each vector sits at a faiss position (its insertion order). Deleting or
replacing a document marks its position dead (a tombstone, excluded from every search through
the selector) instead of shifting the index; `compact()` rewrites the index without the dead
positions, automatically once they exceed `COMPACT_RATIO` of it.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from retrieval.config import settings
from retrieval.embeddings import as_matrix, normalise, query_vector

INDEX_FILE = "vectors.faiss"
META_FILE = "store.json"
FORMAT_VERSION = 1
COMPACT_RATIO = 0.2
# Under this many allowed documents an ANN index answers a filtered query exactly from the
# stored vectors (graph search with a very selective filter loses recall and returns short lists).
EXACT_SUBSET_MAX = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
IVF_NPROBE = 24
IVF_TRAIN_PER_LIST = 64  # k-means sample: 64 points per list (faiss asks for at least 39)
IVF_TRAIN_ITERATIONS = 10

Filter = dict[str, Any] | Callable[[dict[str, Any]], bool] | None


class StoreCorrupt(RuntimeError):
    """A saved store cannot be read back consistently (the caller rebuilds it)."""


_omp_lock = threading.Lock()


@contextmanager
def query_threads(n: int | None = None) -> Iterator[None]:
    """Run a single query with `n` OpenMP threads (default from settings; 0 = leave faiss alone).

    One query on 2 busy cores is several times faster single-threaded than with OpenMP
    threads waiting on each other (benchmarks/retrieval.py).
    """
    n = settings().faiss_query_threads if n is None else n
    if n <= 0:
        yield
        return
    with _omp_lock:
        previous = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(n)
        try:
            yield
        finally:
            faiss.omp_set_num_threads(previous)


def choose_kind(size: int, ann_threshold: int | None = None, ann_kind: str | None = None) -> str:
    """`flat` below the ANN threshold, else the configured ANN kind."""
    cfg = settings()
    threshold = cfg.ann_threshold if ann_threshold is None else ann_threshold
    if size < threshold:
        return "flat"
    kind = (ann_kind or cfg.ann_kind).lower()
    return kind if kind in ("hnsw", "ivf") else "ivf"


def _ivf_nlist(n: int) -> int:
    """About 4*sqrt(n) lists, a power of two, at least 64 training points per list."""
    nlist = 1 << max(4, int(math.log2(max(16.0, 4 * math.sqrt(max(n, 1))))))
    while nlist > 16 and n < 64 * nlist:
        nlist //= 2
    return nlist


def new_faiss_index(kind: str, dim: int, train: np.ndarray | None = None) -> faiss.Index:
    """An empty (trained, for IVF) faiss index of `kind` for normalised vectors."""
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    if kind == "ivf":
        if train is None or len(train) == 0:
            raise ValueError("an IVF index needs training vectors")
        nlist = _ivf_nlist(len(train))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = IVF_TRAIN_ITERATIONS
        sample = train
        if len(train) > IVF_TRAIN_PER_LIST * nlist:
            rng = np.random.default_rng(0)
            sample = train[np.sort(rng.choice(len(train), IVF_TRAIN_PER_LIST * nlist, replace=False))]
        index.train(np.ascontiguousarray(sample, dtype=np.float32))
        index.nprobe = IVF_NPROBE
        index.make_direct_map()
        index.quantizer_trains_alone = 0
        return index
    raise ValueError(f"unknown index kind {kind!r} (flat, hnsw, ivf)")


def index_kind(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(index, faiss.IndexIVF):
        return "ivf"
    return "flat"


class FaissVectorStore(VectorStore):
    """Embedded vector store: faiss index + id/metadata table, filters evaluated inside faiss."""

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
        self._lock = threading.RLock()

    # -- LangChain basics ----------------------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        return self._embedding

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

    def add_texts(
        self,
        texts: Iterable[str],
        metadatas: list[dict] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> list[str]:
        texts = list(texts)
        vectors = as_matrix(self._embedding, texts, progress=bool(kwargs.get("progress")))
        return self.add_vectors(vectors, ids=ids, texts=texts, metadatas=metadatas)

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
            import uuid

            ids = [uuid.uuid4().hex for _ in range(n)]
        ids = [str(i) for i in ids]
        if len(ids) != n or (texts is not None and len(texts) != n) or (metadatas is not None and len(metadatas) != n):
            raise ValueError("ids, texts and metadatas must match the number of vectors")
        if len(set(ids)) != n:
            raise ValueError("duplicate ids in one add")
        with self._lock:
            self._tombstone([i for i in ids if i in self._id_to_pos])
            if self.index is None:  # IVF: train on the first batch
                self.index = new_faiss_index(self._pending_kind, self.dim, train=vectors)
            start = len(self._pos_to_id)
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

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        if ids is None:
            with self._lock:
                self._reset()
            return True
        with self._lock:
            gone = [str(i) for i in ids if str(i) in self._id_to_pos]
            self._tombstone(gone)
            self._maybe_compact()
        return True

    def get_by_ids(self, ids: Sequence[str], /) -> list[Document]:
        out = []
        for doc_id in ids:
            key = str(doc_id)
            if key in self._id_to_pos:
                out.append(Document(id=key, page_content=self._texts.get(key, ""), metadata=dict(self._metas.get(key, {}))))
        return out

    def similarity_search(self, query: str, k: int = 4, filter: Filter = None, **kwargs: Any) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score(query, k, filter=filter, **kwargs)]

    def similarity_search_with_score(
        self, query: str, k: int = 4, filter: Filter = None, **kwargs: Any
    ) -> list[tuple[Document, float]]:
        vec = query_vector(self._embedding, query)
        return self.similarity_search_with_score_by_vector(vec, k, filter=filter, **kwargs)

    def similarity_search_by_vector(
        self, embedding: list[float], k: int = 4, filter: Filter = None, **kwargs: Any
    ) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score_by_vector(embedding, k, filter=filter, **kwargs)]

    def similarity_search_with_score_by_vector(
        self, embedding: Sequence[float] | np.ndarray, k: int = 4, filter: Filter = None, **kwargs: Any
    ) -> list[tuple[Document, float]]:
        allowed = kwargs.get("allowed_ids")
        if filter is not None:
            by_meta = self._ids_matching(filter)
            allowed = by_meta if allowed is None else by_meta & {str(a) for a in allowed}
        hits = self.search_vector(np.asarray(embedding, dtype=np.float32), k, allowed_ids=allowed)
        return [
            (Document(id=i, page_content=self._texts.get(i, ""), metadata=dict(self._metas.get(i, {}))), s)
            for i, s in hits
        ]

    def _select_relevance_score_fn(self) -> Callable[[float], float]:
        return lambda score: (1.0 + score) / 2.0  # cosine in [-1, 1] -> [0, 1]

    @classmethod
    def from_texts(
        cls,
        texts: list[str],
        embedding: Embeddings,
        metadatas: list[dict] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> "FaissVectorStore":
        kind = kwargs.pop("kind", None) or choose_kind(len(texts))
        store = cls(embedding, kind=kind, store_text=kwargs.pop("store_text", True))
        store.add_texts(texts, metadatas=metadatas, ids=ids)
        return store

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
            return hits

    def search_vectors(self, queries: np.ndarray, k: int, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
        """Batch search without filters, for benchmarks: (scores, positions) as faiss returns them."""
        with self._lock:
            params = self._params(None, kwargs.get("ef_search"), kwargs.get("nprobe"))
            return self.index.search(normalise(queries), k, params=params)

    def _params(self, selector: Any, ef_search: int | None, nprobe: int | None) -> Any:
        kind = self.kind
        if kind == "hnsw":
            params = faiss.SearchParametersHNSW()
            params.efSearch = int(ef_search or self.index.hnsw.efSearch)
        elif kind == "ivf":
            params = faiss.SearchParametersIVF()
            params.nprobe = int(nprobe or self.index.nprobe)
        else:
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return params

    def _faiss_search(
        self, q: np.ndarray, k: int, mask: np.ndarray | None, *, ef_search: int | None, nprobe: int | None
    ) -> list[tuple[str, float]]:
        selector = bits = None
        if mask is not None:
            bits = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
        if self.kind == "hnsw" and ef_search is None:
            ef_search = max(self.index.hnsw.efSearch, k)
        params = self._params(selector, ef_search, nprobe)
        with query_threads():
            scores, pos = self.index.search(q, k, params=params)
        del bits  # kept alive until the search returned
        return [(self._pos_to_id[p], float(s)) for p, s in zip(pos[0], scores[0]) if p >= 0 and self._pos_to_id[p] is not None]

    def _exact_subset(self, q: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Exact inner product over the given positions (vectors read back from the index)."""
        positions = np.asarray([p for p in positions if self._pos_to_id[p] is not None], dtype=np.int64)
        if len(positions) == 0:
            return []
        k = min(k, len(positions))
        scores = np.empty(len(positions), dtype=np.float32)
        chunk = 65_536
        for s in range(0, len(positions), chunk):
            vecs = self.index.reconstruct_batch(positions[s : s + chunk])
            scores[s : s + chunk] = vecs @ q[0]
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._pos_to_id[positions[t]], float(scores[t])) for t in top]

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """Stored vectors of live ids (rows in the order given)."""
        pos = np.asarray([self._id_to_pos[str(i)] for i in ids], dtype=np.int64)
        if len(pos) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(pos)

    # -- metadata filters ------------------------------------------------------------------------
    def _ids_matching(self, filter: Filter) -> set[str]:
        if callable(filter):
            return {i for i in self._id_to_pos if filter(self._metas.get(i, {}))}
        assert isinstance(filter, dict)

        def ok(meta: dict[str, Any]) -> bool:
            for key, want in filter.items():
                have = meta.get(key)
                if isinstance(want, (list, tuple, set, frozenset)):
                    if have not in want:
                        return False
                elif have != want:
                    return False
            return True

        return {i for i in self._id_to_pos if ok(self._metas.get(i, {}))}

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
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            idx_tmp = folder / f".{INDEX_FILE}.{os.getpid()}.tmp"
            index = self.index if self.index is not None else new_faiss_index("flat", self.dim)
            faiss.write_index(index, str(idx_tmp))
            size = idx_tmp.stat().st_size
            meta = {
                "format": FORMAT_VERSION,
                "dim": self.dim,
                "kind": self.kind,
                "store_text": self.store_text,
                "index_bytes": size,
                "ids": self._pos_to_id,
                "texts": self._texts if self.store_text else {},
                "metadatas": self._metas,
            }
            meta_tmp = folder / f".{META_FILE}.{os.getpid()}.tmp"
            meta_tmp.write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
            os.replace(idx_tmp, folder / INDEX_FILE)
            os.replace(meta_tmp, folder / META_FILE)

    @classmethod
    def load(cls, folder: str | Path, embedding: Embeddings) -> "FaissVectorStore":
        """Read a saved store back; raises StoreCorrupt when the files disagree or do not parse."""
        folder = Path(folder)
        idx_path, meta_path = folder / INDEX_FILE, folder / META_FILE
        if not idx_path.is_file() or not meta_path.is_file():
            raise FileNotFoundError(f"no saved vector store in {folder}")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise StoreCorrupt(f"format {meta.get('format')} is not {FORMAT_VERSION}")
            if idx_path.stat().st_size != meta["index_bytes"]:
                raise StoreCorrupt("index file size does not match its metadata (torn write?)")
            index = faiss.read_index(str(idx_path))
            ids = meta["ids"]
            if index.ntotal != len(ids) or index.d != meta["dim"]:
                raise StoreCorrupt(f"index holds {index.ntotal} vectors of dim {index.d}, metadata says {len(ids)} of {meta['dim']}")
        except StoreCorrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - any parse error means "rebuild"
            raise StoreCorrupt(f"{type(exc).__name__}: {exc}") from exc
        store = cls(embedding, dim=meta["dim"], kind=meta["kind"], store_text=meta["store_text"], index=index)
        store._pending_kind = meta["kind"]
        if isinstance(index, faiss.IndexIVF):
            index.make_direct_map()
        store._pos_to_id = ids
        store._id_to_pos = {d: p for p, d in enumerate(ids) if d is not None}
        store._texts = meta.get("texts", {})
        store._metas = meta.get("metadatas", {})
        return store
