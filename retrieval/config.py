"""Retrieval settings, read from the environment so a deployment configures without code changes.

| variable | default | meaning |
|---|---|---|
| `HRBOT_VECTOR_BACKEND` | `faiss` | `faiss` (embedded, persisted next to the DB), `memory` (LangChain's
  InMemoryVectorStore, rebuilt per process), `langchain-faiss` (LangChain's stock FAISS wrapper), or
  `package.module:factory` for any LangChain VectorStore (pgvector, Qdrant, Milvus ...): the factory
  is called as `factory(embedding=..., collection=...)` and must return a VectorStore. |
| `HRBOT_ANN_THRESHOLD` | `20000` | collections this large use an ANN index instead of exact search |
| `HRBOT_ANN_KIND` | `ivf` | `ivf` or `hnsw` above the threshold |
| `HRBOT_EMBED_THREADS` | unset | torch intra-op threads for batch encoding (torch's default when unset) |
| `HRBOT_EMBED_QUERY_THREADS` | `1` | torch threads for one query embedding (0: same as batch) |
| `HRBOT_EMBED_BATCH` | `64` | encoding batch size |
| `HRBOT_FAISS_QUERY_THREADS` | `1` | OpenMP threads for one query (1 is fastest for single queries on a busy
  machine; 0 leaves faiss's default); builds use all cores |
| `HRBOT_INDEX_DIR` | `<HRBOT_DATA_DIR>/indexes` | where indexes are saved |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from store.engine import data_dir

# Measured in benchmarks/retrieval.py (benchmarks/README.md): one exact query costs about 0.15 ms
# of CPU per 1,000 vectors here (0.9 ms at 10k, 15 ms at 100k), so exact search meets the 5 ms
# target up to a few tens of thousands; above 20k the ANN index takes over. IVF beat HNSW at
# 100k (recall@10 0.997 at 0.8 ms vs 0.974 at 0.5 ms, and a 3x faster build).
DEFAULT_ANN_THRESHOLD = 20_000
DEFAULT_ANN_KIND = "ivf"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True)
class RetrievalSettings:
    """A snapshot of the retrieval configuration."""

    backend: str = "faiss"
    ann_threshold: int = DEFAULT_ANN_THRESHOLD
    ann_kind: str = DEFAULT_ANN_KIND
    embed_threads: int = 0
    embed_batch: int = 64
    embed_query_threads: int = 1
    faiss_query_threads: int = 1
    index_dir_override: str = ""

    @classmethod
    def from_env(cls) -> "RetrievalSettings":
        return cls(
            backend=os.environ.get("HRBOT_VECTOR_BACKEND", "faiss").strip() or "faiss",
            ann_threshold=_int("HRBOT_ANN_THRESHOLD", DEFAULT_ANN_THRESHOLD),
            ann_kind=(os.environ.get("HRBOT_ANN_KIND", DEFAULT_ANN_KIND).strip().lower() or DEFAULT_ANN_KIND),
            embed_threads=_int("HRBOT_EMBED_THREADS", 0),
            embed_batch=max(1, _int("HRBOT_EMBED_BATCH", 64)),
            embed_query_threads=max(0, _int("HRBOT_EMBED_QUERY_THREADS", 1)),
            faiss_query_threads=max(0, _int("HRBOT_FAISS_QUERY_THREADS", 1)),
            index_dir_override=os.environ.get("HRBOT_INDEX_DIR", "").strip(),
        )

    def index_dir(self) -> Path:
        """Indexes live next to the database (in the data dir) unless HRBOT_INDEX_DIR says otherwise."""
        if self.index_dir_override:
            path = Path(self.index_dir_override).resolve()
        else:
            path = data_dir() / "indexes"
        path.mkdir(parents=True, exist_ok=True)
        return path


def settings() -> RetrievalSettings:
    """The current settings (read on each call: tests and the CLI change the environment)."""
    return RetrievalSettings.from_env()
