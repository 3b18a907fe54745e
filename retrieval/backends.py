"""Which VectorStore backs a collection: chosen by configuration (`HRBOT_VECTOR_BACKEND`).

`faiss` (default) is the embedded store of `retrieval.vectorstore`, persisted next to the
database. Any other LangChain VectorStore can take its place: `memory` (LangChain's
InMemoryVectorStore), `langchain-faiss` (the stock community wrapper), or a factory given as
`package.module:callable`, called as `callable(embedding=..., collection=...)`, which is how a
deployment plugs in pgvector, Qdrant or Milvus. Filters then run through `dense_search`, which
over-fetches until the filtered top-k is full when the backend cannot filter inside the search.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Sequence
from typing import Any

import faiss
import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore, VectorStore

from retrieval.config import settings
from retrieval.errors import RetrievalError
from retrieval.vectorstore import FaissVectorStore, choose_kind

EMBEDDED = "faiss"


class BackendError(RetrievalError, RuntimeError):
    """The configured backend cannot be created; the message names the setting."""


def backend_name() -> str:
    return settings().backend


def make_vectorstore(
    embedding: Embeddings,
    *,
    collection: str,
    size_hint: int = 0,
    backend: str | None = None,
    store_text: bool = True,
) -> VectorStore:
    """An empty VectorStore for `collection` from the configured backend."""
    name = (backend or backend_name()).strip()
    if name == EMBEDDED:
        return FaissVectorStore(embedding, kind=choose_kind(size_hint), store_text=store_text)
    if name == "memory":
        return InMemoryVectorStore(embedding=embedding)
    if name == "langchain-faiss":
        # langchain_community is optional and deprecated: loaded only when this backend is configured
        from langchain_community.docstore.in_memory import InMemoryDocstore
        from langchain_community.vectorstores import FAISS  # (same reason)
        from langchain_community.vectorstores.utils import DistanceStrategy  # (same reason)

        dim = getattr(embedding, "dim", None) or len(embedding.embed_query("dimension probe"))
        return FAISS(
            embedding_function=embedding,
            index=faiss.IndexFlatIP(dim),
            docstore=InMemoryDocstore(),
            index_to_docstore_id={},
            distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
        )
    if ":" in name:
        module, _, attr = name.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise BackendError(f"HRBOT_VECTOR_BACKEND={name!r}: cannot import {attr} from {module}: {exc}") from exc
        try:
            store = factory(embedding=embedding, collection=collection)
        except Exception as exc:  # noqa: BLE001 - a misconfigured deployment gets a readable error
            raise BackendError(f"HRBOT_VECTOR_BACKEND={name!r}: the factory failed: {type(exc).__name__}: {exc}") from exc
        if not isinstance(store, VectorStore):
            raise BackendError(f"HRBOT_VECTOR_BACKEND={name!r} returned {type(store).__name__}, not a VectorStore")
        return store
    raise BackendError(f"HRBOT_VECTOR_BACKEND={name!r} is not one of faiss, memory, langchain-faiss or module:factory")


def add_with_vectors(store: VectorStore, docs: Sequence[tuple[str, str, str, dict[str, Any]]],
                     vectors: np.ndarray) -> None:
    """Add (id, version, text, metadata) documents whose vectors are already computed, to any backend."""
    if not docs:
        return
    ids = [d[0] for d in docs]
    texts = [d[2] for d in docs]
    metas = [dict(d[3]) for d in docs]
    if isinstance(store, FaissVectorStore):
        store.add_vectors(vectors, ids=ids, texts=texts, metadatas=metas)
    elif hasattr(store, "add_embeddings"):  # langchain FAISS: reuse our vectors
        store.add_embeddings(list(zip(texts, vectors.tolist())), metadatas=metas, ids=ids)  # type: ignore[attr-defined]
    else:
        store.add_documents([Document(id=i, page_content=t, metadata=m) for i, t, m in zip(ids, texts, metas)], ids=ids)


def is_persistent_here(store: VectorStore) -> bool:
    """Whether we save/load the store ourselves (the embedded FAISS store)."""
    return isinstance(store, FaissVectorStore)


def dense_search(
    store: VectorStore,
    vector: np.ndarray,
    k: int,
    allowed_ids: Collection[str] | None = None,
    *,
    size_hint: int | None = None,
) -> list[tuple[str, float]]:
    """Top-k (doc id, score) by vector, restricted to `allowed_ids`, full whenever possible.

    The embedded store filters inside faiss. Other backends are asked for more and more
    neighbours (doubling) until k allowed ones arrive or the collection is exhausted.
    """
    if isinstance(store, FaissVectorStore):
        return store.search_vector(vector, k, allowed_ids=allowed_ids)
    allowed = None if allowed_ids is None else {str(a) for a in allowed_ids}
    if allowed is not None and not allowed:
        return []
    want = k if allowed is None else min(k, len(allowed))
    fetch = max(k, 1) * (1 if allowed is None else 4)
    limit = size_hint if size_hint is not None else 10**9
    vec = [float(x) for x in vector]
    while True:
        pairs: list[tuple[Any, float]] = store.similarity_search_with_score_by_vector(vec, k=fetch)  # type: ignore[attr-defined]
        hits: list[tuple[str, float]] = []
        for doc, score in pairs:
            doc_id = str(doc.id if doc.id is not None else doc.metadata.get("id"))
            if allowed is None or doc_id in allowed:
                hits.append((doc_id, float(score)))
        if len(hits) >= want or len(pairs) < fetch or fetch >= limit:
            return hits[:k]
        fetch *= 2
