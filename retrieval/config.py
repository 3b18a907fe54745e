"""Retrieval settings: the HRBOT_VECTOR_BACKEND, HRBOT_ANN_*, HRBOT_EMBED_* (an unknown precision means auto), HRBOT_FAISS_QUERY_THREADS and
HRBOT_INDEX_DIR fields of `store.settings.Settings` (documented there), as one snapshot with the bounds
retrieval needs, so a deployment configures without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store.engine import data_dir
from store.settings import DEFAULT_ANN_KIND, DEFAULT_ANN_THRESHOLD, get_settings

__all__ = ["DEFAULT_ANN_KIND", "DEFAULT_ANN_THRESHOLD", "PRECISIONS", "RetrievalSettings", "settings"]

PRECISIONS = ("auto", "bf16", "fp32")


@dataclass(frozen=True)
class RetrievalSettings:
    """A snapshot of the retrieval configuration."""

    backend: str = "faiss"
    ann_threshold: int = DEFAULT_ANN_THRESHOLD
    ann_kind: str = DEFAULT_ANN_KIND
    embed_threads: int = 0
    embed_batch: int = 64
    embed_precision: str = "auto"
    embed_query_threads: int = 1
    faiss_query_threads: int = 1
    index_dir_override: str = ""

    @classmethod
    def from_env(cls) -> "RetrievalSettings":
        """The current environment's values, batch at least 1 and thread counts at least 0."""
        env = get_settings()
        return cls(
            backend=env.vector_backend,
            ann_threshold=env.ann_threshold,
            ann_kind=env.ann_kind,
            embed_threads=env.embed_threads,
            embed_batch=max(1, env.embed_batch),
            embed_precision=env.embed_precision if env.embed_precision in PRECISIONS else "auto",
            embed_query_threads=max(0, env.embed_query_threads),
            faiss_query_threads=max(0, env.faiss_query_threads),
            index_dir_override=env.index_dir,
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
