"""Pipeline numbers: counts by stage, conversion and time in stage, on a hand-made store and the seeded one."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.services.pipeline import STAGE_ORDER, match_location, pipeline_summary
from store.models import FUNNEL, Application, Candidate, Role, Stage, StageEvent

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _walk(session: Session, app: Application, steps: list[tuple[Stage, float]]) -> None:
    """Stage events entering each stage at T0 + days; the application ends at the last stage."""
    previous = None
    for stage, days in steps:
        at = T0 + timedelta(days=days)
        session.add(StageEvent(application_id=app.id, from_stage=previous, to_stage=stage, at=at))
        previous = stage
    app.stage = previous
    session.add(app)


@pytest.fixture
def tiny(store):
    """One open Berlin role with four applications and one closed Paris role with one."""
    with Session(store) as session:
        berlin = Role(title="Data Engineer", family="Data Engineer", location="Berlin", is_open=True)
        paris = Role(title="Old Role", family="Data Engineer", location="Paris", is_open=False)
        munich = Role(title="ML Engineer", family="Machine Learning Engineer", location="Munich", is_open=True)
        session.add_all([berlin, paris, munich])
        people = [Candidate(full_name=f"Person {i}") for i in range(5)]
        session.add_all(people)
        session.flush()
        apps = [Application(candidate_id=p.id, role_id=berlin.id) for p in people[:4]]
        apps.append(Application(candidate_id=people[4].id, role_id=paris.id))
        session.add_all(apps)
        session.flush()
        _walk(session, apps[0], [(Stage.applied, 0)])                                            # waiting
        _walk(session, apps[1], [(Stage.applied, 0), (Stage.screening, 2), (Stage.rejected, 6)])  # rejected
        _walk(session, apps[2], [(Stage.applied, 0), (Stage.screening, 4), (Stage.phone_screen, 5)])
        _walk(session, apps[3], [(Stage.applied, 0), (Stage.screening, 6), (Stage.phone_screen, 8),
                                 (Stage.technical_interview, 9), (Stage.onsite, 10), (Stage.offer, 11),
                                 (Stage.hired, 12)])
        _walk(session, apps[4], [(Stage.applied, 0), (Stage.screening, 1)])
        session.commit()
        yield store, berlin.id


def test_counts_conversion_and_times_by_hand(tiny) -> None:
    engine, role_id = tiny
    with Session(engine) as session:
        summary = pipeline_summary(session, session.get(Role, role_id))
    assert summary.role_title == "Data Engineer" and summary.total == 4 and summary.active == 2
    assert list(summary.counts) == list(STAGE_ORDER)
    assert summary.counts[Stage.applied] == 1 and summary.counts[Stage.rejected] == 1
    assert summary.counts[Stage.phone_screen] == 1 and summary.counts[Stage.hired] == 1
    conv = {(c.from_stage, c.to_stage): c for c in summary.conversions}
    first = conv[(Stage.applied, Stage.screening)]
    assert (first.reached_from, first.reached_to) == (4, 3) and first.rate == pytest.approx(0.75)
    second = conv[(Stage.screening, Stage.phone_screen)]
    assert (second.reached_from, second.reached_to) == (3, 2)
    assert conv[(Stage.offer, Stage.hired)].rate == pytest.approx(1.0)
    times = {t.stage: t for t in summary.times}
    # applied: left after 2, 4 and 6 days (the waiting one is not finished)
    assert times[Stage.applied].samples == 3
    assert times[Stage.applied].median_days == pytest.approx(4.0)
    assert times[Stage.applied].mean_days == pytest.approx(4.0)
    # screening: 4 (then rejected), 1 and 2 days
    assert times[Stage.screening].median_days == pytest.approx(2.0)
    assert times[Stage.screening].mean_days == pytest.approx(7 / 3)
    assert Stage.hired not in times and Stage.rejected not in times


def test_all_open_roles_skip_closed_ones(tiny) -> None:
    engine, _ = tiny
    with Session(engine) as session:
        summary = pipeline_summary(session)
    assert summary.role_title is None and summary.roles == 2 and summary.total == 4


def test_location_filters_roles(tiny) -> None:
    engine, _ = tiny
    with Session(engine) as session:
        munich = pipeline_summary(session, location="Munich")
        berlin = pipeline_summary(session, location="Berlin")
    assert (munich.roles, munich.total) == (1, 0)
    assert (berlin.roles, berlin.total) == (1, 4)


def test_match_location_is_case_and_accent_insensitive(tiny) -> None:
    engine, _ = tiny
    with Session(engine) as session:
        assert match_location(session, " berlin ").location == "Berlin"
        unknown = match_location(session, "Tokyo")
    assert unknown.location is None and unknown.known == ["Berlin", "Munich"]


def test_seeded_role_counts_match_the_database(seeded) -> None:
    with Session(seeded) as session:
        role_id, _ = Counter(session.exec(select(Application.role_id)).all()).most_common(1)[0]
        role = session.get(Role, role_id)
        summary = pipeline_summary(session, role)
        rows = session.exec(select(Application.stage).where(Application.role_id == role_id))
        stages = Counter(Stage(s) for s in rows)
    assert summary.total == sum(stages.values()) > 0
    assert all(summary.counts[s] == stages.get(s, 0) for s in STAGE_ORDER)


def test_seeded_all_roles_conversion_is_a_funnel(seeded) -> None:
    with Session(seeded) as session:
        summary = pipeline_summary(session)
        open_ids = set(session.exec(select(Role.id).where(Role.is_open == True)))  # noqa: E712
        total = sum(1 for r in session.exec(select(Application.role_id)) if r in open_ids)
    assert summary.total == total > 0
    reached = [summary.conversions[0].reached_from] + [c.reached_to for c in summary.conversions]
    assert reached[0] == summary.total and reached == sorted(reached, reverse=True)
    assert [c.from_stage for c in summary.conversions] == list(FUNNEL[:-1])
    assert all(c.rate is None or 0 <= c.rate <= 1 for c in summary.conversions)
    timed = [t for t in summary.times if t.samples]
    assert timed and all(t.median_days is not None and t.median_days >= 0 for t in timed)
