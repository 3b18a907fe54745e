"""Documents at faiss positions: a filtered search returns a full top-k, deletes are tombstoned then compacted."""

from __future__ import annotations

import numpy as np
import pytest

from tests.retrieval.helpers import random_store


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_filtered_search_returns_a_full_top_k(kind: str) -> None:
    store, vecs = random_store(kind)
    q = vecs[7]
    for allowed in ({str(i) for i in range(0, 3000, 97)}, {str(i) for i in range(0, 3000, 3)}):
        hits = store.search_vector(q, 20, allowed_ids=allowed)
        assert len(hits) == min(20, len(allowed))
        assert {h for h, _ in hits} <= allowed
        # exact answer for comparison
        ids = np.array(sorted(int(a) for a in allowed))
        sims = (vecs[ids] / np.linalg.norm(vecs[ids], axis=1, keepdims=True)) @ (q / np.linalg.norm(q))
        best = set(map(str, ids[np.argsort(-sims)[:20]]))
        overlap = len(best & {h for h, _ in hits}) / 20
        assert overlap >= (1.0 if kind == "flat" else 0.8)
    assert store.search_vector(q, 5, allowed_ids=set()) == []
    assert len(store.search_vector(q, 5, allowed_ids={"3", "4"})) == 2


def test_deletes_are_tombstoned_then_compacted() -> None:
    store, vecs = random_store("hnsw", n=500)
    store.delete([str(i) for i in range(50)])
    assert len(store) == 450 and store.dead == 50
    hits = store.search_vector(vecs[3], 10)
    assert all(int(h) >= 50 for h, _ in hits) and len(hits) == 10
    store.delete([str(i) for i in range(50, 120)])  # over 20% dead: compacted
    assert store.dead == 0 and len(store) == 380 and store.index.ntotal == 380
    assert all(int(h) >= 120 for h, _ in store.search_vector(vecs[3], 10))


def test_vectors_added_after_ivf_training_are_found_even_outside_the_probed_lists(tmp_path) -> None:
    from retrieval.vectorstore import FaissVectorStore

    store, vecs = random_store("ivf", n=3000)
    rng = np.random.default_rng(5)
    newcomers = rng.normal(size=(40, vecs.shape[1])) * 3.0  # unlike anything the lists were drawn from
    store.add_vectors(newcomers, ids=[f"new{i}" for i in range(40)])
    queries = newcomers + 0.8 * rng.normal(size=newcomers.shape)
    for i in range(40):  # probing one list of 32 (ANN alone finds about 26 of the 40 here)
        assert store.search_vector(queries[i], 3, nprobe=1)[0][0] == f"new{i}"
        assert store.search_vector(queries[i], 3, nprobe=1, allowed_ids={f"new{i}", "1", "2"})[0][0] == f"new{i}"
    store.delete(["new0"])
    assert all(h != "new0" for h, _ in store.search_vector(newcomers[0], 5))
    store.save(tmp_path / "store")
    back = FaissVectorStore.load(tmp_path / "store", store._embedding)
    assert back.search_vector(newcomers[7], 1)[0][0] == "new7"  # still scored exactly after a restart
    back.compact()  # a compaction retrains the lists on every vector: nothing is fresh any more
    assert back._fresh == [] and back.search_vector(newcomers[7], 1)[0][0] == "new7"
