"""`hrbot index build`, `hrbot search`, `hrbot recommend`, `hrbot audit fairness` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.cli import app
from tests.connectors.cli.helpers import invoke, runner
from tests.retrieval.helpers import copy_store, use_dir


def test_index_build_and_status(indexed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    folder = copy_store(indexed_dir, tmp_path / "copy")
    use_dir(monkeypatch, folder)
    done = invoke(app, ["index", "build", "--quiet"])
    assert "candidates: 300 documents, up to date" in done.output
    status = json.loads(invoke(app, ["index", "status", "--json"]).stdout)
    assert {r["collection"]: r["fresh"] for r in status} == {"candidates": True, "roles": True, "courses": True, "skills": True,
                                                             "policies": True}


def test_search_json_and_text(cli_store: Path) -> None:
    data = json.loads(invoke(app, ["search", "torch nlp engineer", "--location", "Berlin", "--top", "5", "--json"]).stdout)
    assert data["skills"] == ["PyTorch", "Natural Language Processing"]
    assert len(data["hits"]) == 5 and all(h["location"] == "Berlin" for h in data["hits"])
    assert data["filters"] == {"location": "Berlin"}
    text = invoke(app, ["search", "kubernetes", "--seniority", "senior+", "--top", "3"]).output
    assert "skills recognised: Kubernetes" in text and " 1. " in text


def test_recommend_json_and_text(cli_store: Path) -> None:
    data = json.loads(invoke(app, ["recommend", "--role", "Senior Deep Learning Engineer", "--top", "3", "--json"]).stdout)
    assert data["role"]["title"] == "Senior Deep Learning Engineer" and len(data["results"]) == 3
    first = data["results"][0]
    assert 0 <= first["score"] <= 100 and first["matched_skills"] and "missing_required" in first
    text = invoke(app, ["recommend", "--role", "senior deep learning engineer", "-k", "2"]).output
    assert "/100" in text and "required skills" in text


def test_audit_fairness(cli_store: Path) -> None:
    data = json.loads(invoke(app, ["audit", "fairness", "--role", "Senior Deep Learning Engineer", "--top", "30", "--json"]).stdout)
    assert data["selected"] == 30 and {r["dimension"] for r in data["rows"]} == {"gender", "ethnicity", "gender x ethnicity"}
    text = invoke(app, ["audit", "fairness", "--role", "Senior Deep Learning Engineer", "--top", "30"]).output
    assert "gender:" in text and "ratio" in text and "flag(s)" in text


def test_clear_errors_never_tracebacks(cli_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    done = runner.invoke(app, ["recommend", "--role", "Deep Lerning Engineer"])
    assert done.exit_code == 2 and "no role titled" in done.output and "Deep Learning Engineer" in done.output
    done = runner.invoke(app, ["audit", "fairness", "--role", "Chief Wizard", "--top", "5"])
    assert done.exit_code == 2 and "no role titled" in done.output
    done = runner.invoke(app, ["search", "python", "--location", "Berln"])
    assert done.exit_code == 2 and "Berlin" in done.output
    done = runner.invoke(app, ["search", "  "])
    assert done.exit_code == 2 and "empty" in done.output
    for out in (done.output,):
        assert "Traceback" not in out

    empty = tmp_path / "nothing"
    empty.mkdir()
    use_dir(monkeypatch, empty)
    done = runner.invoke(app, ["search", "python"])
    assert done.exit_code == 2 and "no database" in done.output and "hrbot setup" in done.output
    done = runner.invoke(app, ["index", "build"])
    assert done.exit_code == 2 and "no database" in done.output


def test_empty_store_is_a_clear_error(store) -> None:
    done = runner.invoke(app, ["search", "python"])
    assert done.exit_code == 2 and "no candidates" in done.output and "hrbot seed" in done.output


def test_missing_index_is_built_with_a_message(indexed_dir: Path, tmp_path: Path,  # noqa: F811
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.retrieval.helpers import HashEmbeddings

    folder = copy_store(indexed_dir, tmp_path / "fresh", with_indexes=False)
    use_dir(monkeypatch, folder)
    monkeypatch.setattr("retrieval.index.get_embeddings", lambda: HashEmbeddings(dim=384))
    done = runner.invoke(app, ["search", "python", "--top", "3", "--json"])
    assert done.exit_code == 0, done.output
    assert "no index yet; building it" in done.stderr
    assert len(json.loads(done.stdout)["hits"]) == 3
    assert (folder / "indexes" / "candidates" / "manifest.json").is_file()
