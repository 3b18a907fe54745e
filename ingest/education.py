"""Education in resumes: degree, institution and year, from an education section or dated degree lines."""

from __future__ import annotations

import re

from ingest.layout import SEPARATORS, Line, clean
from ingest.records import Education
from ingest.vocabulary import DEGREE, INSTITUTION


def find_education(lines: list[Line], sections: dict[int, str]) -> list[Education]:
    """Degrees with their institution and year; without an education section, only lines naming a degree."""
    has_section = "education" in sections.values()
    out: list[Education] = []
    for i, line in enumerate(lines):
        if has_section and sections[i] != "education":
            continue
        if not has_section and sections[i] in ("heading", "skills"):
            continue
        cleaned = clean(line.text)
        degree = DEGREE.search(cleaned)
        institution = INSTITUTION.search(cleaned)
        if not degree and not (institution and has_section):
            continue
        years = re.findall(r"\b(?:19|20)\d{2}\b", cleaned)
        year = int(years[-1]) if years else None
        parts = [p for p in re.split(r"\s*(?:\||—|–|\s-\s|,|·|;|\(|\))\s*", cleaned) if p.strip()]
        parts = [re.sub(r"\b(?:19|20)\d{2}\b", "", p).strip(" -–") for p in parts]
        parts = [p for p in parts if p]
        deg = re.sub(r"^(?:education|studies|diplôme|degree|qualifications?)\s*:\s*", "",
                     next((p for p in parts if DEGREE.search(p)), ""), flags=re.IGNORECASE)
        inst = next((p for p in parts if INSTITUTION.search(p) and p != deg), "")
        if deg and not inst and INSTITUTION.search(deg):
            m = re.search(r"\b(?:at|from)\s+(?P<i>.+)$", deg)
            if m:
                deg, inst = deg[: m.start()].strip(), m.group("i").strip()
        if deg and not has_section and len(cleaned) > 90:
            m = DEGREE.search(cleaned)
            assert m is not None
            deg = cleaned[m.start() : m.start() + 60].split(".")[0].split(",")[0]
        if not deg and out and not out[-1].institution and inst:
            out[-1].institution = inst
            out[-1].year = out[-1].year or year
            continue
        if deg and not inst and i + 1 < len(lines) and INSTITUTION.search(lines[i + 1].text) and not DEGREE.search(lines[i + 1].text):
            nxt = clean(lines[i + 1].text)
            inst = re.sub(r"\b(?:19|20)\d{2}\b", "", SEPARATORS.split(nxt)[0]).strip(" -–,")
            if year is None:
                found = re.findall(r"\b(?:19|20)\d{2}\b", nxt)
                year = int(found[-1]) if found else None
        if deg or inst:
            out.append(Education(degree=deg[:160], institution=inst[:160], year=year))
    return out
