"""`import_policies`: documents written once, updated in place, audited, and the index synced incrementally."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from ingest.policy_import import import_policies
from retrieval.policies import invalidate_policy_cache, policy_index
from store.engine import session_scope
from store.models import AuditLog, PolicyDocument, PolicyPassage
from tests.retrieval.helpers import HashEmbeddings

DOC = """---
title: Leave
---
## Annual leave
Everyone gets 28 days of paid annual leave each calendar year.

## Sick leave
Report sickness to your manager before 10:00 on the first day.
"""


def test_reimport_updates_in_place_and_embeds_only_what_changed(store, tmp_path: Path) -> None:
    invalidate_policy_cache()
    policy_index(store, embeddings=HashEmbeddings(dim=384))  # a fast stand-in for MiniLM, shared by the syncs below
    path = tmp_path / "leave.md"
    path.write_text(DOC)

    first = import_policies([path], actor="tester", engine=store)
    assert (first.added, first.updated, first.unchanged) == (1, 0, 0)
    assert "policies: 2 documents" in first.index

    again = import_policies([path], actor="tester", engine=store)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1) and again.index == ""

    path.write_text(DOC.replace("28 days", "30 days"))
    changed = import_policies([path], actor="tester", engine=store)
    assert changed.updated == 1
    assert "+0 ~1 -0" in changed.index  # one passage re-embedded, the other kept
    with session_scope(store) as session:
        docs = session.exec(select(PolicyDocument)).all()
        passages = session.exec(select(PolicyPassage).order_by(PolicyPassage.position)).all()
        audits = session.exec(select(AuditLog.action).where(AuditLog.entity_type == "policy_document")).all()
    assert len(docs) == 1 and [p.section for p in passages] == ["Annual leave", "Sick leave"]
    assert "30 days" in passages[0].text
    assert audits == ["policy_added", "policy_updated"]

    path.write_text(DOC.split("## Sick leave")[0])
    shrunk = import_policies([path], actor="tester", engine=store)
    assert shrunk.updated == 1 and "-1" in shrunk.index
    invalidate_policy_cache()


def test_bad_files_are_reported_and_the_rest_imported(store, tmp_path: Path) -> None:
    invalidate_policy_cache()
    policy_index(store, embeddings=HashEmbeddings(dim=384))
    (tmp_path / "ok.md").write_text(DOC)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    report = import_policies([tmp_path, tmp_path / "missing.md"], engine=store)
    assert report.added == 1
    reasons = dict(report.file_failures)
    assert any("empty file" in r for r in reasons.values()) and any("unsupported" in r for r in reasons.values())
    assert "no such file or folder" in reasons[str(tmp_path / "missing.md")]
    dry = import_policies([tmp_path / "ok.md"], dry_run=True, engine=store)
    assert dry.dry_run and dry.index == ""
    invalidate_policy_cache()
