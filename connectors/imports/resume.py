"""Resume text -> CandidateRecord: who, how to reach them, where they worked and when, what they know.

Rule-based on purpose (resumes are short and their structure is conventional): headings split
the text into sections, date ranges find the jobs, regexes find contact details. Skills come
from `SkillExtractor` (taxonomy synonyms plus MiniLM phrase matching), each with the sentence
that evidences it. Nothing here logs resume text or contact details.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from connectors.imports.records import CandidateRecord, Education, Job
from retrieval.extraction import SkillExtractor


class ResumeError(ValueError):
    """The text cannot be read as a resume (empty, no name, not a resume); `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MIN_WORDS = 8  # fewer words than this is a note, not a resume

# -- vocabularies ------------------------------------------------------------------------------------
HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience", "work experience", "professional experience", "employment", "employment history",
        "work history", "career", "career history", "career summary", "positions", "professional background",
        "where i've worked", "where i have worked", "jobs", "relevant experience", "work", "berufserfahrung",
        "experiencia", "experiência", "expérience", "expérience professionnelle", "history",
    ),
    "education": (
        "education", "academic background", "studies", "qualifications", "degrees", "education & training",
        "education and training", "training", "academic", "academics", "ausbildung", "formación", "formation",
        "schooling",
    ),
    "skills": (
        "skills", "technical skills", "toolbox", "tech stack", "core competencies", "competencies", "expertise",
        "tools", "technologies", "stack", "skills & tools", "skills and tools", "key skills", "kenntnisse",
        "what i work with", "tooling",
    ),
    "summary": (
        "summary", "profile", "about", "about me", "objective", "professional summary", "overview", "bio",
        "introduction", "personal statement",
    ),
    "other": (
        "projects", "selected projects", "certifications", "certificates", "languages", "interests", "hobbies",
        "publications", "awards", "volunteering", "volunteer work", "references", "contact", "contact details",
        "personal details", "side projects", "talks", "open source", "achievements",
    ),
}
_HEADING_KIND = {h: kind for kind, names in HEADINGS.items() for h in names}

TITLE_WORDS = frozenset(
    """
    engineer engineering developer scientist analyst manager lead recruiter intern consultant designer director
    head specialist partner researcher architect officer coordinator administrator associate advisor owner
    programmer statistician founder co-founder cto ceo vp president generalist sourcer assistant technician
    teacher lecturer professor postdoc fellow student trainee apprentice writer editor strategist representative
    contractor freelancer freelance executive principal staff senior junior mlops devops sre tester qa
    """.split()
)
DEGREE = re.compile(
    r"\b(?:B\.?\s?Sc|M\.?\s?Sc|B\.\s?A\.?|M\.\s?A\.?|BA|MA|B\.\s?S\.?|M\.\s?S\.?|BS|MS|Ph\.?\s?D|MBA|M\.?\s?Eng|"
    r"B\.?\s?Eng|B\.?\s?Tech|M\.?\s?Tech|BASc|BCom|LL\.?\s?[BM]|(?i:Bachelor(?:'s)?|Master(?:'s)?|Doctorate|Doctor of|"
    r"Diploma|Diplom|Diplôme|Licenciatura|Licence|Laurea|Abitur|A-levels|Associate degree|Graduate certificate|"
    r"Certificate in|Ingeniería|Ingénieur|Inżynier|Bacharelado))(?![\w-])"
)
INSTITUTION = re.compile(
    r"\b(?:University|Universit[äyà]t?|Université|Universidad|Universidade|Università|College|Institute|"
    r"Institut|School|Polytechnic|Politecnico|Academy|Hochschule|ETH|EPFL|MIT|TU [A-Z]\w+|KTH|UCL|LSE|IIT)\b"
)
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "dos", "das", "di", "la", "le",
                       "bin", "binti", "bint", "al", "el", "ibn", "ten", "ter", "du", "y", "zu"})
NOT_NAMES = frozenset({"resume", "résumé", "curriculum", "vitae", "cv", "profile", "contact", "summary",
                       "experience", "education", "skills", "page", "confidential", "phone", "email", "linkedin",
                       "github", "address", "mobile", "location", "objective", "portfolio", "i", "i'm", "i’m",
                       "hi", "hello", "dear", "my", "about", "me", "name"})
HONORIFICS = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|ing|dipl)\.?\s+", re.IGNORECASE)

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
_OPEN = r"(?:present|now|current|currently|today|ongoing|heute|actual|date)"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:[-–—~]+|to|until|till|through|and|bis|a|→|->)\s*(?P<end>{_DATE}|{_OPEN})",
    re.IGNORECASE,
)
SINCE = re.compile(rf"\b(?:since|from|seit|desde)\s+(?P<start>{_DATE})(?!\s*(?:[-–—~]+|to|until|till)\s*\w)",
                   re.IGNORECASE)
EMAIL = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d[\d ()\-./]{5,}\d(?![\w/])")
PHONE_LABEL = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|mob|ph)\b\.?\s*[:.]?", re.IGNORECASE)
YEARS_STATED = re.compile(
    r"(?P<n>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\+?\s*(?:\+\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
LOCATION_LABEL = re.compile(
    r"^\s*(?:[*_#>-]\s*)*(?:location|address|city|based in|residence|lives in|wohnort|ort)\s*[*_]*\s*[:\-–]\s*(?P<loc>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
BASED_IN = re.compile(
    r"\b(?:based in|living in|live in|located in|lives in|relocated to|currently in)\s+"
    r"(?P<loc>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*)?)"
)
SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|,|;|\t| {3,})\s*")

# Locations are stored as a bare city name, as the seeded store has them ("Berlin", "New York", "Remote":
# `connectors/store/seeding/people.py` CITY_WEIGHTS and the roles in `data/catalog/roles.yml`).
STORE_CITIES = ("Berlin", "Munich", "Amsterdam", "London", "Paris", "Zurich", "Madrid", "Warsaw", "Lisbon",
                "Stockholm", "Toronto", "New York")
# Cities a resume names on its own ("Rotterdam", "QA Engineer - Copenhagen"); English spelling, matched
# without accents or case. Words that are also common nouns (Reading, Nice, Split, Mobile) are left out.
WORLD_CITIES = STORE_CITIES + tuple(c.strip() for c in """
    Rotterdam, The Hague, Utrecht, Eindhoven, Antwerp, Brussels, Ghent, Luxembourg, Hamburg, Frankfurt, Cologne,
    Stuttgart, Dusseldorf, Leipzig, Dresden, Hanover, Nuremberg, Karlsruhe, Heidelberg, Bonn, Walldorf, Vienna,
    Graz, Geneva, Basel, Lausanne, Bern, Milan, Rome, Turin, Bologna, Florence, Naples, Venice, Genoa, Barcelona,
    Valencia, Seville, Bilbao, Malaga, Porto, Braga, Lyon, Marseille, Toulouse, Bordeaux, Lille, Nantes,
    Grenoble, Strasbourg, Montpellier, Sophia Antipolis, Manchester, Birmingham, Leeds, Glasgow, Edinburgh,
    Bristol, Cambridge, Oxford, Liverpool, Newcastle, Belfast, Cardiff, Sheffield, Nottingham, Brighton, Dublin,
    Cork, Galway, Copenhagen, Aarhus, Oslo, Bergen, Gothenburg, Malmö, Uppsala, Helsinki, Espoo, Tampere,
    Reykjavik, Tallinn, Riga, Vilnius, Krakow, Wroclaw, Gdansk, Poznan, Lodz, Prague, Brno, Bratislava, Budapest,
    Bucharest, Cluj-Napoca, Sofia, Belgrade, Zagreb, Ljubljana, Athens, Thessaloniki, Istanbul, Ankara, Izmir,
    Kyiv, Kiev, Lviv, Kharkiv, Minsk, Moscow, Saint Petersburg, Tbilisi, Yerevan, Baku, Almaty, Tashkent,
    Tel Aviv, Jerusalem, Haifa, Amman, Beirut, Cairo, Alexandria, Casablanca, Rabat, Tunis, Algiers, Dubai,
    Abu Dhabi, Doha, Riyadh, Jeddah, Muscat, Kuwait City, Manama, Tehran, Karachi, Lahore, Islamabad, Dhaka,
    Colombo, Kathmandu, Mumbai, Delhi, New Delhi, Bengaluru, Bangalore, Hyderabad, Chennai, Pune, Kolkata,
    Gurugram, Gurgaon, Noida, Ahmedabad, Jaipur, Kochi, Singapore, Kuala Lumpur, Jakarta, Bandung, Manila,
    Cebu, Bangkok, Hanoi, Ho Chi Minh City, Phnom Penh, Yangon, Hong Kong, Shanghai, Beijing, Shenzhen,
    Guangzhou, Hangzhou, Chengdu, Taipei, Seoul, Busan, Tokyo, Osaka, Kyoto, Yokohama, Fukuoka, Sydney,
    Melbourne, Brisbane, Perth, Adelaide, Canberra, Auckland, Wellington, Christchurch, Nairobi, Mombasa,
    Kampala, Kigali, Dar es Salaam, Addis Ababa, Lagos, Abuja, Ibadan, Accra, Kumasi, Dakar, Abidjan, Douala,
    Johannesburg, Cape Town, Durban, Pretoria, Gaborone, Harare, Lusaka, Luanda, Maputo, Vancouver, Montreal,
    Calgary, Ottawa, Edmonton, Waterloo, Quebec City, Halifax, Winnipeg, San Francisco, Los Angeles, San Diego,
    San Jose, Seattle, Portland, Boston, Chicago, Austin, Dallas, Houston, Denver, Atlanta, Miami, Washington,
    Philadelphia, Pittsburgh, Detroit, Minneapolis, Phoenix, Salt Lake City, Nashville, Raleigh, Charlotte,
    Baltimore, Brooklyn, Palo Alto, Mountain View, Menlo Park, Sunnyvale, Oakland, Berkeley, Mexico City,
    Guadalajara, Monterrey, Bogotá, Medellín, Cali, Lima, Quito, Santiago, Buenos Aires, Córdoba, Montevideo,
    Asunción, La Paz, Caracas, São Paulo, Rio de Janeiro, Belo Horizonte, Porto Alegre, Curitiba, Recife,
    Brasília, Florianópolis, Havana, San Juan, Panama City, San Jose, Guatemala City
""".split(",") if c.strip())
# Local or short spellings -> the English name above (keys are matched without accents or case).
CITY_ALIASES = {
    "munchen": "Munich", "koln": "Cologne", "frankfurt am main": "Frankfurt", "hannover": "Hanover",
    "nurnberg": "Nuremberg", "wien": "Vienna", "geneve": "Geneva", "genf": "Geneva", "zuerich": "Zurich",
    "milano": "Milan", "roma": "Rome", "torino": "Turin", "firenze": "Florence", "napoli": "Naples",
    "venezia": "Venice", "genova": "Genoa", "lisboa": "Lisbon", "sevilla": "Seville", "den haag": "The Hague",
    "s-gravenhage": "The Hague", "antwerpen": "Antwerp", "anvers": "Antwerp", "bruxelles": "Brussels",
    "brussel": "Brussels", "gent": "Ghent", "kobenhavn": "Copenhagen", "goteborg": "Gothenburg",
    "warszawa": "Warsaw", "cracow": "Krakow", "praha": "Prague", "athina": "Athens", "moskva": "Moscow",
    "st petersburg": "Saint Petersburg", "st. petersburg": "Saint Petersburg", "kiev": "Kyiv",
    "nyc": "New York", "new york city": "New York", "manhattan": "New York", "sf": "San Francisco", "washington dc": "Washington", "washington d.c.": "Washington", "bombay": "Mumbai",
    "bangalore": "Bengaluru", "gurgaon": "Gurugram", "saigon": "Ho Chi Minh City", "peking": "Beijing",
    "montreal": "Montreal", "ciudad de mexico": "Mexico City", "cdmx": "Mexico City",
}
COUNTRIES = frozenset(c.strip().casefold() for c in """
    Germany, Deutschland, Netherlands, The Netherlands, Holland, Belgium, Luxembourg, France, Spain, Portugal,
    Italy, Switzerland, Austria, United Kingdom, UK, U.K., England, Scotland, Wales, Northern Ireland, Ireland,
    Denmark, Sweden, Norway, Finland, Iceland, Estonia, Latvia, Lithuania, Poland, Czechia, Czech Republic,
    Slovakia, Hungary, Romania, Bulgaria, Serbia, Croatia, Slovenia, Greece, Turkey, Türkiye, Ukraine, Belarus,
    Russia, Georgia, Armenia, Azerbaijan, Kazakhstan, Uzbekistan, Israel, Jordan, Lebanon, Egypt, Morocco,
    Tunisia, Algeria, UAE, U.A.E., United Arab Emirates, Qatar, Saudi Arabia, KSA, Oman, Kuwait, Bahrain, Iran,
    Pakistan, Bangladesh, Sri Lanka, Nepal, India, Singapore, Malaysia, Indonesia, Philippines, Thailand,
    Vietnam, Viet Nam, Cambodia, Myanmar, China, PRC, Hong Kong, Taiwan, South Korea, Korea, Japan, Australia,
    New Zealand, Kenya, Uganda, Rwanda, Tanzania, Ethiopia, Nigeria, Ghana, Senegal, Côte d'Ivoire,
    Ivory Coast, Cameroon, South Africa, Botswana, Zimbabwe, Zambia, Angola, Mozambique, Canada, USA, U.S.A.,
    US, U.S., United States, United States of America, Mexico, Colombia, Peru, Ecuador, Chile, Argentina,
    Uruguay, Paraguay, Bolivia, Venezuela, Brazil, Brasil, Cuba, Puerto Rico, Panama, Costa Rica, Guatemala,
    Deutschland, España, Italia, Danmark, Sverige, Norge, Suomi, Polska, Schweiz, Suisse, Österreich,
    AL, AK, AZ, AR, CA, CO, CT, DE, FL, GA, HI, ID, IL, IN, IA, KS, KY, LA, ME, MD, MA, MI, MN, MS, MO, MT, NE,
    NV, NH, NJ, NM, NY, NC, ND, OH, OK, OR, PA, RI, SC, SD, TN, TX, UT, VT, VA, WA, WV, WI, WY, DC, ON, QC, BC,
    AB, NS, MB, NL, DK, SE, NO, FI, FR, ES, PT, IT, CH, AT, BE, PL, CZ, IE, GB
""".split(",") if c.strip())
COMPANY_WORDS = frozenset(
    "inc ltd llc gmbh ag bv b.v. srl s.r.l. sa s.a. plc corp corporation company co labs lab group bank "
    "technologies systems solutions consulting partners studio studios ventures capital holdings".split()
)
_PLACE = r"[A-Z][\w'’.\-]*(?:\s+(?:de|del|da|do|es|al|am|of|upon|on)\b)?(?:\s+[A-Z][\w'’.\-]*){0,2}"
CITY_COUNTRY = re.compile(rf"(?P<city>{_PLACE}),\s*(?P<country>[A-Z][\w'’.\-]*(?:\s+[A-Za-z][\w'’.\-]*){{0,3}})")
IN_CITY = re.compile(rf"\b(?:in|from|near|based in|living in|located in)\s+(?P<city>{_PLACE})")


@dataclass
class _Line:
    text: str
    start: int
    end: int


# -- entry point ---------------------------------------------------------------------------------------
def parse_resume(text: str, *, extractor: SkillExtractor, source: str = "", today: date | None = None) -> CandidateRecord:
    """Read one resume; raises ResumeError (with a reason fit for the import report) when it is not one.

    `today` is the date "present" means (the current date by default), for the years of experience.
    """
    if text is None or not text.strip():
        raise ResumeError("empty file: no text to read")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
    if printable < 0.9 * len(text):
        raise ResumeError("not a resume: the text is mostly unprintable characters (a binary file?)")
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_WORDS:
        raise ResumeError(f"not a resume: fewer than {MIN_WORDS} words")
    today = today or date.today()
    lines = _lines(text)
    sections = _sections(lines)

    name, name_span = _name(lines, text)
    if not name:
        raise ResumeError("no name found (expected the person's name on the first lines or as 'Name: ...')")
    email_match = EMAIL.search(text)
    email = email_match.group().strip(".").lower() if email_match else None
    phone, phone_span = _phone(text)

    jobs = _jobs(lines, sections)
    years = _years_from_jobs(jobs, today)
    if years is None:
        years = _years_stated(text)
    education = _education(lines, sections)
    headline = _headline(jobs, lines, name_span)
    skip = [name_span] + [m.span() for m in EMAIL.finditer(text)] + ([phone_span] if phone_span else [])
    skip += [m.span() for m in re.finditer(r"\S*(?:linkedin|github|https?://)\S*", text, re.IGNORECASE)]
    skills = extractor.extract(text, skip=skip)
    return CandidateRecord(
        full_name=name,
        email=email,
        phone=phone,
        headline=headline,
        location=_location(text, lines, sections, name_span, extractor),
        years_experience=years,
        seniority=seniority_for(None, years, headline),
        resume_text=text,
        work_history=jobs,
        education=education,
        skills=skills,
        source=source,
    )


# -- layout ------------------------------------------------------------------------------------------
def _lines(text: str) -> list[_Line]:
    return [_Line(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _clean(line: str) -> str:
    """A line without markdown decoration, bullets or trailing colons."""
    line = re.sub(r"^[\s#>*_=\-•·]+|[\s*_=:\-]+$", "", line)
    return re.sub(r"[*_`]+", "", line).strip()


