"""Dates in resumes: month names, the date forms and ranges that mark a job's period, and years of experience.

Years are counted from the dated jobs with overlapping periods counted once; a stated '8 years of
experience' is the fallback when nothing is dated.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.records import Job

# Month names by their first letters: English, plus the French, German, Spanish, Portuguese and
# Italian forms that differ (a European CV often keeps them).
MONTHS = {
    "jan": 1, "ene": 1, "gen": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "mär": 3, "apr": 4, "avr": 4, "abr": 4,
    "may": 5, "mai": 5, "mag": 5, "jun": 6, "jui": 6, "giu": 6, "jul": 7, "lug": 7, "aug": 8, "aoû": 8, "aou": 8,
    "ago": 8, "sep": 9, "set": 9, "oct": 10, "okt": 10, "out": 10, "ott": 10, "nov": 11, "dec": 12, "déc": 12,
    "dez": 12, "dic": 12,
}
_MONTH = (r"(?:jan|ene|gen|feb|fév|fev|mar|mär|apr|avr|abr|may|mai|mag|jun|juin|giu|jul|juil|lug|aug|août|aout|"
          r"ago|sep|sept|set|oct|okt|out|ott|nov|dec|déc|dez|dic)[a-zäéûô]*\.?")
_DATE = (rf"(?:{_MONTH}\s*,?\s*'?\d{{2,4}}|\d{{1,2}}\s*[/.]\s*\d{{4}}|\d{{4}}\s*[-/.]\s*\d{{1,2}}(?!\d)|"
         rf"(?:19|20)\d{{2}})")
OPEN_END = r"(?:present|now|current|currently|today|ongoing|heute|actual|date)"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:[-–—~]+|to|until|till|through|and|bis|a|→|->)\s*(?P<end>{_DATE}|{OPEN_END})",
    re.IGNORECASE,
)
SINCE = re.compile(rf"\b(?:since|from|seit|desde)\s+(?P<start>{_DATE})(?!\s*(?:[-–—~]+|to|until|till)\s*\w)",
                   re.IGNORECASE)
YEARS_STATED = re.compile(
    r"(?P<n>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\+?\s*(?:\+\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def parse_month(raw: str, *, end: bool) -> tuple[int, int] | None:
    """(year, month) of one date in any of the accepted forms; a bare year is January / December."""
    raw = raw.strip().casefold().rstrip(".")
    m = re.fullmatch(rf"({_MONTH})\s*,?\s*'?(\d{{2,4}})", raw, re.IGNORECASE)
    if m:
        year = int(m.group(2))
        year = year + 2000 if year < 50 else (year + 1900 if year < 100 else year)
        word = m.group(1).casefold()
        month = 7 if word.startswith("juil") else MONTHS[word[:3]]
        return year, month
    m = re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", raw)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(2)), int(m.group(1))
    m = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", raw)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"(\d{4})", raw)
    if m:
        return int(m.group(1)), 12 if end else 1
    return None


def iso_month(ym: tuple[int, int] | None) -> str | None:
    """'YYYY-MM', the form `Job.start` and `Job.end` are stored in."""
    return f"{ym[0]:04d}-{ym[1]:02d}" if ym else None


def years_from_jobs(jobs: list[Job], today: date) -> float | None:
    """Years covered by the dated jobs, overlapping periods counted once."""
    spans: list[tuple[int, int]] = []
    now = today.year * 12 + today.month - 1
    for job in jobs:
        if not job.start:
            continue
        y, m = map(int, job.start.split("-"))
        start = y * 12 + m - 1
        if job.end:
            y, m = map(int, job.end.split("-"))
            end = min(y * 12 + m - 1, now)
        else:
            end = now
        if end >= start:
            spans.append((start, end + 1))
    if not spans:
        return None
    spans.sort()
    total, (cur_s, cur_e) = 0, spans[0]
    for s, e in spans[1:]:
        if s <= cur_e:
            cur_e = max(cur_e, e)
        else:
            total += cur_e - cur_s
            cur_s, cur_e = s, e
    total += cur_e - cur_s
    return round(total / 12, 1)


def years_stated(text: str) -> float | None:
    """'8 years of experience', '11 yrs keeping fleets up': prefer statements about experience."""
    about_experience: list[float] = []
    other: list[float] = []
    for m in YEARS_STATED.finditer(text):
        after = text[m.end() : m.end() + 40].casefold()
        if re.match(r"\W*(?:old|ago|later|warranty|contract|of age)\b", after):
            continue
        raw = m.group("n").casefold()
        n = float(NUMBER_WORDS.get(raw, 0) or raw)
        context = after + " " + text[max(0, m.start() - 30) : m.start()].casefold()
        (about_experience if re.search(r"experience|industry|professional|career", context) else other).append(n)
    found = about_experience or other
    return max(found) if found else None
