"""The set of indexes: every collection opened from disk and reused without embedding anything."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from retrieval.config import settings
from retrieval.index import open_indexes
from retrieval.manifest import MANIFEST


def test_saved_indexes_are_reused_without_embedding(store_copy: Engine) -> None:
    indexes = open_indexes(store_copy)
    assert [r.collection for r in indexes.reports] == ["candidates", "roles", "courses", "skills", "policies"]
    assert all(not r.rebuilt and r.embedded == 0 for r in indexes.reports), [r.summary() for r in indexes.reports]
    folder = settings().index_dir() / "candidates"
    assert (folder / MANIFEST).is_file() and (folder / "vectors.faiss").is_file() and (folder / "lexical").is_dir()
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["fingerprint"]["model"].startswith("sentence-transformers/all-MiniLM-L6-v2")
    assert len(manifest["entries"]) == 300
