"""Pay bands: normalising the question, and the bands it selects from the seeded catalog."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.services.salaries import LEVELS, location_in_text, resolve_band_query, salary_bands
from store.models import SalaryBand


def test_location_in_text(seeded) -> None:
    with Session(seeded) as session:
        assert location_in_text(session, "salary in zürich please") == "Zurich"
        assert location_in_text(session, "what do they earn in NYC") == "New York"
        assert location_in_text(session, "nothing here") is None


def _query(session: Session, role=None, seniority=None, location=None):
    return resolve_band_query(session, role_text=role, seniority_text=seniority, location_text=location)


def test_role_title_gives_family_and_its_level(seeded) -> None:
    with Session(seeded) as session:
        q = _query(session, role="Senior Data Scientist", location="Munich")
    assert (q.family, q.seniority, q.location) == ("Data Scientist", "senior", "Munich")


def test_family_name_leaves_the_level_open(seeded) -> None:
    with Session(seeded) as session:
        q = _query(session, role="data scientist")
    assert (q.family, q.seniority, q.location) == ("Data Scientist", None, None)


def test_explicit_seniority_wins_over_the_title(seeded) -> None:
    with Session(seeded) as session:
        q = _query(session, role="Senior Data Scientist", seniority="lead")
    assert q.seniority == "lead"


def test_single_band_matches_the_table(seeded) -> None:
    with Session(seeded) as session:
        answer = salary_bands(session, _query(session, role="Data Scientist", seniority="senior", location="Munich"))
        row = session.exec(select(SalaryBand).where(SalaryBand.family == "Data Scientist",
                                                    SalaryBand.seniority == "senior",
                                                    SalaryBand.location == "Munich")).one()
    assert len(answer.bands) == 1
    band = answer.bands[0]
    assert (band.low, band.mid, band.high, band.currency) == (row.low, row.mid, row.high, "EUR")
    assert band.low < band.mid < band.high


def test_missing_location_lists_every_location(seeded) -> None:
    with Session(seeded) as session:
        answer = salary_bands(session, _query(session, role="Data Engineer", seniority="mid"))
    assert {b.location for b in answer.bands} == set(answer.known_locations)
    assert len(answer.bands) > 5 and all(b.seniority == "mid" for b in answer.bands)


def test_missing_level_lists_every_level_in_order(seeded) -> None:
    with Session(seeded) as session:
        answer = salary_bands(session, _query(session, role="Data Engineer", location="Berlin"))
    assert [b.seniority for b in answer.bands] == list(LEVELS)


def test_excluded_combination_has_no_band_and_lists_known_locations(seeded) -> None:
    with Session(seeded) as session:
        answer = salary_bands(session, _query(session, role="Learning and Development Partner", seniority="mid",
                                              location="Zurich"))
    assert answer.bands == []
    assert "Zurich" not in answer.known_locations and "Berlin" in answer.known_locations


def test_unknown_dimensions_are_reported(seeded) -> None:
    with Session(seeded) as session:
        q = _query(session, role="Underwater Basket Weaver", seniority="wizard", location="Tokyo")
        answer = salary_bands(session, q)
    assert q.family is None and q.unknown_family and q.unknown_seniority == "wizard" and q.unknown_location == "Tokyo"
    assert answer.bands == [] and "Data Scientist" in answer.known_families


@pytest.mark.parametrize("typed", ["", "🙂" * 40, "x" * 20_000, "' OR 1=1; --"])
def test_bad_input_never_raises(seeded, typed: str) -> None:
    with Session(seeded) as session:
        answer = salary_bands(session, _query(session, role=typed, seniority=typed, location=typed))
    assert answer.bands == []
