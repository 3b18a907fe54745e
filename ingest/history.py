"""Work history in resumes: each dated line or sentence is a job, with its title, employer and description.

A date range (or 'since <date>') marks the start of a job; the lines after it, up to the next one,
describe it. Titles and employers come from the line itself, the line above it, or a sentence of prose.
"""

from __future__ import annotations

import re

from ingest.dates import DATE_RANGE, OPEN_END, SINCE, iso_month, parse_month
from ingest.layout import Line, clean
from ingest.records import Job
from ingest.vocabulary import DEGREE, INSTITUTION, is_title


def _split_title_company(part: str) -> tuple[str, str]:
    part = re.sub(r"^\w+\s*:\s*", "", clean(part).strip(" ,;|():"))
    if not part:
        return "", ""
    for sep in (r"\s+at\s+", r"\s+@\s+"):
        pieces = re.split(sep, part, maxsplit=1)
        if len(pieces) == 2:
            return pieces[0].strip(" ,"), pieces[1].strip(" ,.")
    pieces = [p for p in re.split(r"\s*(?:\||—|–|\s-\s|,|·|\t|\s{3,})\s*", part) if p.strip()]
    if len(pieces) >= 2:
        first, second = pieces[0], pieces[1]
        if is_title(second) and not is_title(first):
            return second, first
        return first, second
    return part, ""


def _units(lines: list[Line]) -> list[tuple[int, str, bool]]:
    """(line index, text, is_prose): entry lines as they are, paragraphs cut into sentences.

    A line naming several dated jobs ("Acme (2015-present), Initech (2012-2015)") becomes one unit each.
    """
    units: list[tuple[int, str, bool]] = []
    for i, line in enumerate(lines):
        if len(line.text) > 120 and not re.match(r"\s*[-*•·]", line.text):
            for m in re.finditer(r".+?(?:[.!?](?=\s+[A-Z(])|$)", line.text):
                if m.group().strip():
                    units.append((i, m.group().strip(), True))
            continue
        ranges = list(DATE_RANGE.finditer(line.text))
        if len(ranges) < 2:
            units.append((i, line.text, False))
            continue
        start = 0
        for k, m in enumerate(ranges):
            end = len(line.text) if k == len(ranges) - 1 else m.end()
            while end < len(line.text) and line.text[end] in ")]":
                end += 1
            units.append((i, line.text[start:end].strip(" ,;"), False))
            start = end
    return units


def _is_job_unit(text: str, kind: str, has_experience: bool) -> bool:
    if kind in ("heading", "education", "skills", "other") or (has_experience and kind != "experience"):
        return False
    # outside an experience section a dated line about a degree is education, not a job
    return has_experience or not (DEGREE.search(text) or (INSTITUTION.search(text) and not is_title(text)))


def find_jobs(lines: list[Line], sections: dict[int, str]) -> list[Job]:
    """The dated jobs, in the order the resume lists them, for the work history and the years of experience."""
    has_experience = "experience" in sections.values()
    units = _units(lines)
    headers: list[tuple[int, re.Match[str]]] = []
    for u, (i, unit, _) in enumerate(units):
        if not _is_job_unit(unit, sections[i], has_experience):
            continue
        match = DATE_RANGE.search(unit) or SINCE.search(unit)
        if match and parse_month(match.group("start"), end=False):
            headers.append((u, match))
    jobs: list[Job] = []
    for n, (u, match) in enumerate(headers):
        i, unit, prose = units[u]
        start = parse_month(match.group("start"), end=False)
        end = None
        if "end" in match.groupdict() and not re.fullmatch(OPEN_END, match.group("end").strip(), re.IGNORECASE):
            end = parse_month(match.group("end"), end=True)
        title, company = _title_from_sentence(unit)
        if not title and not prose:
            before, after = unit[: match.start()], unit[match.end():]
            before = re.sub(r"\(\s*$|\b(?:from|since|between)\s*$", "", before.rstrip())
            after = re.split(r"^\s*\)?\s*[:\-–—]\s", after)[-1] if not clean(before) else after
            rest = before if clean(before).strip(" ,;|()") else after.split(":")[0]
            title, company = _split_title_company(rest)
            if not title and u > 0 and units[u - 1][0] == i - 1 and sections.get(i - 1) != "heading":
                title, company = _split_title_company(lines[i - 1].text)
                employer = _employer_line(lines[i - 1].text)
                if employer is not None and i > 1 and sections.get(i - 2) != "heading" \
                        and not DATE_RANGE.search(lines[i - 2].text):
                    # job-board layout: the title, then "Employer - City, State -", then the dates
                    title, company = clean(lines[i - 2].text), employer
                elif company == "" and i > 1 and sections.get(i - 2) != "heading" and not DATE_RANGE.search(lines[i - 2].text):
                    above = clean(lines[i - 2].text)
                    if is_title(above) and not is_title(title):
                        title, company = above, title
        stop = headers[n + 1][0] if n + 1 < len(headers) else len(units)
        body = [unit.strip()] if prose else []
        for v in range(u + 1, stop):
            j, later, _ = units[v]
            if sections[j] != sections[i] or (prose and j != i):
                break
            body.append(later.strip())
        jobs.append(Job(title=title[:120], company=company[:120], start=iso_month(start), end=iso_month(end),
                        description="\n".join(body)))
    return jobs


def _employer_line(line: str) -> str | None:
    """The employer of a job-board line "Accenture -" or "SAP Labs - Bengaluru, Karnataka -", else None."""
    m = re.fullmatch(r"\s*(?P<c>[^\n]+?)\s+[-–]\s*(?:(?P<place>[^\n]*?)\s*[-–]?\s*)$", line)
    if not m or is_title(m.group("c")):
        return None
    place = (m.group("place") or "").strip()
    if place and not (line.rstrip().endswith(("-", "–")) or "," in place):
        return None
    return m.group("c").strip(" ,")


_ROLE_VERB = r"(?:as|was|am|been|became|joined \S+ as|work as|worked as|working as|is)"
_COMPANY = r"(?P<c>(?:the |a |an )?[A-Z0-9][\w&.'’\-]*(?:\s+[A-Z0-9&][\w&.'’\-]*)*)"


def _title_from_sentence(sentence: str) -> tuple[str, str]:
    """Title and employer from prose: '... I worked as Senior HR Business Partner at Stripe ...'."""
    for m in re.finditer(rf"\b{_ROLE_VERB}\s+(?:a |an |the )?(?P<t>[\w&/\- ]{{3,70}}?)\s+(?:at|for|with|in)\s+"
                         rf"{_COMPANY}", sentence):
        title = re.sub(r"\s+(?:for|in|on|with)\s+.*$", "", m.group("t").strip())
        if is_title(title) and len(title.split()) <= 7:
            return title, _company(m.group("c"))
    m = re.search(rf"\b(?:At|at|With|with|joined)\s+{_COMPANY}", sentence)
    return "", (_company(m.group("c")) if m else "")


def _company(raw: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", raw.strip(), flags=re.IGNORECASE)
