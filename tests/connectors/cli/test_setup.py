"""`hrbot setup`: a fresh store ends seeded and indexed, each part timed; a failed training says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.cli import app
from tests.connectors.cli.helpers import invoke
from tests.retrieval.helpers import copy_store, use_dir


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder of its own (HRBOT_MODELS_DIR)."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("HRBOT_MODELS_DIR", str(folder))
    return folder


def test_fresh_store_is_seeded_and_indexed_then_kept(store, models: Path) -> None:
    (models / "hrbot.tar.gz").write_bytes(b"a model")  # present: no training
    done = invoke(app, ["setup", "--candidates", "40", "--quiet"])
    assert "seeded 40 candidates" in done.output and "model present" in done.output
    for collection in ("candidates", "roles", "courses", "skills", "policies"):
        assert collection in done.output
    assert "loaded the demo handbook: 11 policy documents" in done.output
    summary = done.output.split("set-up done in", 1)[1].splitlines()[0]
    assert "seed " in summary and "handbook " in summary and "index " in summary and "train" not in summary

    again = invoke(app, ["setup", "--quiet"])
    assert "already has candidates" in again.output and "seeded 40" not in again.output
    assert "demo handbook" not in again.output  # loaded once; an HR team's own edits are never overwritten
    assert "up to date" in again.output


def test_failed_training_ends_set_up_with_its_log(indexed_dir: Path, models: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    use_dir(monkeypatch, copy_store(indexed_dir, tmp_path / "var"))  # training comes first and fails
    venv = tmp_path / "broken-rasa"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text("#!/bin/sh\necho 'rasa: config.yml is not valid YAML'\nexit 3\n")
    python.chmod(0o755)
    monkeypatch.setenv("HRBOT_RASA_VENV", str(venv))
    done = invoke(app, ["setup", "--quiet"], code=3)
    assert "training the Rasa model" in done.output
    assert "rasa train failed (exit 3)" in done.output and "config.yml is not valid YAML" in done.output
    assert list(models.iterdir()) == []
