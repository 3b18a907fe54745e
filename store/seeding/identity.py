"""Synthetic identities: names, e-mail addresses and the protected attributes that go with them.

Drawn from their own random stream, so gender, ethnicity and name culture can never shift
anyone's skills or experience; age only follows from experience, as it must to be plausible.
"""

from __future__ import annotations

import random
import unicodedata
from itertools import accumulate
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.seeding.catalog_files import CATALOG_DIR, CatalogError, read_document

GENDERS = ("female", "male", "non-binary")
GENDER_WEIGHTS = (0.48, 0.48, 0.04)
ETHNIC_GROUPS = ("White", "Black", "Asian", "Hispanic/Latino", "Middle Eastern/North African", "Mixed/Other")
# Loose on purpose: a name's culture says little about a person's self-described ethnicity.
CULTURE_GROUP = {
    "german": "White", "anglo": "White", "french": "White", "polish": "White", "dutch": "White",
    "swedish": "White", "spanish_latam": "Hispanic/Latino", "brazilian_portuguese": "Hispanic/Latino",
    "indian": "Asian", "chinese": "Asian", "vietnamese": "Asian", "turkish": "Middle Eastern/North African",
    "arabic": "Middle Eastern/North African", "nigerian": "Black",
}
SAME_GROUP_RATE = 0.7
SECOND_CAREER_RATE = 0.15
AGE_BANDS = ((24, "18-24"), (34, "25-34"), (44, "35-44"), (54, "45-54"))
DOUBLE_SURNAME_RATE = {"spanish_latam": 0.5, "brazilian_portuguese": 0.35}
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example")
_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ı": "i"}
)


@dataclass(frozen=True)
class Identity:
    """Who a synthetic person is, as far as their name and protected attributes go."""

    first: str
    last: str
    full_name: str
    culture: str
    gender: str
    ethnicity: str


