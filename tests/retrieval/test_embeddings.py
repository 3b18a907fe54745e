"""The offline MiniLM behind LangChain's Embeddings interface."""

from __future__ import annotations

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.embeddings import DIM, MODEL_NAME, get_embeddings, model_id


def test_minilm_is_a_langchain_embeddings_with_unit_vectors() -> None:
    emb = get_embeddings()
    assert isinstance(emb, Embeddings)
    assert MODEL_NAME in model_id()
    docs = emb.embed_documents(["PyTorch deep learning engineer", "payroll and benefits administrator", "short"])
    assert len(docs) == 3 and all(len(v) == DIM for v in docs)
    mat = emb.encode(["PyTorch deep learning engineer", "payroll and benefits administrator"])
    assert mat.dtype == np.float32 and np.allclose(np.linalg.norm(mat, axis=1), 1.0, atol=1e-4)
    q = np.asarray(emb.embed_query("neural network training with torch"))
    assert q @ mat[0] > q @ mat[1] + 0.1  # meaning, not spelling
    assert np.allclose(emb.encode_query("  neural network   training with torch "), q, atol=1e-6)  # cached, normalised
    assert emb.encode([]).shape == (0, DIM)
