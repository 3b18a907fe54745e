"""Bring your own data: resumes and ATS exports as candidates, plus openings and courses.

Public surface:
- `import_candidates(paths, *, actor, dry_run, ...)` -> ImportReport (writer.py): files and folders
  of CSV/JSON exports (tabular.py) and PDF/DOCX/Markdown/text resumes (readers.py, resume.py, which
  reads them through layout.py, contacts.py, places.py (cities and regions from
  retrieval.gazetteer: GeoNames and ISO 3166), dates.py, history.py, education.py,
  seniority.py and vocabulary.py),
  deduplicated (dedupe.py), merged (merge.py), one transaction per record (transaction.py), then
  the candidate index synced;
- `import_roles(path, ...)`, `import_courses(path, ...)` -> ImportReport (catalog_import.py, rows
  read by catalog.py);
- `import_postings(path, ...)` -> ImportReport (catalog_import.py; `import_roles` on a txt/md/html file
  or a folder): job postings' free text read by posting_reader.py and postings.py into roles, each
  requirement with the sentence that states it;
- `import_employees(path, ...)` -> ImportReport (employees.py): an HR system's export as employment
  history for people analytics, in one transaction;
- `import_policies(paths, *, audience, ...)` -> ImportReport (policy_import.py, files read by
  policy_reader.py: Markdown, HTML, PDF, DOCX, text split at headings); `import_leave(path)` ->
  ImportReport (leave_import.py: balances or requests from an HR system's CSV);
- `read_text(path)` and `ReadError` (readers.py), `records_from_file` (files.py), `COLUMNS`
  (tabular.py), `Deduper` (dedupe.py);
- the record types `CandidateRecord`, `Job`, `Education`, `SkillEvidence` (records.py).
"""

from ingest.catalog import COURSES, ROLES
from ingest.catalog_import import import_catalog, import_courses, import_roles
from ingest.catalog_import import import_postings
from ingest.dedupe import RESUME_JACCARD, Deduper, Match, normalise_name
from ingest.employees import EMPLOYEE_COLUMNS, import_employees
from ingest.errors import IngestError
from ingest.files import records_from_file
from ingest.leave_import import import_leave
from ingest.policy_import import import_policies
from ingest.policy_reader import AUDIENCES, PolicyDoc, read_policy
from ingest.readers import MAX_BYTES, SUPPORTED, FileRecords, ReadError, collect_files, read_text
from ingest.records import CandidateRecord, Education, Job, SkillEvidence
from ingest.report import ImportReport, Outcome
from ingest.tabular import COLUMNS, TabularError, read_candidates
from ingest.writer import import_candidates, write_record

__all__ = [
    "EMPLOYEE_COLUMNS",
    "AUDIENCES",
    "IngestError",
    "PolicyDoc",
    "import_leave",
    "import_policies",
    "read_policy",
    "COLUMNS",
    "COURSES",
    "MAX_BYTES",
    "RESUME_JACCARD",
    "ROLES",
    "SUPPORTED",
    "CandidateRecord",
    "Deduper",
    "Education",
    "FileRecords",
    "ImportReport",
    "import_employees",
    "Job",
    "Match",
    "Outcome",
    "ReadError",
    "SkillEvidence",
    "TabularError",
    "collect_files",
    "import_candidates",
    "import_catalog",
    "import_courses",
    "import_roles",
    "normalise_name",
    "read_candidates",
    "read_text",
    "records_from_file",
    "write_record",
    "import_postings",
]
