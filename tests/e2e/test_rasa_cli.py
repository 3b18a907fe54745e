"""Rasa's own checks on the project: data validation and test stories on the trained model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import RESULTS, rasa

pytestmark = pytest.mark.slow


def test_rasa_data_validate_is_clean() -> None:
    done = rasa("data", "validate", "--fail-on-warnings", timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def test_rasa_test_stories_pass(trained_model: Path) -> None:
    out = RESULTS / "rasa-test"
    done = rasa(
        "test", "--model", str(trained_model), "--stories", "tests/stories", "--out", str(out),
        "--fail-on-prediction-errors", timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert not (out / "failed_test_stories.yml").read_text().strip().startswith("- story")
