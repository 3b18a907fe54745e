"""Raw faiss indexes: the kind follows the size threshold; masked and exact search agree on a flat index."""

from __future__ import annotations

import numpy as np

from retrieval.faiss_index import choose_kind, exact_top, masked_search, new_faiss_index


def test_index_kind_follows_the_size_threshold() -> None:
    assert choose_kind(10, ann_threshold=100) == "flat"
    assert choose_kind(100, ann_threshold=100, ann_kind="hnsw") == "hnsw"
    assert choose_kind(100, ann_threshold=100, ann_kind="ivf") == "ivf"


def test_masked_search_and_exact_top_agree_on_a_flat_index() -> None:
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(100, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index = new_faiss_index("flat", 16)
    index.add(vecs)
    mask = np.zeros(100, dtype=bool)
    mask[::3] = True
    q = vecs[:1]
    masked = masked_search(index, q, 5, mask, ef_search=None, nprobe=None)
    exact = exact_top(index, q, np.flatnonzero(mask), 5)
    assert [p for p, _ in masked] == [p for p, _ in exact] and all(p % 3 == 0 for p, _ in masked)
    assert masked[0][0] == 0
