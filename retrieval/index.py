"""Building, persisting, loading and incrementally updating the indexes.

Each collection (candidates, roles, courses, skills) lives in `<index dir>/<collection>/`:
the vector store (`vectors.faiss` + `store.json`), the BM25 index (`lexical/`) where the
collection has one, and `manifest.json`, written last, with

- the fingerprint: collection, embedding model, text version, dimension, backend; a mismatch
  means the index is stale and is rebuilt (with a message saying why);
- the data version: a cheap summary of the collection in the store; equal means fresh;
- per record: its version and text hash, so a sync re-embeds only added or changed records
  and removes deleted ones (one new candidate costs one embedding, not a rebuild).

Anything unreadable or inconsistent (torn write, truncated file, count mismatch) is reported
as corrupt and rebuilt; it never surfaces as an exception to the caller.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.vectorstores import VectorStore
from sqlalchemy.engine import Engine

from store.engine import get_engine, session_scope
from retrieval.backends import EMBEDDED, backend_name, dense_search, is_persistent_here, make_vectorstore
from retrieval.config import settings
from retrieval.documents import TEXT_VERSION, content_hash
from retrieval.embeddings import as_matrix, get_embeddings, query_vector
from retrieval.lexical import BM25Index
from retrieval.sources import SOURCES, Source
from retrieval.taxonomy import Taxonomy
from retrieval.vectorstore import FaissVectorStore, StoreCorrupt, choose_kind

log = logging.getLogger("retrieval.index")

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
ALL_COLLECTIONS = ("candidates", "roles", "courses", "skills")
REBUILD_SHARE = 0.5  # when more than this share of a large collection changed, rebuild instead
REBUILD_MIN = 1000

Notify = Callable[[str], None]


def _log_notify(message: str) -> None:
    log.warning(message)


@dataclass
class SyncReport:
    """What opening or syncing one collection did."""

    collection: str
    size: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    embedded: int = 0

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if self.rebuilt:
            what = f"rebuilt ({self.reason})" if self.reason else "built"
        elif self.changed:
            what = f"updated: +{self.added} ~{self.updated} -{self.removed}"
        else:
            what = "up to date"
        return f"{self.collection}: {self.size} documents, {what} in {self.seconds:.1f} s"


@dataclass
class Manifest:
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


class CollectionIndex:
    """One collection's dense store, optional BM25 index and manifest, kept in step with the store."""

    def __init__(self, source: Source, embeddings: Any, folder: Path, notify: Notify = _log_notify) -> None:
        self.source = source
        self.name = source.name
        self.embeddings = embeddings
        self.folder = folder
        self.notify = notify
        self.store: VectorStore | None = None
        self.lexical: BM25Index | None = None
        self.manifest = Manifest(fingerprint(source, embeddings))
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.manifest.entries)

    @property
    def ids(self) -> list[str]:
        return list(self.manifest.entries)

    # -- queries -------------------------------------------------------------------------------------
    def dense(self, vector: np.ndarray, k: int, allowed_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        assert self.store is not None
        return dense_search(self.store, vector, k, allowed_ids, size_hint=len(self))

    def dense_text(self, text: str, k: int, allowed_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        return self.dense(query_vector(self.embeddings, text), k, allowed_ids)

    def keyword(self, query: str | Sequence[str], k: int, allowed_ids: Collection[str] | None = None) -> list[tuple[str, float]]:
        if self.lexical is None:
            return []
        return self.lexical.search(query, k, allowed_ids=allowed_ids)

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """Stored vectors for these ids (re-embedded from the store for backends that hide them)."""
        ids = [str(i) for i in ids]
        if isinstance(self.store, FaissVectorStore):
            return self.store.vectors([i for i in ids])
        with session_scope() as session:
            docs = {d[0]: d[2] for d in self.source.docs(session, ids)}
        return as_matrix(self.embeddings, [docs[i] for i in ids])

    def metadata(self, doc_id: str) -> dict[str, Any]:
        assert self.store is not None
        docs = self.store.get_by_ids([str(doc_id)])
        return dict(docs[0].metadata) if docs else {}

    # -- lifecycle -------------------------------------------------------------------------------------
    def open(self, session: Any, *, sync: bool = True, full: bool = False, rebuild: bool = False,
             progress: bool = False, force_ids: Collection[str] = ()) -> SyncReport:
        """Load from disk (or build), then bring up to date with the store."""
        t0 = time.perf_counter()
        with self._lock:
            reason = "rebuild requested" if rebuild else self._load()
            if reason:
                report = self._build(session, progress=progress, reason=reason)
            elif sync:
                report = self.sync(session, full=full, progress=progress, force_ids=force_ids)
            else:
                report = SyncReport(self.name, size=len(self))
        report.seconds = time.perf_counter() - t0
        return report

    def _load(self) -> str:
        """'' when a usable index was loaded, else why it must be built."""
        if backend_name() != EMBEDDED:
            return self._attach_external()
        path = self.folder / MANIFEST
        if not path.is_file():
            return "no index yet"
        with _folder_lock(self.folder):
            return self._load_locked(path)

    def _load_locked(self, path: Path) -> str:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            manifest = Manifest(**raw)
        except Exception as exc:  # noqa: BLE001
            return f"corrupt index manifest ({type(exc).__name__}: {exc})"
        want = fingerprint(self.source, self.embeddings)
        if manifest.format != MANIFEST_FORMAT or manifest.fingerprint != want:
            diff = [f"{k}: {manifest.fingerprint.get(k)!r} -> {v!r}" for k, v in want.items() if manifest.fingerprint.get(k) != v]
            return "stale index (" + (", ".join(diff) or "format changed") + ")"
        try:
            store = FaissVectorStore.load(self.folder, self.embeddings)
        except (StoreCorrupt, FileNotFoundError, OSError) as exc:
            return f"corrupt vector index ({exc})"
        if set(store.ids()) != set(manifest.entries):
            return f"corrupt index (vector store holds {len(store)} documents, manifest {len(manifest.entries)})"
        lexical = None
        if self.source.lexical:
            try:
                lexical = BM25Index.load(self.folder / "lexical")
                if set(lexical.ids) != set(manifest.entries):
                    raise ValueError("lexical ids differ from the manifest")
            except Exception as exc:  # noqa: BLE001 - rebuilt below, cheap
                self.notify(f"{self.name}: keyword index unreadable ({type(exc).__name__}); rebuilding it")
                lexical = None
        self.store, self.manifest, self.lexical = store, manifest, lexical
        self._lexical_missing = self.source.lexical and lexical is None
        return ""

    def _attach_external(self) -> str:
        """Non-embedded backends: in-process ones are rebuilt per process; remote ones keep their data."""
        name = backend_name()
        self.store = make_vectorstore(self.embeddings, collection=self.name)
        if name in ("memory", "langchain-faiss"):
            return f"{name} backend keeps no files"
        path = self.folder / MANIFEST
        try:
            manifest = Manifest(**json.loads(path.read_text(encoding="utf-8")))
        except Exception:  # noqa: BLE001
            return "no manifest for the external store"
        if manifest.fingerprint != fingerprint(self.source, self.embeddings):
            return "stale index (fingerprint changed)"
        self.manifest = manifest
        self._lexical_missing = self.source.lexical
        return ""

    def _build(self, session: Any, *, progress: bool, reason: str) -> SyncReport:
        """Embed every document and replace the index."""
        t0 = time.perf_counter()
        docs = self.source.docs(session, None)
        if reason.startswith("no index"):
            self.notify(f"{self.name}: no index yet; building it ({len(docs)} documents)")
        elif reason != "rebuild requested" and not reason.startswith(("memory", "langchain")):
            self.notify(f"{self.name}: {reason}; rebuilding ({len(docs)} documents)")
        vectors = as_matrix(self.embeddings, [d[2] for d in docs], progress=progress)
        old = self.store
        store = make_vectorstore(self.embeddings, collection=self.name, size_hint=len(docs), store_text=self.source.store_text)
        if not is_persistent_here(store) and old is not None and self.manifest.entries:
            try:
                store.delete(list(self.manifest.entries))
            except Exception:  # noqa: BLE001 - best effort on external stores
                pass
        _add(store, docs, vectors)
        self.store = store
        self.manifest = Manifest(
            fingerprint(self.source, self.embeddings),
            data_version=self.source.data_version(session),
            entries={d[0]: [d[1], content_hash(d[2])] for d in docs},
            built_at=time.time(),
            updated_at=time.time(),
        )
        self.lexical = BM25Index().build([d[0] for d in docs], [d[2] for d in docs]) if self.source.lexical else None
        self._lexical_missing = False
        self.manifest.build_seconds = round(time.perf_counter() - t0, 3)
        self._save()
        return SyncReport(self.name, size=len(docs), added=len(docs), rebuilt=True,
                          reason="" if reason.startswith("no index") else reason, embedded=len(docs))

    def sync(self, session: Any, *, full: bool = False, progress: bool = False,
             force_ids: Collection[str] = ()) -> SyncReport:
        """Apply the store's changes since the last sync: embed added/changed records, drop removed ones."""
        t0 = time.perf_counter()
        with self._lock:
            report = SyncReport(self.name)
            force = {str(i) for i in force_ids}
            data_version = self.source.data_version(session)
            lexical_missing = getattr(self, "_lexical_missing", False)
            if data_version == self.manifest.data_version and not full and not force and not lexical_missing:
                report.size = len(self)
                return report
            current = self.source.versions(session)
            old = self.manifest.entries
            added = [i for i in current if i not in old]
            removed = [i for i in old if i not in current]
            maybe = [i for i in current if i in old and (full or i in force or current[i] != old[i][0])]
            if len(current) >= REBUILD_MIN and len(added) + len(removed) > REBUILD_SHARE * len(current):
                return self._build(session, progress=progress, reason="most records changed")
            docs = self.source.docs(session, added + maybe) if (added or maybe) else []
            removed += sorted(set(maybe) - {d[0] for d in docs})  # deleted between the two reads
            hashes = {d[0]: content_hash(d[2]) for d in docs}
            changed = [d for d in docs if d[0] in old and (hashes[d[0]] != old[d[0]][1] or d[0] in force)]
            new = [d for d in docs if d[0] not in old]
            to_embed = new + changed
            assert self.store is not None
            if removed or changed:
                self.store.delete(removed + [d[0] for d in changed])
            if to_embed:
                vectors = as_matrix(self.embeddings, [d[2] for d in to_embed], progress=progress and len(to_embed) > 256)
                _add(self.store, to_embed, vectors)
            for doc_id in removed:
                del old[doc_id]
            for d in docs:
                old[d[0]] = [d[1], hashes[d[0]]]
            self._retune(len(old))
            self.manifest.data_version = data_version
            self.manifest.updated_at = time.time()
            if self.source.lexical and (to_embed or removed or lexical_missing or self.lexical is None):
                cheap = (self.lexical is not None and not lexical_missing
                         and self.lexical.update([(d[0], d[2]) for d in to_embed], removed))
                if not cheap:  # first change after loading from disk: tokenise every text once
                    every = self.source.docs(session, None)
                    self.lexical = BM25Index().build([d[0] for d in every], [d[2] for d in every])
                self._lexical_missing = False
            self._save()
            report.size = len(old)
            report.added, report.updated, report.removed = len(new), len(changed), len(removed)
            report.embedded = len(to_embed)
            report.seconds = time.perf_counter() - t0
            return report

    def _retune(self, size: int) -> None:
        """Switch exact <-> ANN when the collection grew past the threshold (or shrank well below it)."""
        store = self.store
        if not isinstance(store, FaissVectorStore):
            return
        threshold = settings().ann_threshold
        want = choose_kind(size)
        if store.kind == "flat" and want != "flat" or store.kind != "flat" and size < threshold // 2:
            target = want if store.kind == "flat" else "flat"
            self.notify(f"{self.name}: {size} documents; switching the vector index from {store.kind} to {target}")
            store.compact(kind=target)

    def _save(self) -> None:
        """Vector store, keyword index, then the manifest, under a lock shared with other processes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _folder_lock(self.folder):
            if isinstance(self.store, FaissVectorStore):
                self.store.save(self.folder)
            if self.lexical is not None:
                self.lexical.save(self.folder / "lexical")
            tmp = self.folder / f".{MANIFEST}.{os.getpid()}.tmp"
            m = self.manifest
            payload = {"fingerprint": m.fingerprint, "data_version": m.data_version, "entries": m.entries,
                       "built_at": m.built_at, "updated_at": m.updated_at, "build_seconds": m.build_seconds,
                       "format": m.format}
            tmp.write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.folder / MANIFEST)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock, so the CLI and the action server never interleave their writes."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except (ImportError, OSError):  # pragma: no cover - platforms without flock
            pass
        yield


def _add(store: VectorStore, docs: Sequence[tuple[str, str, str, dict[str, Any]]], vectors: np.ndarray) -> None:
    if not docs:
        return
    ids = [d[0] for d in docs]
    texts = [d[2] for d in docs]
    metas = [dict(d[3]) for d in docs]
    if isinstance(store, FaissVectorStore):
        store.add_vectors(vectors, ids=ids, texts=texts, metadatas=metas)
    elif hasattr(store, "add_embeddings"):  # langchain FAISS: reuse our vectors
        store.add_embeddings(list(zip(texts, vectors.tolist())), metadatas=metas, ids=ids)  # type: ignore[attr-defined]
    else:
        from langchain_core.documents import Document

        store.add_documents([Document(id=i, page_content=t, metadata=m) for i, t, m in zip(ids, texts, metas)], ids=ids)


class IndexSet:
    """The opened collections plus the skill taxonomy that uses the `skills` index."""

    def __init__(self, embeddings: Any, collections: dict[str, CollectionIndex], reports: list[SyncReport],
                 taxonomy: Taxonomy, engine: Engine) -> None:
        self.embeddings = embeddings
        self.collections = collections
        self.reports = reports
        self.taxonomy = taxonomy
        self.engine = engine
        self.checked_at = self.catalog_checked_at = time.monotonic()

    def __getitem__(self, name: str) -> CollectionIndex:
        return self.collections[name]

    @property
    def candidates(self) -> CollectionIndex:
        return self.collections["candidates"]

    @property
    def roles(self) -> CollectionIndex:
        return self.collections["roles"]

    @property
    def courses(self) -> CollectionIndex:
        return self.collections["courses"]

    def sync(self, *, full: bool = False, progress: bool = False, force_ids: dict[str, Collection[str]] | None = None,
             names: Sequence[str] | None = None) -> list[SyncReport]:
        """Bring collections (all, or `names`) up to date with the store (cheap when nothing changed)."""
        reports = []
        with session_scope(self.engine) as session:
            for name, col in self.collections.items():
                if names is not None and name not in names:
                    continue
                reports.append(col.sync(session, full=full, progress=progress, force_ids=(force_ids or {}).get(name, ())))
            if any(r.collection == "skills" and r.changed for r in reports):
                self.taxonomy = Taxonomy.from_session(session, nearest=_nearest_skill(self.collections["skills"]))
        now = time.monotonic()
        self.checked_at = now
        if names is None:
            self.catalog_checked_at = now
        return reports

    def update_candidates(self, ids: Collection[int | str] = ()) -> SyncReport:
        """After writing candidates: pick up all changes, re-embedding `ids` even if updated_at did not move."""
        with session_scope(self.engine) as session:
            return self.candidates.sync(session, force_ids={str(i) for i in ids})


def _nearest_skill(collection: CollectionIndex) -> Callable[[str, int], list[tuple[str, float]]]:
    def nearest(term: str, k: int) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        for doc_id, score in collection.dense_text(term, max(5, 4 * k)):
            skill = doc_id.rsplit("#", 1)[0]
            best[skill] = max(best.get(skill, -1.0), score)
        return sorted(best.items(), key=lambda kv: -kv[1])[:k]

    return nearest


def open_indexes(
    engine: Engine | None = None,
    *,
    collections: Sequence[str] = ALL_COLLECTIONS,
    sync: bool = True,
    full: bool = False,
    rebuild: bool = False,
    progress: bool = False,
    notify: Notify | None = None,
    embeddings: Any = None,
) -> IndexSet:
    """Load (building or repairing as needed) and sync the indexes of `collections`."""
    engine = engine or get_engine()
    embeddings = embeddings or get_embeddings()
    notify = notify or _log_notify
    root = settings().index_dir()
    opened: dict[str, CollectionIndex] = {}
    reports: list[SyncReport] = []
    with session_scope(engine) as session:
        for name in collections:
            col = CollectionIndex(SOURCES[name], embeddings, root / name, notify)
            reports.append(col.open(session, sync=sync, full=full, rebuild=rebuild, progress=progress))
            opened[name] = col
        nearest = _nearest_skill(opened["skills"]) if "skills" in opened else None
        taxonomy = Taxonomy.from_session(session, nearest=nearest)
    return IndexSet(embeddings, opened, reports, taxonomy, engine)


def build_indexes(engine: Engine | None = None, *, rebuild: bool = False, progress: bool = True,
                  notify: Notify | None = None) -> list[SyncReport]:
    """`hrbot index build`: full check of every record (content hashes), rebuild on request."""
    indexes = open_indexes(engine, full=True, rebuild=rebuild, progress=progress, notify=notify)
    invalidate_cache()
    return indexes.reports


_cache: dict[tuple[str, str], IndexSet] = {}
_cache_lock = threading.Lock()
CHECK_INTERVAL_S = 5.0  # candidates change often (applications, new profiles)
CATALOG_CHECK_INTERVAL_S = 60.0  # roles, courses, skills rarely do


def get_indexes(engine: Engine | None = None, *, notify: Notify | None = None, max_age_s: float = CHECK_INTERVAL_S) -> IndexSet:
    """The process-wide IndexSet for this database, re-synced when the store moved (at most every few s)."""
    engine = engine or get_engine()
    key = (str(engine.url), str(settings().index_dir()))
    with _cache_lock:
        indexes = _cache.get(key)
        if indexes is None:
            indexes = open_indexes(engine, notify=notify)
            _cache[key] = indexes
        elif time.monotonic() - indexes.catalog_checked_at > max(max_age_s, CATALOG_CHECK_INTERVAL_S):
            indexes.sync()
        elif time.monotonic() - indexes.checked_at > max_age_s:
            indexes.sync(names=("candidates",))
    return indexes


def invalidate_cache() -> None:
    with _cache_lock:
        _cache.clear()


def index_status(engine: Engine | None = None) -> list[dict[str, Any]]:
    """Per collection: documents, built/updated time, whether it is fresh (no embedding done)."""
    engine = engine or get_engine()
    root = settings().index_dir()
    out = []
    with session_scope(engine) as session:
        for name in ALL_COLLECTIONS:
            path = root / name / MANIFEST
            row: dict[str, Any] = {"collection": name, "path": str(path.parent)}
            try:
                m = json.loads(path.read_text(encoding="utf-8"))
                row.update(documents=len(m["entries"]), built_at=m["built_at"], updated_at=m["updated_at"],
                           fresh=m["data_version"] == SOURCES[name].data_version(session))
            except Exception:  # noqa: BLE001
                row.update(documents=0, fresh=False, missing=True)
            out.append(row)
    return out


def remove_indexes() -> None:
    """Delete every saved index (the next open rebuilds)."""
    root = settings().index_dir()
    for name in ALL_COLLECTIONS:
        shutil.rmtree(root / name, ignore_errors=True)
