"""Places in resumes: where in a resume the person's city is, read through the gazetteer.

Cities, countries and regions come from `retrieval.gazetteer` (GeoNames, ISO 3166). Locations are kept as
the store keeps them, a bare city name ('Lisbon', 'New York', 'Bengaluru', 'Remote'), so imported and seeded
candidates spell a city the same way; a line naming only a state ('Tripura') keeps the state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.contacts import strip_contacts
from ingest.layout import Line, clean, heading_kind
from ingest.vocabulary import DEGREE, INSTITUTION, NOT_NAMES, TITLE_WORDS
from retrieval.gazetteer import BIG_CITY, COMMON_WORDS, STORE_CITIES, fold, gazetteer  # noqa: F401 - STORE_CITIES re-exported

if TYPE_CHECKING:
    from retrieval.extraction import SkillExtractor


LOCATION_LABEL = re.compile(
    r"^\s*(?:[*_#>-]\s*)*(?:location|address|city|based in|residence|lives in|wohnort|ort)\s*[*_]*\s*[:\-–]\s*(?P<loc>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
BASED_IN = re.compile(
    r"\b(?:based in|living in|live in|located in|lives in|relocated to|currently in)\s+"
    r"(?P<loc>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*)?)"
)

# Bare place names need no list here: cities come from GeoNames, countries and their subdivisions from
# ISO 3166 (`retrieval.gazetteer`).
COMPANY_WORDS = frozenset(
    "inc ltd llc gmbh ag bv b.v. srl s.r.l. sa s.a. plc corp corporation company co labs lab group bank "
    "technologies systems solutions consulting partners studio studios ventures capital holdings".split()
)
RELOCATE = re.compile(r"(?:willing|open|ready|happy)\s+to\s+relocate", re.IGNORECASE)
_PLACE = r"[A-Z][\w'’.\-]*(?:\s+(?:de|del|da|do|es|al|am|of|upon|on)\b)?(?:\s+[A-Z][\w'’.\-]*){0,2}"
IN_CITY = re.compile(rf"\b(?:in|from|near|based in|living in|located in)\s+(?P<city>{_PLACE})")


_AREA_WORDS = re.compile(r"^(?:greater|metro|metropolitan|central)\s+|\s+(?:area|region|metro|metropolitan area|"
                         r"city centre|city center|and surroundings|urban|rural|district)$", re.IGNORECASE)


def known_city(phrase: str, *, cased: bool = True, country: str | None = None) -> str | None:
    """The store's spelling of a city this phrase names on its own ('München', 'Greater London'), else None.

    Alone, a place must be a big city (`BIG_CITY`) and not an everyday word ('Reading', 'Nice'); beside
    its country or region (`country`) any GeoNames city of that country counts ('Sangli, Maharashtra').
    """
    phrase = phrase.strip(" .*_()[]")
    if not phrase or (cased and not phrase[:1].isupper()):
        return None  # a place name is capitalised; 'reading' or 'nice' in a sentence is not one
    places = gazetteer()
    for form in dict.fromkeys((phrase, _AREA_WORDS.sub("", phrase), phrase.split("-")[0])):
        if not form.strip():
            continue
        if country is None and fold(form) in COMMON_WORDS:
            continue
        city = places.city(form, country=country, min_population=0 if country else BIG_CITY)
        if city:
            return city.name
    return None


def _is_country(phrase: str) -> bool:
    return gazetteer().country(phrase) is not None


def _region(phrase: str) -> str | None:
    """The country code of a country or subdivision ('Karnataka', 'TX', 'Portugal'), else None."""
    return gazetteer().region(phrase)


def _plausible_place(phrase: str, extractor: SkillExtractor | None) -> bool:
    """A capitalised phrase that is not a job title, a company, a degree or a skill."""
    words = {w.strip(".,") for w in phrase.casefold().split()}
    if not phrase or any(ch.isdigit() or ch in "@/:" for ch in phrase) or len(words) > 4:
        return False
    if words & TITLE_WORDS or words & COMPANY_WORDS or words & NOT_NAMES or _is_country(phrase):
        return False
    if DEGREE.search(phrase) or INSTITUTION.search(phrase):
        return False
    taxonomy = getattr(extractor, "taxonomy", None)
    return taxonomy is None or taxonomy.canonical(phrase) is None


def normalise_location(raw: str, extractor: SkillExtractor | None = None) -> str:
    """A stated location as the store keeps it: the bare city ('Lisbon, Portugal' -> 'Lisbon', 'NYC' -> 'New York').

    'Remote' stays 'Remote'; an unknown city is kept as written without its country or region; a value
    with no recognisable place (a street address without a city we know, a lone country) gives ''.
    """
    raw = " ".join(clean(raw).split()).strip(" .;,")
    if not raw:
        return ""
    if re.match(r"(?:fully\s+|100%\s+)?remote\b", raw, re.IGNORECASE):
        return "Remote"
    parts = [p for p in re.split(r"\s*(?:,|\||·|;|\(|\)|\s/\s|\s-\s|–|—)\s*", raw) if p.strip(" .")]
    # postcodes and house numbers go ('75001 Paris', 'Leeds LS1 4AB')
    parts = [" ".join(w for w in p.split() if not re.search(r"\d", w)).strip(" .") for p in parts]
    parts = [p for p in parts if p]
    region = next(filter(None, (_region(p) for p in parts[1:])), None)
    for part in parts:
        # a labelled value: 'location: berlin' is still Berlin; 'Sangli, Maharashtra' is a city of India
        city = (known_city(part, cased=False, country=region) if region else None) or known_city(part, cased=False)
        if city:
            return city
    for part in parts:
        if _is_country(part):
            continue
        if _plausible_place(part, extractor) and not re.search(r"\b(?:street|st\.|road|rd\.|avenue|ave|straße|"
                                                                r"strasse|str\.|rue|via|calle|lane|floor)\b",
                                                                part, re.IGNORECASE):
            return part
        break
    return ""


def _header_lines(lines: list[Line], sections: dict[int, str], name_span: tuple[int, int]) -> list[Line]:
    """The lines around the name, before the first section about work, study or skills."""
    out: list[Line] = []
    name_line = next((i for i, line in enumerate(lines[:8]) if line.start <= name_span[0] < line.end), None)
    for i, line in enumerate(lines[:8]):
        if sections.get(i) == "heading":
            if heading_kind(line.text) in ("experience", "education", "skills") or (
                    name_line is not None and i > name_line):
                break
            continue
        if not RELOCATE.match(clean(line.text)):
            out.append(line)  # where someone would move to is not where they are
    return out[:6]


def _is_prose(line: str) -> bool:
    return len(line.split()) > 14 or bool(re.search(r"\b(?:I|I'm|I’m|my)\b", line))


def _location_in_header(header: list[Line], text: str, name_span: tuple[int, int],
                        extractor: SkillExtractor | None) -> str:
    """'Senior Data Scientist · Rotterdam · ...', 'MLOps Engineer - Copenhagen', 'Lisbon, Portugal | ...'."""
    name = text[name_span[0] : name_span[1]] if name_span != (0, 0) else ""
    remote, area = False, ""
    for line in header:
        is_name_line = line.start <= name_span[0] < line.end
        cleaned = strip_contacts(clean(line.text), name)
        segments = [s.strip(" .()*_") for s in re.split(r"\s*(?:\||·|•|—|–|\s-\s|;|\t| {3,}|\s/\s|(?<=[a-z])\.\s)\s*",
                                                         cleaned)]
        for segment in filter(None, segments):
            if _is_prose(segment):
                # a sentence about the person ("I'm Amara, a people analytics lead in London"), known cities only
                if not (is_name_line or re.match(r"(?:I am|I'm|I’m|Hi|Hello|My name)\b", segment)):
                    continue
                for m in IN_CITY.finditer(segment):
                    words = m.group("city").split()
                    city = next(filter(None, (known_city(" ".join(words[:k])) for k in range(len(words), 0, -1))), None)
                    if city:
                        return city
                continue
            parts = [p.strip(" .()*_") for p in re.split(r"\s*,\s*", segment)]
            region = next(filter(None, (_region(p) for p in parts[1:])), None)
            if region and parts[0][:1].isupper():  # "City, State" / "City, Country": any GeoNames city of it
                city = known_city(parts[0], country=region) or known_city(parts[0])
                if city or _plausible_place(parts[0], extractor):
                    return city or parts[0]
            for k, part in enumerate(parts):
                found = IN_CITY.search(part)  # "Data Engineer in Milan", "based near Utrecht"
                city = ((known_city(part, country=region) if region and k == 0 else None) or known_city(part)
                        or (known_city(found.group("city")) if found else None))
                if city:
                    return city
                remote = remote or bool(re.fullmatch(r"(?:fully\s+)?remote(?:\s+\w+)?(?:\s*\(.*)?", part, re.IGNORECASE))
                if (not area and len(parts) <= 3 and len(part) > 3 and part[:1].isupper() and _region(part)
                        and not _is_country(part)):
                    area = part  # a state alone ('Tripura'): less than a city, but where they are
    return "Remote" if remote else area


def find_location(text: str, lines: list[Line], sections: dict[int, str], name_span: tuple[int, int],
                  extractor: SkillExtractor | None = None) -> str:
    """Where the person is, as the store spells it: a 'Location:' line, the header lines, or 'based in X'."""
    top = next((line.start for i, line in enumerate(lines) if sections.get(i) == "heading"
                and heading_kind(line.text) in ("experience", "education", "skills")), len(text))
    labelled = LOCATION_LABEL.search(text, 0, top)  # further down, 'Location: Mumbai' is where a job was
    if labelled:
        found = normalise_location(labelled.group("loc"), extractor)
        if found:
            return found
    found = _location_in_header(_header_lines(lines, sections, name_span), text, name_span, extractor)
    if found:
        return found
    based = BASED_IN.search(text)
    if based:
        return normalise_location(based.group("loc"), extractor)
    return ""
