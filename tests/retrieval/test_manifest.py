"""Index manifests: a fingerprint mismatch (model, text version) means stale, and a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from retrieval.index import open_indexes
from retrieval.manifest import MANIFEST, Manifest, read_manifest, write_manifest
from tests.retrieval.helpers import HashEmbeddings


def test_stale_index_is_rebuilt_when_the_model_or_text_changes(
    store_copy: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRBOT_INDEX_DIR", str(tmp_path / "idx"))
    open_indexes(store_copy, collections=("roles",), embeddings=HashEmbeddings(dim=384, name="model-a"))
    messages: list[str] = []
    other = open_indexes(store_copy, collections=("roles",), embeddings=HashEmbeddings(dim=384, name="model-b"),
                         notify=messages.append)
    assert other.reports[0].rebuilt and "stale" in other.reports[0].reason and "model-b" in messages[0]
    monkeypatch.setattr("retrieval.manifest.TEXT_VERSION", "999")
    messages.clear()
    bumped = open_indexes(store_copy, collections=("roles",), embeddings=HashEmbeddings(dim=384, name="model-b"),
                          notify=messages.append)
    assert bumped.reports[0].rebuilt and "text_version" in messages[0]


def test_manifest_round_trips_and_replaces_the_file_whole(tmp_path: Path) -> None:
    manifest = Manifest({"collection": "roles"}, data_version="3:abc", entries={"1": ["v1", "h1"]}, built_at=1.0)
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path / MANIFEST) == manifest
    assert json.loads((tmp_path / MANIFEST).read_text())["format"] == 1
    assert [p.name for p in tmp_path.iterdir()] == [MANIFEST]  # no temporary file left behind
