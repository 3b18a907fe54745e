"""A saved vector store on disk: `vectors.faiss` plus `store.json`, written atomically, read back checked.

Both files are written to temporary names and renamed, JSON last; the JSON records the index
file's size, so a torn write (new index, old JSON or the reverse) is caught on reading and
reported as `StoreCorrupt`, which the caller answers with a rebuild.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from retrieval.errors import RetrievalError

INDEX_FILE = "vectors.faiss"
META_FILE = "store.json"
FORMAT_VERSION = 1


class StoreCorrupt(RetrievalError, RuntimeError):
    """A saved store cannot be read back consistently (the caller rebuilds it)."""


def write_store_files(folder: Path, index: np.ndarray, *, dim: int, kind: str, store_text: bool, ids: list[str | None],
                      texts: dict[str, str], metadatas: dict[str, dict[str, Any]], fresh: list[int] | None = None) -> None:
    """Write the index (its `faiss.serialize_index` bytes), then its metadata table (tombstones as null)."""
    folder.mkdir(parents=True, exist_ok=True)
    idx_tmp = folder / f".{INDEX_FILE}.{os.getpid()}.tmp"
    index.tofile(idx_tmp)
    meta = {
        "format": FORMAT_VERSION,
        "dim": dim,
        "kind": kind,
        "store_text": store_text,
        "index_bytes": idx_tmp.stat().st_size,
        "ids": ids,
        "texts": texts,
        "metadatas": metadatas,
        "fresh": fresh or [],
    }
    meta_tmp = folder / f".{META_FILE}.{os.getpid()}.tmp"
    meta_tmp.write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    os.replace(idx_tmp, folder / INDEX_FILE)
    os.replace(meta_tmp, folder / META_FILE)


def read_store_files(folder: Path) -> tuple[faiss.Index, dict[str, Any]]:
    """The saved index and its metadata; StoreCorrupt when the files disagree or do not parse."""
    idx_path, meta_path = folder / INDEX_FILE, folder / META_FILE
    if not idx_path.is_file() or not meta_path.is_file():
        raise FileNotFoundError(f"no saved vector store in {folder}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise StoreCorrupt(f"format {meta.get('format')} is not {FORMAT_VERSION}")
        if idx_path.stat().st_size != meta["index_bytes"]:
            raise StoreCorrupt("index file size does not match its metadata (torn write?)")
        index = faiss.read_index(str(idx_path))
        ids = meta["ids"]
        if index.ntotal != len(ids) or index.d != meta["dim"]:
            raise StoreCorrupt(f"index holds {index.ntotal} vectors of dim {index.d}, metadata says {len(ids)} of {meta['dim']}")
    except StoreCorrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse error means "rebuild"
        raise StoreCorrupt(f"{type(exc).__name__}: {exc}") from exc
    return index, meta