def _heading_kind(line: str) -> str | None:
    cleaned = _clean(line).casefold().rstrip(":").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if not cleaned or len(cleaned.split()) > 5:
        return None
    if cleaned in _HEADING_KIND:
        return _HEADING_KIND[cleaned]
    for heading, kind in _HEADING_KIND.items():
        if len(heading) > 4 and (cleaned.startswith(heading + " ") or cleaned.endswith(" " + heading)):
            return kind
    return None


def _sections(lines: list[_Line]) -> dict[int, str]:
    """Line index -> section kind ('top' before the first heading; headings map to 'heading')."""
    kinds: dict[int, str] = {}
    current = "top"
    for i, line in enumerate(lines):
        kind = _heading_kind(line.text)
        if kind:
            current = kind
            kinds[i] = "heading"
        else:
            kinds[i] = current
    return kinds


# -- who -----------------------------------------------------------------------------------------------
def _looks_like_name(candidate: str) -> bool:
    words = HONORIFICS.sub("", candidate).split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() or ch in "@/:()" for ch in candidate):
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,")
        if bare.casefold() in NOT_NAMES or bare.casefold() in TITLE_WORDS:
            return False
        if bare.casefold() in PARTICLES:
            continue
        if not bare[:1].isupper():
            return False
        capitalised += 1
    return capitalised >= 2 or (capitalised == 1 and len(words) >= 2 and words[0][:1].isupper())


