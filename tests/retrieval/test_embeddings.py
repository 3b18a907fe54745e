"""The offline MiniLM behind LangChain's Embeddings interface."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from retrieval import embeddings
from retrieval.embeddings import DIM, MODEL_NAME, MiniLMEmbeddings, get_embeddings, model_id, wants_bf16


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


def test_bf16_index_vectors_match_fp32_ones_and_queries_stay_fp32() -> None:
    texts = ["PyTorch deep learning engineer", "payroll and benefits administrator", "nurse " * 400]
    fp32 = MiniLMEmbeddings(precision="fp32")
    bf16 = MiniLMEmbeddings(precision="bf16")
    assert not fp32.bf16 and bf16.bf16
    a, b = fp32.encode(texts), bf16.encode(texts)
    assert b.dtype == np.float32 and np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert np.all(np.sum(a * b, axis=1) > 0.999)  # the same vectors, so an index may mix the two
    assert np.array_equal(bf16.encode_query("deep learning"), fp32.encode_query("deep learning"))


def test_auto_precision_follows_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not wants_bf16("fp32") and wants_bf16("bf16")
    monkeypatch.setattr(embeddings, "cpu_has_native_bf16", lambda: False)
    assert not wants_bf16("auto")
    monkeypatch.setattr(embeddings, "cpu_has_native_bf16", lambda: True)
    assert wants_bf16("auto")
