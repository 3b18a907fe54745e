"""A candidate missing a required skill ranks above one who has them all only with the parts that say why."""

from __future__ import annotations

import pytest

from bot.messages.recommendations import overtake_line, recommendations_reply, score_parts
from bot.services.ranking_reasons import Ranked, overtake, overtakes
from bot.services.recommendations import Match, RoleRecommendation

FIRST = {"required": 26.7, "semantic": 25.0, "experience": 15.0, "nice": 10.0, "location": 10.0}  # 86.7
SECOND = {"required": 40.0, "semantic": 16.3, "experience": 12.0, "nice": 10.0, "location": 7.5}  # 85.8


def test_the_parts_that_put_the_first_ahead_are_named_and_add_up() -> None:
    why = overtake(Ranked("Ana", FIRST, ["Python"]), Ranked("Ben", SECOND, []))
    assert why.other == "Ben"
    assert why.gains == [("semantic", 8.7), ("experience", 3.0), ("location", 2.5)]
    assert why.losses == [("required", 13.3)]
    net = sum(d for _, d in why.gains) - sum(d for _, d in why.losses)
    assert net == pytest.approx(sum(FIRST.values()) - sum(SECOND.values()), abs=0.05)


def test_only_someone_missing_a_required_skill_above_a_complete_one_needs_a_reason() -> None:
    ranked = [Ranked("Ana", FIRST, ["Python"]), Ranked("Ben", SECOND, []), Ranked("Cy", SECOND, ["SQL"])]
    reasons = overtakes(ranked)
    assert reasons[0] is not None and reasons[0].other == "Ben"
    assert reasons[1] is None  # has every required skill
    assert reasons[2] is None  # nobody below has them all
    assert overtakes([Ranked("Ben", SECOND, []), Ranked("Ana", FIRST, ["Python"])]) == [None, None]


def _match(name: str, points: dict[str, float], missing: list[str], **extra) -> Match:
    return Match(candidate_id=hash(name) % 1000, name=name, headline="NLP Engineer", location="Berlin",
                 seniority="senior", years_experience=6.0, score=round(sum(points.values()), 1),
                 matched_required=["PyTorch", "spaCy"] if missing else ["Python", "PyTorch", "spaCy"],
                 matched_nice=[], missing_required=missing, evidence="", experience_fit="6 years",
                 location_fit="in Berlin", points=points, **extra)


def test_the_answer_shows_the_sum_and_why_the_first_ranks_first() -> None:
    why = overtake(Ranked("Ana Lima", FIRST, ["Python"]), Ranked("Ben Ode", SECOND, []))
    rec = RoleRecommendation("Senior NLP Engineer", 1, ["Python", "PyTorch", "spaCy"], 40,
                             [_match("Ana Lima", FIRST, ["Python"], overtake=why), _match("Ben Ode", SECOND, [])])
    reply = recommendations_reply(rec)
    assert "1. Ana Lima" in reply.text and "match 86.7/100" in reply.text and "match 85.8/100" in reply.text
    assert f"= {score_parts(FIRST)}" in reply.text
    assert score_parts(FIRST).startswith("required skills 26.7 + semantic fit 25.0 + experience 15.0")
    assert overtake_line(why) in reply.text
    assert "ranked above Ben Ode, who has every required skill, on semantic fit +8.7" in reply.text
    assert "(behind on required skills −13.3)" in reply.text
    card = reply.payload["candidates"][0]
    assert card["score_points"] == FIRST and card["ranked_above"]["other"] == "Ben Ode"
    assert reply.payload["candidates"][1]["ranked_above"] is None
