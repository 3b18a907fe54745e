"""One collection's index (candidates, roles, courses or skills), kept in step with the store.

Its folder holds the vector store (`vectors.faiss` + `store.json`), the BM25 index (`lexical/`)
where the collection has one, and `manifest.json` (see `manifest.py`). Opening loads what is on
disk, or builds it; a sync re-embeds only added or changed records and removes deleted ones (one
new candidate costs one embedding, not a rebuild). A running server's periodic syncs write to disk
a moment later, in a background thread, so a search never waits for a 100k-document save; a save
lost at exit costs the next process one re-sync, as the store stays the truth. Anything unreadable
or inconsistent (torn write, truncated file, count mismatch) is reported as corrupt and rebuilt; it
never surfaces as an exception to the caller.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.vectorstores import VectorStore

from store.engine import session_scope
from retrieval.backends import EMBEDDED, add_with_vectors, backend_name, dense_search, is_persistent_here, make_vectorstore
from retrieval.config import settings
from retrieval.documents import content_hash
from retrieval.embeddings import as_matrix, query_vector
from retrieval.lexical import BM25Index
from retrieval.manifest import MANIFEST, MANIFEST_FORMAT, Manifest, fingerprint, folder_lock, read_manifest, write_manifest
from retrieval.sources import Source
from retrieval.vectorstore import FaissVectorStore, StoreCorrupt, choose_kind

log = logging.getLogger("retrieval.index")

REBUILD_SHARE = 0.5  # when more than this share of a large collection changed, rebuild instead
REBUILD_MIN = 1000
SAVE_DELAY_S = 2.0  # deferred saves: changes arriving within this window are written once

Notify = Callable[[str], None]


def log_notify(message: str) -> None:
    """The default way to tell the user about a rebuild: a warning in the log."""
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


class CollectionIndex:
    """One collection's dense store, optional BM25 index and manifest, kept in step with the store."""

    def __init__(self, source: Source, embeddings: Any, folder: Path, notify: Notify = log_notify) -> None:
        self.source = source
        self.name = source.name
        self.embeddings = embeddings
        self.folder = folder
        self.notify = notify
        self.store: VectorStore | None = None
        self.lexical: BM25Index | None = None
        self.manifest = Manifest(fingerprint(source, embeddings))
        self._lock = threading.RLock()
        self._save_timer: threading.Timer | None = None
        self._save_lock = threading.Lock()  # taken inside self._lock, released after the write

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
        with folder_lock(self.folder):
            return self._load_locked(path)

    def _load_locked(self, path: Path) -> str:
        try:
            manifest = read_manifest(path)
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
            manifest = read_manifest(path)
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
        add_with_vectors(store, docs, vectors)
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
             force_ids: Collection[str] = (), defer_save: bool = False, quick: bool = False) -> SyncReport:
        """Apply the store's changes since the last sync: embed added/changed records, drop removed ones.

        `defer_save`: write to disk in the background a moment later (a server's periodic sync); and
        while the collection is busy (another sync, or a save copying it), skip this sync (the next
        check, a moment later, does it) rather than keep a search waiting. `quick`: ask the source for what changed since the newest
        known version instead of reading every version (falls back when it can't tell).
        """
        if defer_save and not self._lock.acquire(blocking=False):
            return SyncReport(self.name, size=len(self))
        try:
            return self._sync(session, full=full, progress=progress, force_ids=force_ids, defer_save=defer_save,
                              quick=quick)
        finally:
            if defer_save:
                self._lock.release()

    def _sync(self, session: Any, *, full: bool, progress: bool, force_ids: Collection[str],
              defer_save: bool, quick: bool) -> SyncReport:
        t0 = time.perf_counter()
        with self._lock:
            report = SyncReport(self.name)
            force = {str(i) for i in force_ids}
            data_version = self.source.data_version(session)
            lexical_missing = getattr(self, "_lexical_missing", False)
            if data_version == self.manifest.data_version and not full and not force and not lexical_missing:
                report.size = len(self)
                return report
            old = self.manifest.entries
            changed_only = self.source.changes(session, old) if quick and not full and not force else None
            if changed_only is not None:
                added = [i for i in changed_only if i not in old]
                removed = []
                maybe = [i for i in changed_only if i in old and changed_only[i] != old[i][0]]
                current = changed_only
            else:
                current = self.source.versions(session)
                added = [i for i in current if i not in old]
                removed = [i for i in old if i not in current]
                maybe = [i for i in current if i in old and (full or i in force or current[i] != old[i][0])]
            total = len(current) if changed_only is None else len(old) + len(added)
            if total >= REBUILD_MIN and len(added) + len(removed) > REBUILD_SHARE * total:
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
                add_with_vectors(self.store, to_embed, vectors)
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
            if defer_save:
                self._save_later()
            else:
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

    def _save_later(self) -> None:
        """Schedule one background save (changes until it runs are written with it)."""
        with self._lock:
            if self._save_timer is None:
                timer = threading.Timer(SAVE_DELAY_S, self.flush)
                timer.daemon = True
                self._save_timer = timer
                timer.start()

    def flush(self) -> None:
        """Write a pending deferred save now (nothing when none is pending)."""
        with self._lock:
            if self._save_timer is None:
                return
        self._save()

    def _save(self) -> None:
        """Vector store, keyword index, then the manifest, under a lock shared with other processes.

        The three are copied in memory under the collection's lock (tens of ms at 100k) and written
        after it is released, so syncs and searches never wait for the disk. Saves queue on their
        own lock, taken before the collection's is released, so they reach the disk in order.
        """
        with self._lock:
            timer, self._save_timer = self._save_timer, None
            if timer is not None:
                timer.cancel()
            table = self.store.snapshot() if isinstance(self.store, FaissVectorStore) else None
            lexical = self.lexical.snapshot() if self.lexical is not None else None
            manifest = replace(self.manifest, entries=dict(self.manifest.entries))  # values are replaced, never changed
            self._save_lock.acquire()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with folder_lock(self.folder):
                if table is not None:
                    table.write(self.folder)
                if lexical is not None:
                    lexical.write(self.folder / "lexical")
                write_manifest(self.folder, manifest)
        finally:
            self._save_lock.release()
