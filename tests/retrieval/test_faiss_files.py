"""A saved vector store reads back the same, and a damaged file is reported as corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.faiss_files import StoreCorrupt
from retrieval.vectorstore import FaissVectorStore
from tests.retrieval.helpers import HashEmbeddings, random_store


def test_save_load_roundtrip_and_corruption(tmp_path: Path) -> None:
    store, vecs = random_store("flat", n=200)
    store.delete(["5"])
    store.save(tmp_path)
    back = FaissVectorStore.load(tmp_path, HashEmbeddings(dim=32))
    assert len(back) == 199 and "5" not in back
    assert back.search_vector(vecs[9], 3) == store.search_vector(vecs[9], 3)
    (tmp_path / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(StoreCorrupt):
        FaissVectorStore.load(tmp_path, HashEmbeddings(dim=32))
