"""Swapping the vector backend by configuration: the same indexes and searches on another VectorStore."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.vectorstores import InMemoryVectorStore
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import Candidate
from retrieval.backends import BackendError, make_vectorstore
from retrieval.hybrid import search
from retrieval.index import open_indexes
from retrieval.vectorstore import FaissVectorStore
from tests.retrieval.helpers import HashEmbeddings


def memory_factory(*, embedding, collection):  # used through HRBOT_VECTOR_BACKEND=module:factory
    store = InMemoryVectorStore(embedding=embedding)
    store.collection_name = collection
    return store


def test_factory_by_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    emb = HashEmbeddings()
    assert isinstance(make_vectorstore(emb, collection="x"), FaissVectorStore)
    monkeypatch.setenv("HRBOT_VECTOR_BACKEND", "memory")
    assert isinstance(make_vectorstore(emb, collection="x"), InMemoryVectorStore)
    monkeypatch.setenv("HRBOT_VECTOR_BACKEND", f"{__name__}:memory_factory")
    store = make_vectorstore(emb, collection="candidates")
    assert isinstance(store, InMemoryVectorStore) and store.collection_name == "candidates"
    for bad in ("pgvectorr", "no.such.module:factory", f"{__name__}:HashEmbeddings"):
        monkeypatch.setenv("HRBOT_VECTOR_BACKEND", bad)
        with pytest.raises(BackendError):
            make_vectorstore(emb, collection="x")


@pytest.mark.parametrize("backend", ["memory", "langchain-faiss", f"{__name__}:memory_factory"])
def test_search_and_updates_on_another_backend(backend: str, store_copy: Engine, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_VECTOR_BACKEND", backend)
    monkeypatch.setenv("HRBOT_INDEX_DIR", str(tmp_path / "idx"))
    indexes = open_indexes(store_copy, collections=("candidates", "skills"), embeddings=HashEmbeddings(dim=384))
    assert not isinstance(indexes.candidates.store, FaissVectorStore)
    with session_scope(store_copy) as session:
        berlin = len(session.exec(select(Candidate.id).where(Candidate.location == "Berlin")).all())
    res = search("python engineer", location="Berlin", top=12, indexes=indexes, mode="hybrid")
    assert len(res.hits) == min(12, berlin) and all(h.location == "Berlin" for h in res.hits)
    res = search("python engineer", location="Berlin", top=12, indexes=indexes, mode="dense")
    assert len(res.hits) == min(12, berlin)  # over-fetching fills the filtered top-k
    with session_scope(store_copy) as session:
        session.add(Candidate(full_name="Zed", headline="Beekeeper", location="Lisbon", resume_text="apiary honey bees"))
    report = indexes.update_candidates()
    assert report.added == 1 and report.embedded == 1 and not report.rebuilt
    assert search("apiary honey bees", top=1, indexes=indexes, mode="dense").hits[0].headline == "Beekeeper"
