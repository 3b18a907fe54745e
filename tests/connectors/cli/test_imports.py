"""`hrbot import candidates|roles|courses` through typer's CliRunner, on a private copy of the seeded store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from connectors.cli.imports import register
from tests.connectors.cli.helpers import app_with, invoke
from tests.retrieval.helpers import copy_store, use_dir

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


@pytest.fixture
def app() -> typer.Typer:
    """A small app with only the import commands."""
    return app_with(register)


@pytest.fixture
def cli_store(indexed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the indexed store: imports write to it."""
    from retrieval.index import invalidate_cache

    folder = copy_store(indexed_dir, tmp_path / "store")
    use_dir(monkeypatch, folder)
    invalidate_cache()
    yield folder
    invalidate_cache()


def test_import_candidates_then_rerun(app: typer.Typer, cli_store: Path) -> None:
    files = [str(SAMPLES / "candidates.csv"), str(SAMPLES / "candidates.json"), str(SAMPLES / "resumes")]
    first = invoke(app, ["import", "candidates", *files, "--actor", "ana"])
    assert "added: 11, updated: 0, skipped (unchanged): 0, failed: 0" in first.stdout
    assert "Search index: candidates: 311 documents" in first.stdout
    again = json.loads(invoke(app, ["import", "candidates", *files, "--json"]).stdout)
    assert (again["added"], again["unchanged"], again["failed"]) == (0, 11, 0)


def test_dry_run_and_bad_files_still_exit_zero(app: typer.Typer, cli_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    done = invoke(app, ["import", "candidates", str(SAMPLES / "candidates.csv"), str(broken), str(SAMPLES / "roles.csv"),
                      "--dry-run"])
    assert "(dry run: nothing was written)" in done.stdout and "added: 5" in done.stdout
    assert "broken.pdf: unreadable PDF" in done.stdout
    assert "this looks like a roles file: use `hrbot import roles`" in done.stdout
    later = json.loads(invoke(app, ["import", "candidates", str(SAMPLES / "candidates.csv"), "--json"]).stdout)
    assert later["added"] == 5  # the dry run wrote nothing


def test_every_file_failing_exits_non_zero(app: typer.Typer, cli_store: Path, tmp_path: Path) -> None:
    empty = tmp_path / "inbox"
    empty.mkdir()
    done = invoke(app, ["import", "candidates", str(empty), str(tmp_path / "nope.csv")], code=1)
    assert "inbox: empty folder: nothing to import" in done.stdout and "nope.csv: no such file or folder" in done.stdout


def test_import_roles_and_courses(app: typer.Typer, cli_store: Path) -> None:
    roles = invoke(app, ["import", "roles", str(SAMPLES / "roles.csv")])
    assert "Import of roles" in roles.stdout and "added: 2" in roles.stdout
    courses = json.loads(invoke(app, ["import", "courses", str(SAMPLES / "courses.csv"), "--json"]).stdout)
    assert courses["added"] == 2 and courses["kind"] == "courses"
    missing = invoke(app, ["import", "roles", "no-such.csv"], code=1)
    assert "no-such.csv: no such file" in missing.stdout


def test_unreachable_database_is_one_line(app: typer.Typer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/no/such/dir/x.db")
    done = invoke(app, ["import", "candidates", str(SAMPLES / "candidates.csv")], code=2)
    assert "error:" in done.output


def test_import_roles_reads_a_job_posting(app: typer.Typer, cli_store: Path, tmp_path: Path) -> None:
    posting = tmp_path / "posting.md"
    posting.write_text("# Parcel Data Analyst\n\nBased in Amsterdam, hybrid.\n\n## Requirements\n- 2+ years of experience "
                       "with SQL and Tableau.\n\n## Nice to have\n- Python.\n", encoding="utf-8")
    done = json.loads(invoke(app, ["import", "roles", str(posting), "--json"]).stdout)
    assert done["added"] == 1 and done["failed"] == 0
    bad = tmp_path / "bad.md"
    bad.write_text("", encoding="utf-8")
    failed = invoke(app, ["import", "roles", str(bad)], code=1)
    assert "bad.md: empty file" in failed.stdout and "Traceback" not in failed.output
