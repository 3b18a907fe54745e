"""Search service: query building, paging, filters, no-result advice and missing indexes."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.services.search import (
    SearchRequest,
    build_query,
    continue_search,
    is_more_request,
    new_request,
    run_search,
    warm_up,
)
from store.models import Candidate, CandidateSkill


@pytest.mark.parametrize("text", ["show more", "more results", "next page", "any others?", "more please"])
def test_more_requests(text: str) -> None:
    assert is_more_request(text, has_filters=False)


@pytest.mark.parametrize(("text", "filters"), [("more python people in Berlin", True), ("python developers", False),
                                               ("x" * 200 + " more", False)])
def test_not_more_requests(text: str, filters: bool) -> None:
    assert not is_more_request(text, has_filters=filters)


def test_build_query_puts_skills_first_and_drops_search_words() -> None:
    assert build_query("find me candidates with kubernetes in Berlin please", ["Kubernetes"]) == "Kubernetes kubernetes Berlin"
    assert len(build_query("x " * 20_000, [])) <= 500


def test_new_request_joins_several_values_of_a_filter() -> None:
    req = new_request("python devs in Berlin or Munich", ["Python"], ["Berlin", "Munich", "Berlin"], ["Senior"])
    assert (req.location, req.seniority, req.skills, req.offset) == ("Berlin,Munich", "senior", ["Python"], 0)


def test_state_round_trip_and_malformed_state() -> None:
    req = SearchRequest("python", "Berlin", None, ["Python"], 5, 12)
    assert SearchRequest.from_state(req.as_state()) == req
    assert SearchRequest.from_state(None) is None
    assert SearchRequest.from_state({"query": ""}) is None
    assert SearchRequest.from_state({"query": "sql", "offset": "x"}).offset == 0


def _common_skill(engine) -> str:
    with Session(engine) as session:
        rows = session.exec(select(CandidateSkill.skill)).all()
    return max(set(rows), key=rows.count)


def test_skill_search_pages_of_five_with_evidence(indexed) -> None:
    skill = _common_skill(indexed)
    page = run_search(new_request(f"who knows {skill}?", [skill], [], []))
    assert not page.problem and len(page.rows) == 5 and page.total > 5 and page.has_more
    assert all(skill in row.skills for row in page.rows)
    assert all(row.score is not None and 0 < row.score <= 1 for row in page.rows)
    following = continue_search(page.request.as_state())
    assert following.start == 5 and following.rows
    assert not {r.candidate_id for r in page.rows} & {r.candidate_id for r in following.rows}


def test_location_and_seniority_filters_apply(indexed) -> None:
    page = run_search(new_request("python data engineers", ["Python"], ["Berlin"], ["senior"]))
    with Session(indexed) as session:
        for row in page.rows:
            person = session.get(Candidate, row.candidate_id)
            assert person.location == "Berlin" and person.seniority == "senior"


def test_location_only_search_counts_everyone_there(indexed) -> None:
    page = run_search(new_request("who do we have in Madrid?", [], ["Madrid"], []))
    with Session(indexed) as session:
        there = len(session.exec(select(Candidate.id).where(Candidate.location == "Madrid")).all())
    assert page.total == there and all(r.location == "Madrid" for r in page.rows)


def test_unknown_location_suggests_dropping_it(indexed) -> None:
    skill = _common_skill(indexed)
    page = run_search(new_request(f"{skill} people in Hamburg", [skill], ["Hamburg"], []))
    assert page.problem == "bad_filter" and not page.rows
    assert page.relax == "location" and page.relax_count > 0


def test_no_match_names_the_filter_to_relax(indexed) -> None:
    with Session(indexed) as session:
        holders = session.exec(select(CandidateSkill.skill, Candidate.location)
                               .join(Candidate, Candidate.id == CandidateSkill.candidate_id)).all()
        cities = sorted({loc for _, loc in holders})
    by_skill: dict[str, set[str]] = {}
    for skill, loc in holders:
        by_skill.setdefault(skill, set()).add(loc)
    skill, city = next((s, c) for s, locs in sorted(by_skill.items()) if 2 <= len(locs) for c in cities if c not in locs)
    page = run_search(new_request(f"{skill} in {city}", [skill], [city], []))
    assert page.problem == "no_match" and page.relax == "location" and page.relax_count >= 1


def test_continuing_past_the_end(indexed) -> None:
    page = continue_search({"query": "Madrid", "location": "Madrid", "offset": 10_000, "skills": []})
    assert page.problem == "end" and not page.rows


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "   "])
def test_nothing_to_search_for(indexed, text: str) -> None:
    assert run_search(new_request(text, [], [], [])).problem == "no_query"


def test_sql_looking_text_is_just_text(indexed) -> None:
    page = run_search(new_request("' OR 1=1; DROP TABLE candidate; --", [], [], []))
    assert page.problem in ("", "no_match")
    with Session(indexed) as session:
        assert session.exec(select(Candidate.id)).first() is not None


def test_missing_indexes_are_reported_not_built(unindexed) -> None:
    page = run_search(new_request("python", ["Python"], [], []))
    assert page.problem == "unavailable" and not page.rows


def test_model_unavailable_is_reported(indexed, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval import ModelUnavailable

    def broken(*args, **kwargs):
        raise ModelUnavailable("the offline embedding model is missing")

    monkeypatch.setattr("bot.services.search.search", broken)
    page = run_search(new_request("python", ["Python"], [], []))
    assert page.problem == "unavailable" and "model" in page.detail


def test_nobody_anywhere_says_dropping_filters_would_not_help(indexed) -> None:
    with Session(indexed) as session:
        held = set(session.exec(select(CandidateSkill.skill)).all())
        city = session.exec(select(Candidate.location)).first()
    from retrieval import get_indexes

    unheld = next(s for s in sorted(get_indexes().taxonomy.skills) if s not in held and len(s) > 3)
    page = run_search(new_request(unheld, [unheld], [city], []))
    assert page.problem == "no_match" and page.relax == "" and page.relax_tried == ["location"]


def test_warm_up_loads_what_exists(indexed) -> None:
    assert warm_up()


def test_warm_up_without_an_index_builds_nothing(unindexed, tmp_path) -> None:
    assert not warm_up()
    assert not (tmp_path / "noindex" / "indexes" / "candidates").exists()
