"""BM25 keyword search: tech tokens survive tokenising, filters apply inside scoring, persistence."""

from __future__ import annotations

from pathlib import Path

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
