"""What the generator reads from the store: open roles as openings, the career graph both ways, cities."""

from __future__ import annotations

import random

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.seeding import load_catalog
from store.seeding.facts import CITY_WEIGHTS, SeedCatalog, Streams


def test_seed_catalog_mirrors_the_loaded_catalog(engine: Engine) -> None:
    with Session(engine) as session:
        load_catalog(session)
        session.commit()
        facts = SeedCatalog(session, None)
    assert {o.id for o in facts.openings} == {r["id"] for r in facts.roles if r["is_open"]}
    for src, targets in facts.successors.items():
        assert all(src in facts.predecessors[dst] for dst in targets)
    assert set(CITY_WEIGHTS) <= set(facts.cities) and {r["location"] for r in facts.roles} <= set(facts.cities)
    assert all(facts.forms[name].canonical == name for name in facts.categories)


def test_streams_are_independent_and_seeded() -> None:
    one, again = Streams(7), Streams(7)
    assert one.identity.random() == again.identity.random()
    assert one.profile.random() != random.Random("7:identity").random()
