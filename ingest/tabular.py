"""ATS exports (CSV, JSON array, JSON lines) to `CandidateRecord`s through a documented column mapping.

Headers are matched case- and punctuation-insensitively against `COLUMNS` (data/samples/README.md
lists them). Columns the mapping does not know are kept verbatim in `CandidateRecord.extra`.
A file without a name column fails as a whole with one message; a bad row fails alone, with its
row number and why, and the other rows go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.readers import MAX_BYTES, Extractor, FileRecords, ReadError, check_size, decode_bytes
from ingest.records import CandidateRecord, SkillEvidence
from ingest.seniority import seniority_for

if TYPE_CHECKING:
    from retrieval.taxonomy import Taxonomy

# field -> accepted header spellings (compared after `header_key`: lower case, runs of non-letters -> "_")
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full_name", "fullname", "candidate_name", "candidate", "applicant_name", "applicant"),
    "first_name": ("first_name", "firstname", "given_name", "forename"),
    "last_name": ("last_name", "lastname", "surname", "family_name"),
    "email": ("email", "e_mail", "email_address", "mail"),
    "phone": ("phone", "phone_number", "mobile", "telephone", "tel", "cell"),
    "location": ("location", "city", "town", "based_in", "current_location"),
    "headline": ("headline", "title", "current_title", "job_title", "position", "current_position"),
    "years_experience": ("years", "experience", "years_experience", "years_of_experience", "yoe", "experience_years"),
    "seniority": ("seniority", "level", "seniority_level"),
    "skills": ("skills", "skill_list", "tags", "competencies", "keywords", "key_skills"),
    "resume_text": ("resume", "resume_text", "summary", "cv", "cv_text", "profile", "bio", "about"),
    "applied_to": ("applied_to", "role", "job", "applied_for", "applied_role", "opening", "requisition", "job_title_applied"),
}
LIST_SPLIT = re.compile(r"\s*[;,|\n]\s*")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 200
SKILLS_LINE = re.compile(r"^Skills: (.+)\.$")
NOT_AN_OBJECT = "\x00not an object"  # marks a JSON item that is not an object (a failed row)


def unmentioned(skills: Iterable[str], text: str) -> list[str]:
    """The skills whose canonical name the text does not contain as a word."""
    return [s for s in dict.fromkeys(skills) if not re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text, re.IGNORECASE)]


def with_skills_line(text: str, skills: Iterable[str]) -> str:
    """Search ranks headline + resume text, so skills only listed in a column are written into it."""
    missing = unmentioned(skills, text)
    if not missing:
        return text
    line = f"Skills: {', '.join(missing)}."
    return f"{text.rstrip()}\n{line}" if text.strip() else line


def is_skills_line(text: str) -> bool:
    """True when a text is nothing but the line `with_skills_line` writes (an export row without a resume)."""
    bare = text.strip()
    return "\n" not in bare and SKILLS_LINE.match(bare) is not None


class TabularError(ReadError):
    """The whole export cannot be read (no name column, not a table); the message says which."""


def header_key(header: str) -> str:
    """A header as the mapping compares it: 'Full Name ' -> 'full_name', 'E-mail' -> 'e_mail'."""
    return re.sub(r"[^0-9a-z]+", "_", str(header).casefold()).strip("_")


def map_columns(headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Field -> the header that carries it (first match wins), and the headers nothing claims."""
    alias = {a: f for f, names in COLUMNS.items() for a in names}
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        name = alias.get(header_key(header))
        if name is not None and name not in mapping:
            mapping[name] = header
        else:
            unknown.append(header)
    if "full_name" not in mapping and not {"first_name", "last_name"} <= mapping.keys():
        names = ", ".join(COLUMNS["full_name"][:4])
        shown = ", ".join(str(h) for h in headers) or "none"
        keys = {header_key(h) for h in headers}
        hint = ("; this looks like a roles file: use `hrbot import roles`" if "required_skills" in keys else
                "; this looks like a courses file: use `hrbot import courses`" if {"code", "skills"} <= keys else "")
        raise TabularError(f"no name column (expected one of: {names}, or first_name + last_name; found: {shown}){hint}")
    return mapping, unknown


def read_rows(path: Path, *, max_bytes: int = MAX_BYTES) -> list[tuple[str, dict[str, Any]]]:
    """(where: "line 3" / "item 2", row) of a CSV (delimiter from the header), a JSON array, or JSON lines."""
    check_size(path, max_bytes)
    text = decode_bytes(path.read_bytes())
    if path.suffix.lower() in (".json", ".jsonl"):
        return _json_rows(text)
    return _csv_rows(text)


def _csv_rows(text: str) -> list[tuple[str, dict[str, Any]]]:
    first = text.lstrip("\n").split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or not any(h and h.strip() for h in reader.fieldnames):
        raise TabularError("no header row")
    rows = []
    try:
        for row in reader:
            if None in row:  # more cells than headers: keep them rather than drop them
                row["extra_cells"] = row.pop(None)  # type: ignore[call-overload]
            if any(v.strip() if isinstance(v, str) else v for v in row.values()):
                rows.append((f"line {reader.line_num}", row))
    except csv.Error as exc:
        raise TabularError(f"not a valid CSV file (line {reader.line_num}: {exc})") from None
    return rows


