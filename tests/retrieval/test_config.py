"""Retrieval reads its knobs from store.settings, with the bounds it needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.config import DEFAULT_ANN_THRESHOLD, settings


def test_defaults_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HRBOT_VECTOR_BACKEND", "HRBOT_ANN_THRESHOLD", "HRBOT_ANN_KIND", "HRBOT_EMBED_THREADS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HRBOT_EMBED_BATCH", "0")
    monkeypatch.setenv("HRBOT_EMBED_QUERY_THREADS", "-3")
    monkeypatch.setenv("HRBOT_FAISS_QUERY_THREADS", "many")
    monkeypatch.setenv("HRBOT_EMBED_PRECISION", "fp16")
    current = settings()
    assert (current.backend, current.ann_threshold, current.ann_kind) == ("faiss", DEFAULT_ANN_THRESHOLD, "ivf")
    assert (current.embed_threads, current.embed_batch, current.embed_query_threads) == (0, 1, 0)
    assert current.faiss_query_threads == 1
    assert current.embed_precision == "auto"  # an unknown precision never stops a start
    monkeypatch.setenv("HRBOT_EMBED_PRECISION", " FP32 ")
    assert settings().embed_precision == "fp32"


def test_index_dir_follows_the_data_dir_unless_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HRBOT_INDEX_DIR", raising=False)
    assert settings().index_dir() == (tmp_path / "data" / "indexes").resolve()
    monkeypatch.setenv("HRBOT_INDEX_DIR", f" {tmp_path / 'idx'} ")
    assert settings().index_dir() == (tmp_path / "idx").resolve()
