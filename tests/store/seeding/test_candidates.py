"""Synthetic candidates: the shortlist sample stays bounded, profile dates fit the applications."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from store.seeding.candidates import PROFILE_CREATED_FROM, PROFILE_CREATED_TO, _profile_dates, _Reservoir


def test_the_reservoir_keeps_a_bounded_uniform_sample_of_the_stream() -> None:
    sample = _Reservoir(random.Random(1), 10)
    for i in range(1000):
        sample.offer((i, i))
    assert len(sample.items) == 10 and sample.seen == 1000 and len(set(sample.items)) == 10
    assert max(i for i, _ in sample.items) > 100  # later items get in, not just the first ten


def test_applicants_join_shortly_before_applying_others_any_time() -> None:
    rng = random.Random(3)
    first = datetime(2026, 6, 1, tzinfo=timezone.utc)
    created, updated = _profile_dates(rng, first, first + timedelta(days=30))
    assert first - timedelta(days=40) <= created <= first and updated == first + timedelta(days=30)
    created, updated = _profile_dates(rng, None, None)
    assert PROFILE_CREATED_FROM <= created <= PROFILE_CREATED_TO and updated == created