def _tidy_name(name: str) -> str:
    name = " ".join(HONORIFICS.sub("", name.strip(" .,;*_#")).split())
    if name.isupper():
        name = " ".join(w if w.casefold() in PARTICLES else w.capitalize() for w in name.split())
        name = re.sub(r"(?<=[-'’])(\w)", lambda m: m.group(1).upper(), name)
        name = re.sub(r"\b(Mc|O')(\w)", lambda m: m.group(1) + m.group(2).upper(), name)
    return name


def _name(lines: list[_Line], text: str) -> tuple[str | None, tuple[int, int]]:
    labelled = re.search(r"^[\s*_#>\-]*(?:full\s+)?name\s*[*_]*\s*[:\-–]\s*[*_]*\s*(?P<n>[^\n|]+)",
                         text, re.IGNORECASE | re.MULTILINE)
    if labelled:
        raw = labelled.group("n")
        raw = SEPARATORS.split(raw.strip())[0]
        if _looks_like_name(_clean(raw)):
            start = labelled.start("n")
            return _tidy_name(_clean(raw)), (start, start + len(raw.rstrip()))
    for line in lines[:6]:
        if _heading_kind(line.text):
            continue
        cleaned = _clean(line.text)
        first = SEPARATORS.split(cleaned)[0] if cleaned else ""
        first = re.sub(r"\s*\((?:he|she|they)/\w+\)\s*$", "", first, flags=re.IGNORECASE)
        if first and _looks_like_name(first):
            at = text.find(first, line.start)
            return _tidy_name(first), (at, at + len(first))
    narrative = re.search(
        r"\b(?i:my name is|i am|i'm|i’m|this is)\s+(?P<n>[A-Z][\w'’\-]+(?:\s+(?:[A-Z][\w'’\-]+|"
        + "|".join(sorted(PARTICLES)) + r"))*\s+[A-Z][\w'’\-]+)", text[:600])
    if narrative and _looks_like_name(narrative.group("n")):
        return _tidy_name(narrative.group("n")), narrative.span("n")
    return None, (0, 0)