def _json_rows(text: str) -> list[tuple[str, dict[str, Any]]]:
    stripped = text.strip()
    try:
        doc = json.loads(stripped)
        numbered = None
    except json.JSONDecodeError:
        numbered = []
        for n, line in enumerate(stripped.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise TabularError(f"not valid JSON or JSON lines (line {n}: {exc.msg})") from None
        doc = [row for _, row in numbered]
    if isinstance(doc, dict):  # {"candidates": [...]} and similar wrappers
        lists = [v for v in doc.values() if isinstance(v, list)]
        doc = lists[0] if len(lists) == 1 else [doc]
    if not isinstance(doc, list):
        raise TabularError("expected a JSON array of objects (or one object per line)")
    where = [f"line {n}" for n, _ in numbered] if numbered is not None else [f"item {n}" for n in range(1, len(doc) + 1)]
    return [(w, r if isinstance(r, dict) else {NOT_AN_OBJECT: r}) for w, r in zip(where, doc)]


def split_list(value: Any) -> list[str]:
    """A cell holding several values ('Python; SQL', 'a, b', a JSON list) as clean strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else LIST_SPLIT.split(str(value))
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def _years(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("years of experience is not a number")
    if isinstance(value, (int, float)):
        years = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*\+?\s*(?:y|yr|yrs|years?)?\s*", str(value).casefold())
        if not match:
            raise ValueError(f"years of experience {str(value)[:20]!r} is not a number")
        years = float(match.group(1).replace(",", "."))
    if not 0 <= years <= 70:
        raise ValueError(f"years of experience {years:g} is out of range (0-70)")
    return years


def _cell(row: dict[str, Any], mapping: dict[str, str], name: str) -> Any:
    header = mapping.get(name)
    value = row.get(header) if header is not None else None
    return value.strip() if isinstance(value, str) else value


def row_record(row: dict[str, Any], mapping: dict[str, str], unknown: list[str], *, source: str, file_name: str,
               taxonomy: Taxonomy, extractor: Extractor) -> CandidateRecord:
    """One export row as a record; ValueError (message for the user, no contact data) for a bad row."""
    if NOT_AN_OBJECT in row:
        raise ValueError("not a JSON object")
    name = _cell(row, mapping, "full_name")
    if not name:
        name = " ".join(str(_cell(row, mapping, k) or "") for k in ("first_name", "last_name")).strip()
    name = " ".join(str(name or "").split())
    if not name:
        raise ValueError("no name")
    if len(name) > MAX_NAME:
        raise ValueError(f"name longer than {MAX_NAME} characters")
    email = str(_cell(row, mapping, "email") or "").strip() or None
    if email is not None and not EMAIL.match(email):
        raise ValueError("the email address is not valid")
    phone = str(_cell(row, mapping, "phone") or "").strip() or None
    years = _years(_cell(row, mapping, "years_experience"))
    summary = str(_cell(row, mapping, "resume_text") or "").strip()
    headline = " ".join(str(_cell(row, mapping, "headline") or "").split())
    record = CandidateRecord(
        full_name=name,
        email=email,
        phone=phone,
        headline=headline,
        location=str(_cell(row, mapping, "location") or ""),
        years_experience=years,
        seniority=seniority_for(str(_cell(row, mapping, "seniority") or ""), years, headline),
        applied_to=split_list(_cell(row, mapping, "applied_to")),
        source=source,
    )
    listed, unmapped = [], []
    for term in split_list(_cell(row, mapping, "skills")):
        hit = taxonomy.normalise(term)
        if hit is None:
            unmapped.append(term)
        elif hit.skill not in listed:
            listed.append(hit.skill)
    record.skills = [SkillEvidence(skill, f"listed in {file_name}", "column") for skill in listed]
    if summary:
        for found in extractor.extract(summary):
            if found.skill not in {s.skill for s in record.skills}:
                record.skills.append(found)
    record.resume_text = with_skills_line(summary, listed)
    for header in unknown:
        value = row.get(header)
        if value not in (None, "", [], {}):
            record.extra[str(header)] = value
    if unmapped:
        record.extra["unrecognised_skills"] = unmapped
    return record


def read_candidates(path: Path, *, taxonomy: Taxonomy, extractor: Extractor, max_bytes: int = MAX_BYTES) -> FileRecords:
    """Every row of an export as a record, plus the rows that failed and why (TabularError for the file)."""
    path = Path(path)
    rows = read_rows(path, max_bytes=max_bytes)
    headers: dict[str, None] = {}
    for _, row in rows:
        headers.update(dict.fromkeys(str(k) for k in row if k != NOT_AN_OBJECT))
    mapping, unknown = map_columns(list(headers))
    if not rows:
        raise TabularError("no rows")
    out = FileRecords(path)
    for where, row in rows:
        source = f"{path.name} {where}"
        try:
            out.records.append(row_record(row, mapping, unknown, source=source, file_name=path.name,
                                          taxonomy=taxonomy, extractor=extractor))
        except ValueError as exc:
            out.failures.append((source, str(exc)))
    return out