def ascii_fold(text: str) -> str:
    """'Łukasz Nguyễn' -> 'Lukasz Nguyen', for e-mail addresses and handles."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def _slug(text: str) -> str:
    """Lowercase letters only: 'van der Meer' -> 'vandermeer', "O'Brien" -> 'obrien'."""
    return "".join(c for c in ascii_fold(text).lower() if c.isalnum())


def age_band(years_experience: float, rng: random.Random) -> str:
    """An age band consistent with experience: careers start around 23, some much later (second careers)."""
    age = rng.triangular(19, 32, 23) + years_experience
    if rng.random() < SECOND_CAREER_RATE:
        age += rng.uniform(3, 18)
    for upper, band in AGE_BANDS:
        if age <= upper:
            return band
    return "55+"


class NameBook:
    """Culture-aware name drawing that keeps full names unique unless a duplicate is asked for."""

    def __init__(self, catalog_dir: Path | None = None) -> None:
        doc = read_document((catalog_dir or CATALOG_DIR) / "names.yml", "first_names")
        self.first: dict[str, dict[str, list[str]]] = doc["first_names"]
        self.last: dict[str, list[str]] = doc.get("last_names") or {}
        weights: dict[str, Any] = doc.get("culture_weights") or {c: 1 for c in self.first}
        self.cultures = [c for c in weights if c in self.first and self.last.get(c)]
        if not self.cultures:
            raise CatalogError("names.yml: no culture has both first_names and last_names")
        self.cum_weights = list(accumulate(float(weights[c]) for c in self.cultures))
        self.feminine: dict[str, dict[str, str]] = doc.get("feminine_surnames") or {}
        self.companies: dict[str, list[str]] = doc.get("companies") or {}
        self.schools: list[str] = doc.get("schools") or []
        self.used: set[str] = set()

    def _first_name(self, rng: random.Random, culture: str, gender: str) -> str:
        """Gendered lists for women and men (sometimes a neutral name); non-binary people mostly neutral."""
        pools = self.first[culture]
        neutral = pools.get("neutral") or []
        if gender == "non-binary":
            if neutral and rng.random() < 0.6:
                return rng.choice(neutral)
            return rng.choice(pools["female"] + pools["male"])
        if neutral and rng.random() < 0.12:
            return rng.choice(neutral)
        return rng.choice(pools[gender])

    def _last_name(self, rng: random.Random, culture: str, gender: str) -> str:
        """Surname with the culture's conventions: two surnames in Spain and Brazil, -ska in Poland."""
        last = rng.choice(self.last[culture])
        if rng.random() < DOUBLE_SURNAME_RATE.get(culture, 0.0):
            second = rng.choice(self.last[culture])
            if second != last:
                last = f"{last} {second}"
        if gender == "female":
            for male_end, female_end in self.feminine.get(culture, {}).items():
                if last.endswith(male_end):
                    return last[: -len(male_end)] + female_end
        return last

    def draw(self, rng: random.Random) -> Identity:
        """A new identity whose full name nobody else in this book has."""
        culture = rng.choices(self.cultures, cum_weights=self.cum_weights)[0]
        gender = rng.choices(GENDERS, weights=GENDER_WEIGHTS)[0]
        ethnicity = CULTURE_GROUP.get(culture, "Mixed/Other")
        if rng.random() > SAME_GROUP_RATE:
            ethnicity = rng.choice(ETHNIC_GROUPS)
        first = self._first_name(rng, culture, gender)
        last = self._last_name(rng, culture, gender)
        full = f"{first} {last}"
        for attempt in range(12):
            if full not in self.used:
                break
            if attempt < 3:
                first, last = self._first_name(rng, culture, gender), self._last_name(rng, culture, gender)
                full = f"{first} {last}"
            elif attempt < 8:
                middle = self._first_name(rng, culture, gender)
                full = f"{first} {middle} {last}" if middle != first else full
            else:
                full = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
        self.used.add(full)
        return Identity(first, last, full, culture, gender, ethnicity)

    def namesake(self, rng: random.Random, other: Identity) -> Identity:
        """A different person with exactly the same name (the case disambiguation must handle)."""
        ethnicity = CULTURE_GROUP.get(other.culture, "Mixed/Other")
        if rng.random() > SAME_GROUP_RATE:
            ethnicity = rng.choice(ETHNIC_GROUPS)
        return Identity(other.first, other.last, other.full_name, other.culture, other.gender, ethnicity)

    def company(self, rng: random.Random) -> str:
        """An invented employer name ('Kestrel Analytics')."""
        prefixes = self.companies.get("prefixes") or ["Acme"]
        kinds = self.companies.get("kinds") or ["Labs"]
        return f"{rng.choice(prefixes)} {rng.choice(kinds)}"

    def school(self, rng: random.Random) -> str:
        """A university for the education section."""
        return rng.choice(self.schools) if self.schools else "Open University"


class EmailBook:
    """Unique e-mail addresses built from a person's name plus a number, as people pick them."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def personal(self, rng: random.Random, person: Identity) -> str:
        """'lena.mueller42@example.org'-style private address for a candidate."""
        first, last = _slug(person.first) or "user", _slug(person.last.split()[-1]) or "mail"
        style = rng.randrange(4)
        number = rng.randint(1, 99)
        domain = rng.choice(EMAIL_DOMAINS)
        while True:
            local = (f"{first}.{last}{number}", f"{first[0]}{last}{number}", f"{first}_{last}{number}",
                     f"{first}{last[0]}{number}")[style]
            address = f"{local}@{domain}"
            if address not in self.used:
                self.used.add(address)
                return address
            number += rng.randint(1, 50)

    def work(self, person: Identity, domain: str) -> str:
        """'lena.mueller@company.example'; a clash gets a counter, as IT departments do."""
        base = f"{_slug(person.first) or 'user'}.{_slug(person.last) or 'staff'}"
        local, n = base, 1
        while f"{local}@{domain}" in self.used:
            n += 1
            local = f"{base}{n}"
        self.used.add(f"{local}@{domain}")
        return f"{local}@{domain}"