def _phone(text: str) -> tuple[str | None, tuple[int, int] | None]:
    best: tuple[int, str, tuple[int, int]] | None = None
    for m in PHONE.finditer(text):
        raw = m.group().strip()
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or _looks_like_dates(raw):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        rank = 0 if PHONE_LABEL.search(before) else (1 if raw.startswith(("+", "00", "(")) else 2)
        if rank == 2 and len(digits) < 9:
            continue
        if best is None or rank < best[0]:
            best = (rank, raw, m.span())
    if best is None:
        return None, None
    return best[1], best[2]


def _looks_like_dates(raw: str) -> bool:
    groups = re.findall(r"\d+", raw)
    years = [g for g in groups if len(g) == 4 and g[:2] in ("19", "20")]
    return bool(years) and all(len(g) in (1, 2, 4) for g in groups) and len(years) >= len(groups) / 2


def _fold(value: str) -> str:
    """Case- and accent-free key: 'Zürich' and 'ZURICH' meet at 'zurich'."""
    bare = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(bare.casefold().replace("’", "'").split())


_CITY_KEYS = {_fold(c): c for c in WORLD_CITIES} | {_fold(k): v for k, v in CITY_ALIASES.items()}
_AREA_WORDS = re.compile(r"^(?:greater|metro|metropolitan|central)\s+|\s+(?:area|region|metro|metropolitan area|"
                         r"city centre|city center|and surroundings)$", re.IGNORECASE)


