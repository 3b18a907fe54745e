"""A thin LangChain `VectorStore` over faiss that filters inside the search.

Why not LangChain's stock `FAISS`: it filters *after* fetching `fetch_k` (20) neighbours, so a
selective filter ("Berlin, senior") returns fewer than k results, and it persists with pickle.
Here a filter becomes a faiss `IDSelector` evaluated during the scan, so a filtered query returns
a full top-k whenever k matching documents exist; persistence is a faiss file plus JSON.

The storage (positions, tombstones, compaction, files) is `FaissTable` (faiss_table.py); the
index kinds are in faiss_index.py. Vectors are L2-normalised, so scores are cosines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from retrieval.embeddings import as_matrix, query_vector
from retrieval.faiss_files import StoreCorrupt
from retrieval.faiss_index import HNSW_M, IVF_NPROBE, choose_kind, new_faiss_index, query_threads
from retrieval.faiss_table import COMPACT_RATIO, FaissTable

Filter = dict[str, Any] | Callable[[dict[str, Any]], bool] | None


class FaissVectorStore(FaissTable, VectorStore):
    """Embedded vector store: faiss index + id/metadata table, filters evaluated inside faiss."""

    # -- LangChain basics ----------------------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        return self._embedding

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


__all__ = [
    "COMPACT_RATIO",
    "HNSW_M",
    "IVF_NPROBE",
    "FaissVectorStore",
    "StoreCorrupt",
    "choose_kind",
    "new_faiss_index",
    "query_threads",
]
