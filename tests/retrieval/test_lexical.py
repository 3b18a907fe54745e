"""BM25 keyword search: tech tokens survive tokenising, filters apply inside scoring, recent segment, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.lexical import BM25Index, tokenize

DOCS = {
    "1": "Senior C++ engineer, modern C++17 and CUDA kernels",
    "2": "Node.js and TypeScript backend services on Kubernetes",
    "3": "Data scientist: scikit-learn, pandas and A/B testing",
    "4": "Recruiter with sourcing and interviewing experience",
    "5": "Platform engineer: CI/CD pipelines, Kubernetes, Terraform",
}


def _index() -> BM25Index:
    return BM25Index().build(list(DOCS), list(DOCS.values()))


def test_tokenizer_keeps_tech_terms_whole_and_split() -> None:
    toks = tokenize("Node.js, C++ and CI/CD with scikit-learn models")
    for t in ("node.js", "node", "c++", "ci/cd", "scikit-learn", "scikit", "learn", "model"):
        assert t in toks
    assert "and" not in toks and "with" not in toks


def test_search_ranks_and_filters_inside_scoring() -> None:
    index = _index()
    assert index.search("c++ cuda", 3)[0][0] == "1"
    assert [d for d, _ in index.search("kubernetes", 5)] and {d for d, _ in index.search("kubernetes", 5)} == {"2", "5"}
    assert index.search("kubernetes", 5, allowed_ids={"5", "4"}) == [("5", index.search("kubernetes", 5, allowed_ids={"5"})[0][1])]
    assert index.search("quantum chemistry", 5) == []
    assert index.search("scikit learn", 1)[0][0] == "3"


def test_save_and_load(tmp_path: Path) -> None:
    index = _index()
    index.save(tmp_path / "lex")
    back = BM25Index.load(tmp_path / "lex")
    assert back.ids == index.ids
    assert back.search("terraform ci/cd", 2) == index.search("terraform ci/cd", 2)
    empty = BM25Index().build([], [])
    empty.save(tmp_path / "empty")
    assert BM25Index.load(tmp_path / "empty").search("x", 3) == []


def test_changes_land_in_the_recent_segment_and_score_like_the_base() -> None:
    index = _index()
    assert index.update([("6", DOCS["5"]), ("2", "Go and Rust services"), ("7", "Hydrology modelling in Fortran")], ["4"])
    assert index.recent == 3 and len(index) == 6 and set(index.ids) == {"1", "2", "3", "5", "6", "7"}
    assert index.search("hydrology fortran", 3)[0][0] == "7"  # a word the base never saw
    assert "2" not in {d for d, _ in index.search("typescript node.js", 5)}  # the old text is gone
    assert index.search("rust", 3)[0][0] == "2"
    assert index.search("sourcing interviewing", 3) == []  # removed
    scores = dict(index.search("terraform kubernetes", 5))
    assert abs(scores["6"] - scores["5"]) < 0.15 * scores["5"]  # same text: about the same score
    assert index.search("terraform", 5, allowed_ids={"6"}) == [("6", scores_for(index, "terraform", "6"))]


def scores_for(index: BM25Index, query: str, doc_id: str) -> float:
    return dict(index.search(query, 10))[doc_id]


def test_the_recent_segment_merges_into_the_base_past_its_share() -> None:
    many = {str(i): f"engineer number {i} with skill{i}" for i in range(300)}
    index = BM25Index().build(list(many), list(many.values()))
    assert index.update([(str(i), f"analyst {i} with tool{i}") for i in range(100)], [])
    assert index.recent == 100
    assert index.update([(str(i), f"analyst {i} with tool{i}") for i in range(100, 300)], [])
    assert index.recent == 0 and len(index) == 300  # merged: one bm25s build from cached tokens
    assert index.search("tool250", 1)[0][0] == "250"


def test_an_index_read_from_disk_asks_for_texts_only_when_a_merge_is_due(tmp_path: Path) -> None:
    index = _index()
    index.save(tmp_path / "lex")
    back = BM25Index.load(tmp_path / "lex")
    assert back.update([("6", "Hydrology modelling in Fortran")], ["1"])  # no token cache needed
    many = [(str(i), f"doc {i}") for i in range(10, 10 + 300)]
    assert back.update(many, []) is False  # merge due, no cached tokens: the caller rebuilds


def test_saving_recent_changes_rewrites_only_the_metadata(tmp_path: Path) -> None:
    index = _index()
    index.save(tmp_path / "lex")
    base_files = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "lex").iterdir() if p.name != "lexical.json"}
    index.update([("6", "Hydrology modelling in Fortran")], ["4"])
    index.save(tmp_path / "lex")
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "lex").iterdir() if p.name != "lexical.json"} == base_files
    back = BM25Index.load(tmp_path / "lex")
    assert back.search("fortran", 2) == index.search("fortran", 2) and set(back.ids) == set(index.ids)
    other = _index()  # another process merged: a new base in the folder
    other.save(tmp_path / "lex")
    index.update([("8", "Seismic imaging")], [])
    index.save(tmp_path / "lex")  # its base is no longer there: a full save, never a mix of two builds
    assert BM25Index.load(tmp_path / "lex").search("seismic", 1)[0][0] == "8"
    (tmp_path / "lex" / "base.id").write_text("someone else's build")
    with pytest.raises(ValueError, match="different builds"):
        BM25Index.load(tmp_path / "lex")