def known_city(phrase: str, *, cased: bool = True) -> str | None:
    """The store's spelling of a city this phrase names on its own ('München', 'Greater London'), else None."""
    phrase = phrase.strip(" .*_()[]")
    if not phrase or (cased and not phrase[:1].isupper()):
        return None  # a place name is capitalised; 'reading' or 'nice' in a sentence is not one
    return _CITY_KEYS.get(_fold(phrase)) or _CITY_KEYS.get(_fold(_AREA_WORDS.sub("", phrase)))


def _is_country(phrase: str) -> bool:
    phrase = phrase.strip(" .()")
    return phrase.casefold() in COUNTRIES or _fold(phrase) in COUNTRIES


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
    raw = " ".join(_clean(raw).split()).strip(" .;,")
    if not raw:
        return ""
    if re.match(r"(?:fully\s+|100%\s+)?remote\b", raw, re.IGNORECASE):
        return "Remote"
    parts = [p for p in re.split(r"\s*(?:,|\||·|;|\(|\)|\s/\s|\s-\s|–|—)\s*", raw) if p.strip(" .")]
    # postcodes and house numbers go ('75001 Paris', 'Leeds LS1 4AB')
    parts = [" ".join(w for w in p.split() if not re.search(r"\d", w)).strip(" .") for p in parts]
    parts = [p for p in parts if p]
    for part in parts:
        city = known_city(part, cased=False)  # a labelled value: 'location: berlin' is still Berlin
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


