"""FaissVectorStore: the LangChain VectorStore contract, metadata filters, and why we wrap faiss ourselves."""

from __future__ import annotations

import numpy as np
from langchain_core.documents import Document
from langchain_core.vectorstores import InMemoryVectorStore, VectorStore

from retrieval.backends import dense_search
from retrieval.vectorstore import FaissVectorStore
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
