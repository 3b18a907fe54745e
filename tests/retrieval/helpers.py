"""Shared helpers for the retrieval tests: a fast fake embedding, store copies, ground truth."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from retrieval.vectorstore import FaissVectorStore


class HashEmbeddings(Embeddings):
    """Deterministic bag-of-words vectors (hashed tokens): instant, for tests of plumbing only."""

    def __init__(self, dim: int = 64, name: str = "test-hash") -> None:
        self.dim, self.name = dim, name

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for tok in re.findall(r"\w+", text.lower()):
            h = int(hashlib.md5(tok.encode()).hexdigest(), 16)
            v[h % self.dim] += 1.0 if (h >> 8) & 1 else -1.0
        n = np.linalg.norm(v)
        return (v / n if n else v).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def random_store(kind: str, n: int = 3000, dim: int = 32, seed: int = 0) -> tuple[FaissVectorStore, np.ndarray]:
    """A vector store of `n` clustered random vectors (ids '0'..), and the vectors themselves."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(30, dim))
    vecs = centers[rng.integers(0, 30, n)] + 0.3 * rng.normal(size=(n, dim))
    store = FaissVectorStore(HashEmbeddings(dim=dim), dim=dim, kind=kind, store_text=False)
    store.add_vectors(vecs, ids=[str(i) for i in range(n)])
    return store, vecs


def copy_store(src: Path, dst: Path, *, with_indexes: bool = True) -> Path:
    """A private copy of a seeded data dir (SQLite via the backup API, WAL included)."""
    dst.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src / "hrbot.db") as a, sqlite3.connect(dst / "hrbot.db") as b:
        a.backup(b)
    for name in ("seed_truth.jsonl",):
        if (src / name).exists():
            shutil.copy(src / name, dst / name)
    if with_indexes and (src / "indexes").exists():
        shutil.copytree(src / "indexes", dst / "indexes")
    return dst


def use_dir(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("HRBOT_INDEX_DIR", raising=False)
    monkeypatch.delenv("HRBOT_VECTOR_BACKEND", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(folder))


def ensure_indexes(folder: Path) -> Path:
    """Build (once; later calls load from disk) every index of a seeded data dir."""
    from store.engine import get_engine
    from retrieval.index import open_indexes

    with pytest.MonkeyPatch.context() as mp:
        use_dir(mp, folder)
        open_indexes(get_engine())
    return folder


def truth(folder: Path) -> dict[int, dict]:
    """The generator's hidden ground truth: archetype, family, seniority, canonical skills."""
    rows = [json.loads(line) for line in (folder / "seed_truth.jsonl").read_text().splitlines() if line.strip()]
    return {r["candidate_id"]: r for r in rows}