def _header_lines(lines: list[_Line], sections: dict[int, str], name_span: tuple[int, int]) -> list[_Line]:
    """The lines around the name, before the first section about work, study or skills."""
    out: list[_Line] = []
    name_line = next((i for i, line in enumerate(lines[:8]) if line.start <= name_span[0] < line.end), None)
    for i, line in enumerate(lines[:8]):
        if sections.get(i) == "heading":
            if _heading_kind(line.text) in ("experience", "education", "skills") or (
                    name_line is not None and i > name_line):
                break
            continue
        out.append(line)
    return out[:6]


def _strip_contacts(line: str, name: str) -> str:
    """A header line without the name, email addresses, links and phone numbers."""
    if name:
        line = line.replace(name, " ")
    line = EMAIL.sub(" ", line)
    line = re.sub(r"\S*(?:linkedin|github|https?://|www\.)\S*", " ", line, flags=re.IGNORECASE)
    line = PHONE.sub(" ", line)
    line = PHONE_LABEL.sub(" ", line)
    return re.sub(r"\b(?:e-?mail|mail)\s*:", " ", line, flags=re.IGNORECASE)


def _is_prose(line: str) -> bool:
    return len(line.split()) > 14 or bool(re.search(r"\b(?:I|I'm|I’m|my)\b", line))


def _location_in_header(header: list[_Line], text: str, name_span: tuple[int, int],
                        extractor: SkillExtractor | None) -> str:
    """'Senior Data Scientist · Rotterdam · ...', 'MLOps Engineer - Copenhagen', 'Lisbon, Portugal | ...'."""
    name = text[name_span[0] : name_span[1]] if name_span != (0, 0) else ""
    remote = False
    for line in header:
        is_name_line = line.start <= name_span[0] < line.end
        cleaned = _strip_contacts(_clean(line.text), name)
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
            m = CITY_COUNTRY.fullmatch(segment)  # "City, Country" / "City, ST" (a city we may not list)
            if m and _is_country(m.group("country")):
                city = known_city(m.group("city"))
                if city or _plausible_place(m.group("city"), extractor):
                    return city or m.group("city").strip()
            for part in re.split(r"\s*,\s*", segment):
                part = part.strip(" .()*_")
                found = IN_CITY.search(part)  # "Data Engineer in Milan", "based near Utrecht"
                city = known_city(part) or (known_city(found.group("city")) if found else None)
                if city:
                    return city
                remote = remote or bool(re.fullmatch(r"(?:fully\s+)?remote(?:\s+\w+)?(?:\s*\(.*)?", part, re.IGNORECASE))
    return "Remote" if remote else ""


