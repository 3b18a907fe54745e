"""One collection's index: incremental updates without rebuilds, deferred saves, corrupt files repaired, ANN switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.engine import session_scope
from store.models import Candidate, Role, utcnow
from retrieval.config import settings
from retrieval.index import open_indexes
from retrieval.manifest import MANIFEST
from tests.retrieval.helpers import HashEmbeddings


def test_one_new_candidate_is_added_incrementally_and_found(store_copy: Engine) -> None:
    indexes = open_indexes(store_copy)
    col = indexes.candidates
    built_at = col.manifest.built_at
    faiss_file = settings().index_dir() / "candidates" / "vectors.faiss"
    with session_scope(store_copy) as session:
        new = Candidate(full_name="Quinn Example", headline="Quantum Computing Researcher", location="Berlin",
                        seniority="senior", years_experience=6,
                        resume_text="I design quantum annealing algorithms in Qiskit and study superconducting qubits.")
        session.add(new)
        session.flush()
        new_id = new.id
    report = indexes.update_candidates()
    assert not report.rebuilt
    assert (report.added, report.embedded, report.updated, report.removed) == (1, 1, 0, 0)
    assert col.manifest.built_at == built_at  # same index, not a new build
    assert len(col) == 301 and faiss_file.is_file()
    hits = col.dense_text("quantum annealing with qiskit", 3)
    assert hits[0][0] == str(new_id)
    assert col.keyword("qiskit", 3)[0][0] == str(new_id)

    # a reopen from disk sees it, still without embedding anything
    again = open_indexes(store_copy, collections=("candidates",))
    assert again.reports[0].embedded == 0 and not again.reports[0].rebuilt
    assert again.candidates.dense_text("quantum annealing with qiskit", 1)[0][0] == str(new_id)


def test_changed_and_removed_candidates(store_copy: Engine) -> None:
    indexes = open_indexes(store_copy, collections=("candidates",))
    col = indexes.candidates
    with session_scope(store_copy) as session:
        first, second = session.exec(select(Candidate).order_by(Candidate.id).limit(2)).all()
        first.resume_text = "Professional beekeeper and honey sommelier; apiary management for 12 years."
        first.updated_at = utcnow()
        session.add(first)
        session.delete(second)
        changed, removed = str(first.id), str(second.id)
    report = indexes.update_candidates()
    assert (report.updated, report.removed, report.embedded, report.rebuilt) == (1, 1, 1, False)
    assert col.dense_text("beekeeping and honey", 1)[0][0] == changed
    assert removed not in {i for i, _ in col.dense_text("engineer", 300)}
    assert removed not in {i for i, _ in col.keyword("engineer", 300)}


def test_text_changed_without_timestamp_is_caught_when_named_or_by_a_full_check(store_copy: Engine) -> None:
    indexes = open_indexes(store_copy, collections=("candidates",))

    def rewrite(cid: int, text: str) -> None:
        with session_scope(store_copy) as session:
            c = session.get(Candidate, cid)
            c.resume_text = text
            session.add(c)

    rewrite(3, "Glassblower and stained glass restorer.")
    assert indexes.update_candidates().embedded == 0  # updated_at did not move: the cheap check trusts it
    named = indexes.update_candidates(ids=[3])  # the writer names the record: re-embedded
    assert (named.updated, named.embedded, named.rebuilt) == (1, 1, False)
    rewrite(4, "Luthier building violins.")
    full = open_indexes(store_copy, collections=("candidates",), full=True).reports[0]  # `hrbot index build`
    assert (full.updated, full.embedded, full.rebuilt) == (1, 1, False)


def test_corrupt_index_is_rebuilt_with_a_message(store_copy: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_INDEX_DIR", str(tmp_path / "idx"))
    emb = HashEmbeddings(dim=384)
    first = open_indexes(store_copy, collections=("roles", "candidates"), embeddings=emb)
    assert all(r.rebuilt for r in first.reports)
    (tmp_path / "idx" / "candidates" / "vectors.faiss").write_bytes(b"\x00not a faiss index")
    (tmp_path / "idx" / "roles" / MANIFEST).write_text("{ truncated")
    messages: list[str] = []
    again = open_indexes(store_copy, collections=("roles", "candidates"), embeddings=emb, notify=messages.append)
    assert all(r.rebuilt for r in again.reports)
    assert any("roles" in m and "corrupt" in m for m in messages), messages
    assert any("candidates" in m and "corrupt" in m for m in messages), messages
    assert len(again.candidates) == 300 and again.candidates.dense_text("python", 3)

    # a broken keyword index alone is rebuilt without re-embedding
    (tmp_path / "idx" / "candidates" / "lexical" / "lexical.json").write_text("nope")
    third = open_indexes(store_copy, collections=("candidates",), embeddings=emb, notify=messages.append)
    assert not third.reports[0].rebuilt and third.reports[0].embedded == 0
    assert third.candidates.keyword("python", 3)
    assert any("keyword index" in m for m in messages)


def test_small_collections_follow_catalog_edits(store_copy: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_INDEX_DIR", str(tmp_path / "idx"))
    emb = HashEmbeddings(dim=384)
    indexes = open_indexes(store_copy, collections=("roles",), embeddings=emb)
    with session_scope(store_copy) as session:
        role = session.exec(select(Role).order_by(Role.id)).first()
        role.summary = "Completely rewritten: we now need an underwater welder."
        session.add(role)
        rid = str(role.id)
    report = indexes.sync()[0]
    assert (report.updated, report.embedded, report.rebuilt) == (1, 1, False)
    assert indexes.roles.dense_text("underwater welder", 1)[0][0] == rid


def test_growing_past_the_ann_threshold_switches_to_an_ann_index(
    store_copy: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRBOT_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("HRBOT_ANN_THRESHOLD", "350")
    messages: list[str] = []
    indexes = open_indexes(store_copy, collections=("candidates",), embeddings=HashEmbeddings(dim=384),
                           notify=messages.append)
    assert indexes.candidates.store.kind == "flat"
    with session_scope(store_copy) as session:
        for i in range(60):
            session.add(Candidate(full_name=f"New {i}", headline="Data Engineer", location="Berlin",
                                  resume_text=f"Spark and Airflow pipelines, batch {i}."))
    report = indexes.update_candidates()
    assert report.added == 60 and not report.rebuilt
    assert indexes.candidates.store.kind == "ivf" and any("switching" in m for m in messages)
    with session_scope(store_copy) as session:
        berlin = {str(i) for i in session.exec(select(Candidate.id).where(Candidate.location == "Berlin"))}
    hits = indexes.candidates.dense_text("spark airflow pipelines", 25, berlin)
    assert len(hits) == 25 and {h for h, _ in hits} <= berlin
    reopened = open_indexes(store_copy, collections=("candidates",), embeddings=HashEmbeddings(dim=384))
    assert reopened.candidates.store.kind == "ivf" and len(reopened.candidates) == 360


def test_a_servers_periodic_sync_is_searchable_at_once_and_saved_a_moment_later(
    store_copy: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("retrieval.collection.SAVE_DELAY_S", 30.0)  # the test flushes by hand
    indexes = open_indexes(store_copy, collections=("candidates",))
    col = indexes.candidates
    manifest_file = settings().index_dir() / "candidates" / MANIFEST
    saved = manifest_file.read_bytes()
    with session_scope(store_copy) as session:
        new = Candidate(full_name="Wren Example", headline="Hydrology Modelling Engineer", location="Berlin",
                        resume_text="Builds flood forecasting models in Fortran with GIS rasters.")
        session.add(new)
        session.flush()
        new_id = str(new.id)
    indexes.sync(names=("candidates",), defer_save=True)
    assert col.keyword("hydrology fortran", 1)[0][0] == new_id  # searchable now
    assert col.dense_text("flood forecasting models", 1)[0][0] == new_id
    assert manifest_file.read_bytes() == saved  # not yet on disk
    col.flush()
    assert manifest_file.read_bytes() != saved
    again = open_indexes(store_copy, collections=("candidates",))
    assert again.reports[0].embedded == 0 and again.candidates.keyword("hydrology fortran", 1)[0][0] == new_id


def test_a_periodic_sync_skips_while_the_collection_is_busy(store_copy: Engine) -> None:
    import threading

    indexes = open_indexes(store_copy, collections=("candidates",))
    col = indexes.candidates
    with session_scope(store_copy) as session:
        session.add(Candidate(full_name="Skip Example", headline="Carbon Accounting Analyst", resume_text="LCA."))
    held, release = threading.Event(), threading.Event()

    def saver() -> None:
        with col._lock:  # what a save does while it copies the index in memory
            held.set()
            release.wait(10)

    thread = threading.Thread(target=saver)
    thread.start()
    held.wait(10)
    try:
        assert indexes.sync(names=("candidates",), defer_save=True)[0].added == 0  # skipped, not waiting
    finally:
        release.set()
        thread.join()
    assert indexes.sync(names=("candidates",), defer_save=True)[0].added == 1  # the next check catches up
    col.flush()


def test_a_deferred_save_writes_outside_the_collection_lock(store_copy: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from retrieval.lexical import LexicalSnapshot

    indexes = open_indexes(store_copy, collections=("candidates",))
    col = indexes.candidates
    writing, release = threading.Event(), threading.Event()
    real_write = LexicalSnapshot.write

    def slow_write(self: LexicalSnapshot, folder: Path) -> None:
        writing.set()
        release.wait(10)  # a disk that takes its time
        real_write(self, folder)

    monkeypatch.setattr(LexicalSnapshot, "write", slow_write)
    with session_scope(store_copy) as session:
        session.add(Candidate(full_name="Disk Example", headline="Avionics Test Engineer", resume_text="DO-178C."))
    indexes.sync(names=("candidates",), defer_save=True)
    saver = threading.Thread(target=col.flush)
    saver.start()
    assert writing.wait(10)
    try:
        with session_scope(store_copy) as session:
            session.add(Candidate(full_name="Next Example", headline="Seismic Imaging Geophysicist", resume_text="Seismic."))
        assert indexes.sync(names=("candidates",), defer_save=True)[0].added == 1  # not blocked by the write
        assert col.keyword("seismic imaging", 1)
    finally:
        release.set()
        saver.join()
    col.flush()
    again = open_indexes(store_copy, collections=("candidates",))
    assert again.reports[0].embedded == 0 and len(again.candidates) == len(col)
