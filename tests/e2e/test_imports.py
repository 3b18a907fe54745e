"""Bring your own data end to end: `hrbot import` into the running stack's store, then chat finds the
people at once (no restart), screening sees new applicants, and no contact detail reaches a log."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.servers import Stack, project_root
from store.engine import get_engine
from store.models import Application, Candidate, Role
from tests.e2e.chat import conversation, payload, payloads, say, texts

pytestmark = pytest.mark.slow

EMAIL = "ingrid.oh@example.org"
PHONE = "+351 555 0199"
RESUME = f"""# Ingrid Oyelaran-Haugen
Lisbon, Portugal · {EMAIL} · {PHONE}

## Experience
Senior Data Engineer, Tidewater Logistics (03/2019 – present)
- Built streaming pipelines in Apache Flink and Kafka that process two million events a minute.
- Orchestrated nightly batch jobs with Airflow on Kubernetes.

Data Engineer, Cobalt Retail (01/2015 – 02/2019)
- Wrote Scala and Spark jobs for demand forecasting.

## Education
MSc Computer Science, University of Porto, 2014
"""


@pytest.fixture
def db(e2e_dir: Path) -> Iterator[Engine]:
    yield get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")


def hrbot(e2e_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI (app environment) against the stack's own store and index folder."""
    env = {**os.environ, "HRBOT_DATA_DIR": str(e2e_dir), "DATABASE_URL": "", "HRBOT_INDEX_DIR": "",
           "HRBOT_VECTOR_BACKEND": "", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "connectors.cli", *args], cwd=project_root(), env=env,
                          capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


def recruiter() -> str:
    return f"recruiter~{conversation('imp')}"


def candidate_id(db: Engine, name: str) -> int | None:
    with Session(db) as session:
        return session.exec(select(Candidate.id).where(Candidate.full_name == name)).first()


def found_by_search(stack: Stack, query: str, wanted: int, patience_s: float = 30.0) -> bool:
    """Ask until the person shows up: the action server re-reads the store every few seconds."""
    deadline = time.monotonic() + patience_s
    while True:
        for p in payloads(say(stack, query, recruiter())):
            if p.get("type") == "candidate_list" and wanted in {c["candidate_id"] for c in p["candidates"]}:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(2)


def test_imported_resume_is_found_in_chat_and_reimport_changes_nothing(stack: Stack, e2e_dir: Path, db: Engine,
                                                                      tmp_path: Path) -> None:
    resume = tmp_path / "ingrid.md"
    resume.write_text(RESUME, encoding="utf-8")
    first = hrbot(e2e_dir, "import", "candidates", str(resume), "--actor", "e2e")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "added: 1" in first.stdout
    person = candidate_id(db, "Ingrid Oyelaran-Haugen")
    assert person is not None

    profile = texts(say(stack, "tell me about Ingrid Oyelaran-Haugen", recruiter()))
    assert "Ingrid Oyelaran-Haugen" in profile
    assert "Stream Processing" in profile or "Kafka" in profile
    assert EMAIL not in profile and PHONE not in profile  # contact details are not chat material

    assert found_by_search(stack, "find people with Flink and Kafka in Lisbon", person)

    with Session(db) as session:
        before = session.exec(select(func.count(Candidate.id))).one()
    again = hrbot(e2e_dir, "import", "candidates", str(resume), "--actor", "e2e")
    assert again.returncode == 0
    assert "added: 0, updated: 0, skipped (unchanged): 1" in again.stdout
    with Session(db) as session:
        assert session.exec(select(func.count(Candidate.id))).one() == before

    for log in [*(project_root() / "results" / "e2e-logs").glob("*.log")]:
        content = log.read_text(encoding="utf-8", errors="replace")
        assert EMAIL not in content and PHONE not in content, f"contact detail in {log.name}"


def test_new_applicant_from_an_export_is_screened_in_chat(stack: Stack, e2e_dir: Path, db: Engine, tmp_path: Path) -> None:
    with Session(db) as session:
        role = session.exec(select(Role).where(Role.is_open == True).order_by(Role.id)).first()  # noqa: E712
        assert role is not None and role.required_skills
    export = tmp_path / "ats.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Full Name", "Email", "City", "Title", "Years", "Skills", "Applied To", "Source"])
        writer.writerow(["Tomasz Wielgosz-Adeyemi", "t.wa@example.org", role.location or "Berlin", role.title, "7",
                         "; ".join(role.required_skills), role.title, "referral"])
    done = hrbot(e2e_dir, "import", "candidates", str(export), "--actor", "e2e")
    assert done.returncode == 0 and "added: 1" in done.stdout, done.stdout
    person = candidate_id(db, "Tomasz Wielgosz-Adeyemi")
    with Session(db) as session:
        app = session.exec(select(Application).where(Application.candidate_id == person)).one()
        assert (app.role_id, app.stage) == (role.id, "applied")
        extra = session.get(Candidate, person).extra
        assert extra.get("Source") == "referral" or extra.get("source") == "referral"

    replies = say(stack, f"screen the new applicants for {role.title}", recruiter())
    shown = payload(replies, "candidate_list")
    cards = {c["candidate_id"]: c for c in shown["candidates"]}
    assert person in cards, texts(replies)
    assert cards[person]["meets_must_haves"] is True
