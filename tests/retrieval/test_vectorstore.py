"""FaissVectorStore: the LangChain VectorStore contract, in-search filtering, tombstones, persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.documents import Document
from langchain_core.vectorstores import InMemoryVectorStore, VectorStore

from retrieval.backends import dense_search
from retrieval.vectorstore import FaissVectorStore, StoreCorrupt, choose_kind
from tests.retrieval.helpers import HashEmbeddings

TEXTS = [
    "python data engineer airflow spark",
    "react frontend engineer typescript css",
    "pytorch deep learning researcher transformers",
    "recruiter sourcing interviewing hiring",
    "kubernetes terraform platform engineer",
]


def _contract(store: VectorStore) -> None:
    """What every backend must do: add with ids, search, get, upsert, delete."""
    ids = store.add_texts(TEXTS, metadatas=[{"n": i, "even": i % 2 == 0} for i in range(len(TEXTS))],
                          ids=[f"d{i}" for i in range(len(TEXTS))])
    assert ids == [f"d{i}" for i in range(len(TEXTS))]
    top = store.similarity_search("deep learning with pytorch", k=2)
    assert top[0].id == "d2" and top[0].metadata["n"] == 2 and len(top) == 2
    scored = store.similarity_search_with_score("kubernetes terraform", k=1)
    assert scored[0][0].id == "d4" and isinstance(scored[0][1], float)
    got = store.get_by_ids(["d1", "nope"])
    assert [d.id for d in got] == ["d1"] and "react" in got[0].page_content
    store.delete(["d2"])
    assert all(d.id != "d2" for d in store.similarity_search("deep learning with pytorch", k=5))
    store.add_documents([Document(id="d1", page_content="payroll specialist", metadata={"n": 9})], ids=["d1"])
    assert store.get_by_ids(["d1"])[0].page_content == "payroll specialist"
    assert store.similarity_search("payroll specialist", k=1)[0].id == "d1"


def test_faiss_store_honours_the_vectorstore_contract() -> None:
    _contract(FaissVectorStore(HashEmbeddings()))


def test_the_stock_langchain_store_passes_the_same_contract() -> None:
    """The contract is the backend-neutral one: another LangChain store passes it too."""
    _contract(InMemoryVectorStore(embedding=HashEmbeddings()))


def test_from_texts_and_metadata_filter() -> None:
    store = FaissVectorStore.from_texts(TEXTS, HashEmbeddings(), metadatas=[{"even": i % 2 == 0} for i in range(5)],
                                        ids=[str(i) for i in range(5)])
    hits = store.similarity_search("engineer", k=5, filter={"even": True})
    assert {d.id for d in hits} == {"0", "2", "4"}
    hits = store.similarity_search("engineer", k=5, filter=lambda m: not m["even"])
    assert {d.id for d in hits} == {"1", "3"}


def _random_store(kind: str, n: int = 3000, dim: int = 32, seed: int = 0) -> tuple[FaissVectorStore, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(30, dim))
    vecs = centers[rng.integers(0, 30, n)] + 0.3 * rng.normal(size=(n, dim))
    store = FaissVectorStore(HashEmbeddings(dim=dim), dim=dim, kind=kind, store_text=False)
    store.add_vectors(vecs, ids=[str(i) for i in range(n)])
    return store, vecs


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_filtered_search_returns_a_full_top_k(kind: str) -> None:
    store, vecs = _random_store(kind)
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


def test_langchain_stock_faiss_filters_after_the_top_k_but_dense_search_still_fills_it() -> None:
    """Why we wrap faiss ourselves, and why other backends go through the over-fetch loop."""
    from retrieval.backends import make_vectorstore

    emb = HashEmbeddings()
    texts = [f"engineer number {i} python" for i in range(200)]
    stock = make_vectorstore(emb, collection="t", backend="langchain-faiss")
    stock.add_texts(texts, metadatas=[{"id": str(i)} for i in range(200)], ids=[str(i) for i in range(200)])
    allowed = {str(i) for i in range(0, 200, 20)}  # 10 documents
    short = stock.similarity_search("python engineer", k=10, filter=lambda m: m["id"] in allowed)
    assert len(short) < 10  # the stock wrapper post-filters its first fetch_k=20 neighbours
    vec = np.asarray(emb.embed_query("python engineer"), dtype=np.float32)
    assert len(dense_search(stock, vec, 10, allowed)) == 10
    ours = FaissVectorStore(emb)
    ours.add_texts(texts, ids=[str(i) for i in range(200)])
    assert len(dense_search(ours, vec, 10, allowed)) == 10


def test_deletes_are_tombstoned_then_compacted() -> None:
    store, vecs = _random_store("hnsw", n=500)
    store.delete([str(i) for i in range(50)])
    assert len(store) == 450 and store.dead == 50
    hits = store.search_vector(vecs[3], 10)
    assert all(int(h) >= 50 for h, _ in hits) and len(hits) == 10
    store.delete([str(i) for i in range(50, 120)])  # over 20% dead: compacted
    assert store.dead == 0 and len(store) == 380 and store.index.ntotal == 380
    assert all(int(h) >= 120 for h, _ in store.search_vector(vecs[3], 10))


def test_save_load_roundtrip_and_corruption(tmp_path: Path) -> None:
    store, vecs = _random_store("flat", n=200)
    store.delete(["5"])
    store.save(tmp_path)
    back = FaissVectorStore.load(tmp_path, HashEmbeddings(dim=32))
    assert len(back) == 199 and "5" not in back
    assert back.search_vector(vecs[9], 3) == store.search_vector(vecs[9], 3)
    (tmp_path / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(StoreCorrupt):
        FaissVectorStore.load(tmp_path, HashEmbeddings(dim=32))


def test_index_kind_follows_the_size_threshold() -> None:
    assert choose_kind(10, ann_threshold=100) == "flat"
    assert choose_kind(100, ann_threshold=100, ann_kind="hnsw") == "hnsw"
    assert choose_kind(100, ann_threshold=100, ann_kind="ivf") == "ivf"
