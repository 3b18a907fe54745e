"""Raw faiss indexes for normalised vectors: which kind for which size, how to build and search one.

Kinds (chosen by size, see `retrieval.config`): `flat` (exact inner product) below the ANN
threshold, `hnsw` or `ivf` above it. A filter is a bitmap `IDSelector` over index positions,
evaluated during the scan; a small allowed subset is scored exactly from the stored vectors.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import faiss
import numpy as np

from retrieval.config import settings

# Under this many allowed documents an ANN index answers a filtered query exactly from the
# stored vectors (graph search with a very selective filter loses recall and returns short lists).
EXACT_SUBSET_MAX = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
IVF_NPROBE = 24
IVF_TRAIN_PER_LIST = 64  # k-means sample: 64 points per list (faiss asks for at least 39)
IVF_TRAIN_ITERATIONS = 10

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

def search_params(index: faiss.Index, selector: Any = None, ef_search: int | None = None,
                  nprobe: int | None = None) -> Any:
    """Per-query search parameters for this kind of index, with an optional id selector."""
    kind = index_kind(index)
    if kind == "hnsw":
        params = faiss.SearchParametersHNSW()
        params.efSearch = int(ef_search or index.hnsw.efSearch)
    elif kind == "ivf":
        params = faiss.SearchParametersIVF()
        params.nprobe = int(nprobe or index.nprobe)
    else:
        params = faiss.SearchParameters()
    if selector is not None:
        params.sel = selector
    return params


def masked_search(index: faiss.Index, q: np.ndarray, k: int, mask: np.ndarray | None, *,
                  ef_search: int | None, nprobe: int | None) -> list[tuple[int, float]]:
    """Top-k (position, score) of one query among the positions `mask` allows (all when None)."""
    selector = bits = None
    if mask is not None:
        bits = np.packbits(mask, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
    if index_kind(index) == "hnsw" and ef_search is None:
        ef_search = max(index.hnsw.efSearch, k)
    params = search_params(index, selector, ef_search, nprobe)
    with query_threads():
        scores, pos = index.search(q, k, params=params)
    del bits  # kept alive until the search returned
    return [(int(p), float(s)) for p, s in zip(pos[0], scores[0]) if p >= 0]


def exact_top(index: faiss.Index, q: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Exact inner product over the given positions (vectors read back from the index), best first."""
    k = min(k, len(positions))
    scores = np.empty(len(positions), dtype=np.float32)
    chunk = 65_536
    for s in range(0, len(positions), chunk):
        vecs = index.reconstruct_batch(positions[s : s + chunk])
        scores[s : s + chunk] = vecs @ q[0]
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(positions[t]), float(scores[t])) for t in top]
