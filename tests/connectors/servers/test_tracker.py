"""The tracker store a stack gives its Rasa servers (HRBOT_TRACKER_STORE), as endpoints.yml text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connectors.servers.tracker import (
    CONVERSATIONS_DB,
    PASSWORD_VAR,
    TrackerStoreError,
    tracker_password,
    tracker_store_yaml,
)


def test_default_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    block = yaml.safe_load(tracker_store_yaml({"HRBOT_DATA_DIR": "state"}, tmp_path))
    assert block == {"tracker_store": {"type": "SQL", "dialect": "sqlite",
                                       "db": str((tmp_path / "state" / CONVERSATIONS_DB).resolve())}}
    assert (tmp_path / "state").is_dir()  # Rasa retries a file it cannot open forever: the folder must exist


@pytest.mark.parametrize("choice", ["sql", "SQL", " sqlite ", ""])
def test_sql_spellings_mean_sqlite(tmp_path: Path, choice: str) -> None:
    env = {"HRBOT_DATA_DIR": str(tmp_path / "a dir: with colon"), "HRBOT_TRACKER_STORE": choice}
    assert yaml.safe_load(tracker_store_yaml(env, tmp_path))["tracker_store"]["db"] == str(
        tmp_path / "a dir: with colon" / CONVERSATIONS_DB)


def test_memory_means_no_tracker_store_block(tmp_path: Path) -> None:
    assert tracker_store_yaml({"HRBOT_TRACKER_STORE": "memory"}, tmp_path) == ""


def test_postgres_url_without_its_password_in_the_file(tmp_path: Path) -> None:
    env = {"HRBOT_TRACKER_STORE": "postgresql://rasa:s3cret@db.internal:5433/conversations"}
    text = tracker_store_yaml(env, tmp_path)
    assert "s3cret" not in text
    assert yaml.safe_load(text)["tracker_store"] == {
        "type": "SQL", "dialect": "postgresql", "url": "db.internal", "port": 5433, "db": "conversations",
        "username": "rasa", "password": "${TRACKER_DB_PASSWORD}"}
    assert tracker_password(env) == {PASSWORD_VAR: "s3cret"}
    assert tracker_password({"HRBOT_TRACKER_STORE": "postgresql://rasa@db/c"}) == {}


def test_anything_else_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(TrackerStoreError, match="use sql .*memory.*postgresql"):
        tracker_store_yaml({"HRBOT_TRACKER_STORE": "mongod://x"}, tmp_path)
