"""Places by name from GeoNames and ISO 3166: aliases meet, regions tell the country, the store's spelling wins."""

from __future__ import annotations

import pytest

from retrieval.gazetteer import STORE_CITIES, canonical_city, gazetteer


@pytest.mark.parametrize(
    ("typed", "city"),
    [("Bangalore", "Bengaluru"), ("bengaluru", "Bengaluru"), ("München", "Munich"), ("ZÜRICH", "Zurich"),
     ("NYC", "New York"), ("New York City", "New York"), ("Bombay", "Mumbai"), ("Poona", "Pune"),
     ("Sāngli", "Sangli"), ("Atlantis-on-Sea", "Atlantis-on-Sea")],
)
def test_one_spelling_per_city(typed: str, city: str) -> None:
    assert canonical_city(typed) == city


def test_store_cities_keep_the_store_spelling() -> None:
    assert [canonical_city(c) for c in STORE_CITIES] == list(STORE_CITIES)


def test_a_region_or_country_tells_which_city() -> None:
    places = gazetteer()
    assert places.region("Karnataka") == "IN" and places.region("Maharashtra") == "IN"
    assert places.region("TX") == "US" and places.region("tx") is None  # a code counts in capitals only
    assert places.country("UK") == "GB" and places.country("Deutschland") == "DE" and places.country("India") == "IN"
    assert places.country("Karnataka") is None  # a state is no country
    assert places.city("Hyderabad", country="PK").country == "PK"
    assert places.city("Hyderabad").country == "IN"  # alone: the biggest of the name
    assert places.city("Sangli", min_population=100_000) is not None
    assert places.city("Nowhere Town") is None
