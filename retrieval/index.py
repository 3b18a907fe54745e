"""The opened indexes of every collection, shared per process and re-synced as the store moves.

`open_indexes` loads (building or repairing as needed) each collection's `CollectionIndex`
(collection.py) and the skill taxonomy that uses the `skills` index; `get_indexes` keeps one
IndexSet per database and index folder, checking the candidates every few seconds and the
catalog collections every minute; `build_indexes` is `hrbot index build`.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy.engine import Engine

from store.engine import get_engine, session_scope
from retrieval.collection import CollectionIndex, Notify, SyncReport, log_notify
from retrieval.config import settings
from retrieval.embeddings import get_embeddings
from retrieval.manifest import MANIFEST
from retrieval.sources import SOURCES
from retrieval.taxonomy import Taxonomy

ALL_COLLECTIONS = ("candidates", "roles", "courses", "skills", "policies")


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
             names: Sequence[str] | None = None, defer_save: bool = False, quick: bool = False) -> list[SyncReport]:
        """Bring collections (all, or `names`) up to date with the store (cheap when nothing changed).

        `quick`: read only what changed since the newest known version where the source can tell.
        """
        reports = []
        with session_scope(self.engine) as session:
            for name, col in self.collections.items():
                if names is not None and name not in names:
                    continue
                reports.append(col.sync(session, full=full, progress=progress, force_ids=(force_ids or {}).get(name, ()),
                                        defer_save=defer_save, quick=quick))
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
    notify = notify or log_notify
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
CHECK_INTERVAL_S = 0.5  # candidates change often: a new one is searchable within a second (benchmarks/freshness.py)
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
            indexes.sync(defer_save=True)
        elif time.monotonic() - indexes.checked_at > max_age_s:
            indexes.sync(names=("candidates",), defer_save=True, quick=True)
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
