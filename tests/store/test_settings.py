"""One Settings object covers every documented variable, reads the environment as it is now, and
keeps each variable's old parsing (blanks stripped, defaults, lenient numbers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store.settings import DEFAULT_ANN_THRESHOLD, Settings, get_settings, variables

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_variables() -> set[str]:
    """Every `NAME` the README names: its configuration tables and the scaling section's backend."""
    return set(re.findall(r"`((?:DATABASE|HRBOT|SLACK)_[A-Z0-9_]+)`", README.read_text()))


def test_every_readme_variable_is_a_documented_settings_field() -> None:
    documented = _readme_variables()
    assert {"DATABASE_URL", "HRBOT_DATA_DIR", "SLACK_PORT", "HRBOT_VECTOR_BACKEND"} <= documented
    assert documented - set(variables()) == set()
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} needs a description"


def test_reads_the_environment_as_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRBOT_DATA_DIR", "/tmp/one")
    assert get_settings().data_dir == "/tmp/one"
    monkeypatch.setenv("HRBOT_DATA_DIR", "/tmp/two")
    assert get_settings().data_dir == "/tmp/two"
    monkeypatch.delenv("HRBOT_DATA_DIR")
    assert get_settings().data_dir == "var"
    assert get_settings() == Settings()  # the cached object is what pydantic-settings reads itself


def test_an_explicit_mapping_is_all_that_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-process")
    assert get_settings({}).slack_bot_token == ""
    assert get_settings({"SLACK_BOT_TOKEN": " xoxb-1 "}).slack_bot_token == "xoxb-1"


def test_names_are_case_sensitive_like_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("database_url", "postgresql://ignored")
    assert get_settings().database_url == ""


@pytest.mark.parametrize(
    ("env", "field", "expected"),
    [
        ({"DATABASE_URL": "  postgresql://h/db \n"}, "database_url", "postgresql://h/db"),
        ({"HRBOT_DATA_DIR": ""}, "data_dir", ""),
        ({"HRBOT_RASA_URL": " http://r:1 "}, "rasa_url", "http://r:1"),
        ({}, "rasa_url", "http://127.0.0.1:5005"),
        ({}, "slack_port", "3000"),
        ({"SLACK_PORT": "http"}, "slack_port", "http"),  # the Slack app names the variable in its error
        ({}, "rasa_venv", None),
        ({"HRBOT_VECTOR_BACKEND": "  "}, "vector_backend", "faiss"),
        ({"HRBOT_ANN_KIND": " HNSW "}, "ann_kind", "hnsw"),
        ({"HRBOT_ANN_KIND": ""}, "ann_kind", "ivf"),
        ({"HRBOT_ANN_THRESHOLD": " 500 "}, "ann_threshold", 500),
        ({"HRBOT_ANN_THRESHOLD": "lots"}, "ann_threshold", DEFAULT_ANN_THRESHOLD),
        ({"HRBOT_EMBED_BATCH": ""}, "embed_batch", 16),
        ({"HRBOT_INDEX_DIR": " /x "}, "index_dir", "/x"),
    ],
)
def test_each_variable_keeps_its_parsing(env: dict[str, str], field: str, expected: object) -> None:
    assert getattr(get_settings(env), field) == expected
