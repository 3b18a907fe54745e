"""What an import did, per record and per file, as counts and a summary a recruiter can act on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("added", "updated", "unchanged", "failed")


@dataclass
class Outcome:
    """One record's result: added / updated / unchanged / failed, with the reason when it failed."""

    status: str
    source: str
    entity_id: int | None = None
    reason: str = ""
    rule: str = ""  # how an existing record was found: email | name+resume | title | code
    fields: list[str] = field(default_factory=list)  # names of the fields that changed
    skills_added: int = 0
    applications_added: int = 0
    notes: list[str] = field(default_factory=list)  # problems that did not stop the record

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    @property
    def changed(self) -> bool:
        return self.status in ("added", "updated")


@dataclass
class ImportReport:
    """Outcomes of one import run plus the files that could not be read at all."""

    kind: str = "candidates"
    dry_run: bool = False
    files_read: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    file_failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    index: str = ""  # what the search-index update did
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    def fail(self, source: str, reason: str) -> Outcome:
        """A record or row that could not be imported."""
        return self.add(Outcome("failed", source, reason=reason))

    def fail_file(self, file: str, reason: str) -> None:
        """A file (or folder) that gave no records at all."""
        self.file_failures.append((file, reason))

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def failed(self) -> int:
        return self.count("failed") + len(self.file_failures)

    @property
    def changed_ids(self) -> list[int]:
        """Ids of the records this run added or changed (what the search index must re-read)."""
        return [o.entity_id for o in self.outcomes if o.changed and o.entity_id is not None and o.entity_id > 0]

    @property
    def all_failed(self) -> bool:
        """Nothing could be imported and something was tried: the only case that is an error exit."""
        return not any(o.ok for o in self.outcomes) and self.failed > 0

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "failed": self.failed}

    def summary(self) -> str:
        """A short, printable account: counts, then every failure with its reason, then notes."""
        head = f"Import of {self.kind}: {self.files_read} file(s) read in {self.seconds:.1f} s"
        if self.dry_run:
            head += " (dry run: nothing was written)"
        lines = [
            head,
            f"  added: {self.added}, updated: {self.updated}, skipped (unchanged): {self.unchanged}, failed: {self.failed}",
        ]
        failures = self.file_failures + [(o.source, o.reason) for o in self.outcomes if o.status == "failed"]
        if failures:
            lines.append("Failed:")
            lines += [f"  - {where}: {why}" for where, why in failures]
        notes = [(o.source, n) for o in self.outcomes for n in o.notes]
        if notes:
            lines.append("Notes:")
            lines += [f"  - {where}: {note}" for where, note in notes]
        if self.index:
            lines.append(f"Search index: {self.index}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "dry_run": self.dry_run, "files_read": self.files_read, **self.counts(),
                "outcomes": [asdict(o) for o in self.outcomes],
                "file_failures": [{"file": f, "reason": r} for f, r in self.file_failures],
                "index": self.index, "seconds": round(self.seconds, 3)}
