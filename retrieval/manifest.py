"""An index folder's manifest: what the index was built with and, per record, what it holds.

`manifest.json` is written last, after the vector store and the keyword index, under a lock that
the CLI and the action server share, so a reader never sees a manifest newer than its files:

- the fingerprint: collection, embedding model, text version, dimension, backend; a mismatch
  means the index is stale and is rebuilt;
- the data version: a cheap summary of the collection in the store; equal means fresh;
- per record: its version and text hash, so a sync re-embeds only added or changed records.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.backends import backend_name
from retrieval.documents import TEXT_VERSION
from retrieval.sources import Source

try:
    import fcntl
except ImportError:  # pragma: no cover - platforms without flock
    fcntl = None  # type: ignore[assignment]

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


@dataclass
class Manifest:
    """What one collection's saved index was built with and holds."""

    fingerprint: dict[str, Any]
    data_version: str = ""
    entries: dict[str, list[str]] = field(default_factory=dict)  # id -> [version, text hash]
    built_at: float = 0.0
    updated_at: float = 0.0
    build_seconds: float = 0.0
    format: int = MANIFEST_FORMAT


def fingerprint(source: Source, embeddings: Any) -> dict[str, Any]:
    """What an index must have been built with to be reusable."""
    return {
        "collection": source.name,
        "model": getattr(embeddings, "name", type(embeddings).__name__),
        "dim": int(getattr(embeddings, "dim", 0)),
        "text_version": TEXT_VERSION,
        "backend": backend_name(),
    }


def read_manifest(path: Path) -> Manifest:
    """The manifest saved at `path`; raises whatever reading or parsing it raises (the caller rebuilds)."""
    return Manifest(**json.loads(path.read_text(encoding="utf-8")))


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write `manifest.json` atomically (a temporary file, then a rename)."""
    tmp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    m = manifest
    payload = {"fingerprint": m.fingerprint, "data_version": m.data_version, "entries": m.entries,
               "built_at": m.built_at, "updated_at": m.updated_at, "build_seconds": m.build_seconds,
               "format": m.format}
    tmp.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock, so the CLI and the action server never interleave their writes."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
            except OSError:  # pragma: no cover - file systems without flock
                pass
        yield