def _location(text: str, lines: list[_Line], sections: dict[int, str], name_span: tuple[int, int],
              extractor: SkillExtractor | None = None) -> str:
    """Where the person is, as the store spells it: a 'Location:' line, the header lines, or 'based in X'."""
    labelled = LOCATION_LABEL.search(text)
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


# -- work history -----------------------------------------------------------------------------------------
def _month(raw: str, *, end: bool) -> tuple[int, int] | None:
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


def _iso(ym: tuple[int, int] | None) -> str | None:
    return f"{ym[0]:04d}-{ym[1]:02d}" if ym else None


def _split_title_company(part: str) -> tuple[str, str]:
    part = re.sub(r"^\w+\s*:\s*", "", _clean(part).strip(" ,;|():"))
    if not part:
        return "", ""
    for sep in (r"\s+at\s+", r"\s+@\s+"):
        pieces = re.split(sep, part, maxsplit=1)
        if len(pieces) == 2:
            return pieces[0].strip(" ,"), pieces[1].strip(" ,.")
    pieces = [p for p in re.split(r"\s*(?:\||—|–|\s-\s|,|·|\t|\s{3,})\s*", part) if p.strip()]
    if len(pieces) >= 2:
        first, second = pieces[0], pieces[1]
        if _is_title(second) and not _is_title(first):
            return second, first
        return first, second
    return part, ""


def _is_title(phrase: str) -> bool:
    return bool(set(re.findall(r"[a-z\-]+", phrase.casefold())) & TITLE_WORDS)


def _units(lines: list[_Line]) -> list[tuple[int, str, bool]]:
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
    return has_experience or not (DEGREE.search(text) or (INSTITUTION.search(text) and not _is_title(text)))


def _jobs(lines: list[_Line], sections: dict[int, str]) -> list[Job]:
    has_experience = "experience" in sections.values()
    units = _units(lines)
    headers: list[tuple[int, re.Match[str]]] = []
    for u, (i, unit, _) in enumerate(units):
        if not _is_job_unit(unit, sections[i], has_experience):
            continue
        match = DATE_RANGE.search(unit) or SINCE.search(unit)
        if match and _month(match.group("start"), end=False):
            headers.append((u, match))
    jobs: list[Job] = []
    for n, (u, match) in enumerate(headers):
        i, unit, prose = units[u]
        start = _month(match.group("start"), end=False)
        end = None
        if "end" in match.groupdict() and not re.fullmatch(_OPEN, match.group("end").strip(), re.IGNORECASE):
            end = _month(match.group("end"), end=True)
        title, company = _title_from_sentence(unit)
        if not title and not prose:
            before, after = unit[: match.start()], unit[match.end():]
            before = re.sub(r"\(\s*$|\b(?:from|since|between)\s*$", "", before.rstrip())
            after = re.split(r"^\s*\)?\s*[:\-–—]\s", after)[-1] if not _clean(before) else after
            rest = before if _clean(before).strip(" ,;|()") else after.split(":")[0]
            title, company = _split_title_company(rest)
            if not title and u > 0 and units[u - 1][0] == i - 1 and sections.get(i - 1) != "heading":
                title, company = _split_title_company(lines[i - 1].text)
                if company == "" and i > 1 and sections.get(i - 2) != "heading" and not DATE_RANGE.search(lines[i - 2].text):
                    above = _clean(lines[i - 2].text)
                    if _is_title(above) and not _is_title(title):
                        title, company = above, title
        stop = headers[n + 1][0] if n + 1 < len(headers) else len(units)
        body = [unit.strip()] if prose else []
        for v in range(u + 1, stop):
            j, later, _ = units[v]
            if sections[j] != sections[i] or (prose and j != i):
                break
            body.append(later.strip())
        jobs.append(Job(title=title[:120], company=company[:120], start=_iso(start), end=_iso(end),
                        description="\n".join(body)))
    return jobs


_ROLE_VERB = r"(?:as|was|am|been|became|joined \S+ as|work as|worked as|working as|is)"
_COMPANY = r"(?P<c>(?:the |a |an )?[A-Z0-9][\w&.'’\-]*(?:\s+[A-Z0-9&][\w&.'’\-]*)*)"


