"""The import summary: counts, every failure with its reason, notes, and when an import counts as failed."""

from __future__ import annotations

from ingest.report import ImportReport, Outcome


def test_summary_lists_counts_failures_and_notes() -> None:
    report = ImportReport(kind="candidates", files_read=2, seconds=1.25)
    report.add(Outcome("added", "a.csv line 2", 301, skills_added=3))
    report.add(Outcome("updated", "a.csv line 3", 12, rule="email", fields=["headline"],
                       notes=["unknown role 'Chief Vibes Officer': no application created"]))
    report.add(Outcome("unchanged", "cv.md", 13))
    report.fail("a.csv line 4", "no name")
    report.fail_file("scan.pdf", "the PDF has no text layer")
    assert report.counts() == {"added": 1, "updated": 1, "unchanged": 1, "failed": 2}
    assert report.changed_ids == [301, 12] and not report.all_failed
    assert report.summary().splitlines() == [
        "Import of candidates: 2 file(s) read in 1.2 s",
        "  added: 1, updated: 1, skipped (unchanged): 1, failed: 2",
        "Failed:",
        "  - scan.pdf: the PDF has no text layer",
        "  - a.csv line 4: no name",
        "Notes:",
        "  - a.csv line 3: unknown role 'Chief Vibes Officer': no application created",
    ]
    data = report.to_dict()
    assert data["failed"] == 2 and data["file_failures"] == [{"file": "scan.pdf", "reason": "the PDF has no text layer"}]


def test_all_failed_only_when_nothing_succeeded() -> None:
    report = ImportReport(dry_run=True)
    assert not report.all_failed  # nothing tried
    report.fail_file("empty", "empty folder: nothing to import")
    assert report.all_failed and "(dry run: nothing was written)" in report.summary()
    report.add(Outcome("unchanged", "x.csv line 2", 5))
    assert not report.all_failed  # an unchanged record is not a failure
