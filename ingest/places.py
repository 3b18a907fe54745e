"""Places in resumes: the cities and countries we know, and where in a resume the person's city is.

Locations are kept as the store keeps them, a bare city name ('Lisbon', 'New York', 'Remote'), so imported
and seeded candidates spell a city the same way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ingest.contacts import strip_contacts
from ingest.layout import Line, clean, heading_kind
from ingest.vocabulary import DEGREE, INSTITUTION, NOT_NAMES, TITLE_WORDS

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

# Locations are stored as a bare city name, as the seeded store has them ("Berlin", "New York", "Remote":
# `store/seeding/people.py` CITY_WEIGHTS and the roles in `data/catalog/roles.yml`).
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
    raw = " ".join(clean(raw).split()).strip(" .;,")
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
        out.append(line)
    return out[:6]


def _is_prose(line: str) -> bool:
    return len(line.split()) > 14 or bool(re.search(r"\b(?:I|I'm|I’m|my)\b", line))


def _location_in_header(header: list[Line], text: str, name_span: tuple[int, int],
                        extractor: SkillExtractor | None) -> str:
    """'Senior Data Scientist · Rotterdam · ...', 'MLOps Engineer - Copenhagen', 'Lisbon, Portugal | ...'."""
    name = text[name_span[0] : name_span[1]] if name_span != (0, 0) else ""
    remote = False
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


def find_location(text: str, lines: list[Line], sections: dict[int, str], name_span: tuple[int, int],
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