def _title_from_sentence(sentence: str) -> tuple[str, str]:
    """Title and employer from prose: '... I worked as Senior HR Business Partner at Stripe ...'."""
    for m in re.finditer(rf"\b{_ROLE_VERB}\s+(?:a |an |the )?(?P<t>[\w&/\- ]{{3,70}}?)\s+(?:at|for|with|in)\s+"
                         rf"{_COMPANY}", sentence):
        title = re.sub(r"\s+(?:for|in|on|with)\s+.*$", "", m.group("t").strip())
        if _is_title(title) and len(title.split()) <= 7:
            return title, _company(m.group("c"))
    m = re.search(rf"\b(?:At|at|With|with|joined)\s+{_COMPANY}", sentence)
    return "", (_company(m.group("c")) if m else "")


def _company(raw: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", raw.strip(), flags=re.IGNORECASE)


def _years_from_jobs(jobs: list[Job], today: date) -> float | None:
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


def _years_stated(text: str) -> float | None:
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


# -- education --------------------------------------------------------------------------------------------
def _education(lines: list[_Line], sections: dict[int, str]) -> list[Education]:
    has_section = "education" in sections.values()
    out: list[Education] = []
    for i, line in enumerate(lines):
        if has_section and sections[i] != "education":
            continue
        if not has_section and sections[i] in ("heading", "skills"):
            continue
        cleaned = _clean(line.text)
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
            nxt = _clean(lines[i + 1].text)
            inst = re.sub(r"\b(?:19|20)\d{2}\b", "", SEPARATORS.split(nxt)[0]).strip(" -–,")
            if year is None:
                found = re.findall(r"\b(?:19|20)\d{2}\b", nxt)
                year = int(found[-1]) if found else None
        if deg or inst:
            out.append(Education(degree=deg[:160], institution=inst[:160], year=year))
    return out


# -- summary fields ------------------------------------------------------------------------------------------
def _headline(jobs: list[Job], lines: list[_Line], name_span: tuple[int, int]) -> str:
    """The current job's title; else the title line under the name; else the latest titled job."""
    current = [j for j in jobs if j.end is None and j.title]
    if current:
        return max(current, key=lambda j: j.start or "").title
    for line in lines[:4]:
        if line.start <= name_span[0] < line.end:
            rest = line.text[name_span[1] - line.start :]
            parts = [p for p in SEPARATORS.split(_clean(rest)) if p]
        else:
            parts = [p for p in SEPARATORS.split(_clean(line.text)) if p]
        for part in parts:
            if _is_title(part) and len(part.split()) <= 6 and "@" not in part:
                return part
    dated = [j for j in jobs if j.title]
    return max(dated, key=lambda j: j.start or "").title if dated else ""


# Level words in a title or an ATS "level" cell -> the store's seniority (junior, mid, senior, lead, principal).
SENIORITY_WORDS = {
    "junior": "junior", "jr": "junior", "entry": "junior", "graduate": "junior", "intern": "junior",
    "trainee": "junior", "apprentice": "junior", "student": "junior",
    "mid": "mid", "intermediate": "mid", "medior": "mid", "regular": "mid",
    "senior": "senior", "sr": "senior",
    "lead": "lead", "staff": "lead", "head": "lead", "director": "lead", "vp": "lead", "chief": "lead", "cto": "lead",
    "principal": "principal", "distinguished": "principal",
}
SENIORITY_ORDER = ("junior", "mid", "senior", "lead", "principal")
# Years alone give junior (< 2), mid (< 5) or senior. Lead and principal are roles a title states, not
# tenure: in the seeded store every lead/principal carries the word in their title (seeding/archetypes.py
# TITLE_PREFIX) and the years overlap (senior 5-9, lead 8-14), so ten years as "Frontend Engineer" is senior.
SENIORITY_YEARS = ((2.0, "junior"), (5.0, "mid"))


def seniority_for(value: str | None, years: float | None, headline: str = "") -> str | None:
    """One seniority rule for resumes and ATS rows: a level cell, else the title's level words, else years."""
    for phrase in (value, headline):
        levels = [SENIORITY_WORDS[w] for w in re.findall(r"[a-z]+", (phrase or "").casefold()) if w in SENIORITY_WORDS]
        if levels:
            return max(levels, key=SENIORITY_ORDER.index)  # "Senior Staff Engineer" is staff, i.e. lead
    if years is None:
        return None
    return next((level for limit, level in SENIORITY_YEARS if years < limit), "senior")


__all__ = ["ResumeError", "known_city", "normalise_location", "parse_resume", "seniority_for"]
