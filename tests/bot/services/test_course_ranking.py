"""Course ranking: gap, level fit, prerequisites, completions, feedback."""

from __future__ import annotations

from bot.services.course_ranking import level_fit, rank_courses, skill_gaps
from bot.services.feedback import build_preferences
from bot.services.training_targets import Target, skill_target
from tests.bot.services.conftest import course, profile, tiny_catalog


def test_gap_ranks_courses_on_missing_skills_first() -> None:
    cat = tiny_catalog([course("PY-1", ["Python"]), course("SQL-1", ["SQL"])])
    target = Target("role", {"Python": (1.0, 4), "SQL": (1.0, 4)})
    ranked = rank_courses(cat, target, profile({"SQL": 4}))
    assert [c.code for c in ranked] == ["PY-1"]  # SQL is already at the wanted level: no gap, no course


def test_bigger_gap_and_required_skill_rank_higher() -> None:
    cat = tiny_catalog([course("PY-1", ["Python"]), course("DO-1", ["Docker"])])
    target = Target("role", {"Python": (1.0, 4), "Docker": (0.5, 3)})
    ranked = rank_courses(cat, target, profile({}))
    assert [c.code for c in ranked] == ["PY-1", "DO-1"]


def test_level_fit_prefers_advanced_for_experienced_people() -> None:
    cat = tiny_catalog([course("PY-1", ["Python"], "beginner"), course("PY-3", ["Python"], "advanced")])
    expert = rank_courses(cat, skill_target("Python"), profile({"Python": 4}))
    novice = rank_courses(cat, skill_target("Python"), profile({}))
    assert expert[0].code == "PY-3" and novice[0].code == "PY-1"
    assert level_fit("beginner", 0) == 1.0 and level_fit("advanced", 0) == 0.0


def test_completed_courses_are_left_out_and_unmet_prerequisites_rank_lower() -> None:
    cat = tiny_catalog([
        course("PY-1", ["Python"]), course("PY-2", ["Python"], "intermediate", ["PY-1"]),
        course("PY-2B", ["Python"], "intermediate", ["PY-X"]),
    ])
    ranked = rank_courses(cat, skill_target("Python"), profile({"Python": 2}, {"PY-1"}))
    codes = [c.code for c in ranked]
    assert "PY-1" not in codes
    assert codes.index("PY-2") < codes.index("PY-2B")
    assert not next(c for c in ranked if c.code == "PY-2B").prerequisites_met
    assert "prerequisite" in next(c for c in ranked if c.code == "PY-2B").reason


def test_every_course_has_a_reason() -> None:
    cat = tiny_catalog([course("PY-1", ["Python"]), course("SQL-1", ["SQL"])])
    ranked = rank_courses(cat, Target("x", {"Python": (1.0, 4), "SQL": (1.0, 4)}), profile({"SQL": 1}))
    assert all(c.reason for c in ranked)
    assert any("new for you" in c.reason for c in ranked)


def test_asked_skill_still_gets_courses_for_an_expert() -> None:
    assert skill_gaps(skill_target("Python"), {"Python": 5}) == {"Python": 0.2}
    assert skill_gaps(Target("r", {"Python": (1.0, 4)}), {"Python": 5}) == {}


def test_personal_feedback_reorders_for_that_user_only() -> None:
    books = [course(f"B{i}", ["Python"], fmt="book", provider="Books Inc") for i in range(3)]
    online = [course(f"O{i}", ["Python"], fmt="online", provider="Web Ltd") for i in range(3)]
    cat = tiny_catalog(books + online)
    ratings = {("me", "B0"): -1, ("me", "B1"): -1, ("me", "O0"): 1}
    mine = build_preferences("me", ratings, cat.by_code)
    before = rank_courses(cat, skill_target("Python"), profile({}), None, top=3)
    after = rank_courses(cat, skill_target("Python"), profile({}), mine, top=3, learning="personal")
    assert [c.code for c in before] == ["B0", "B1", "B2"]  # ties broken by code
    assert all(c.format == "online" for c in after)
    assert "B2" not in [c.code for c in after]  # never rated itself, but books were disliked
    other = build_preferences("someone-else", ratings, cat.by_code)
    untouched = rank_courses(cat, skill_target("Python"), profile({}), other, top=3, learning="personal")
    assert [c.code for c in untouched] == ["B0", "B1", "B2"]


def test_global_prior_moves_others_gently() -> None:
    cat = tiny_catalog([course("A", ["Python"]), course("B", ["Python"])])
    ratings = {(f"u{i}", "B"): 1 for i in range(6)} | {(f"u{i}", "A"): -1 for i in range(6)}
    prefs = build_preferences("newcomer", ratings, cat.by_code)
    ranked = rank_courses(cat, skill_target("Python"), profile({}), prefs, top=2)
    assert [c.code for c in ranked] == ["B", "A"]
    assert "colleagues rated it useful" in ranked[0].reason
    one_vote = build_preferences("newcomer", {("u1", "B"): 1}, cat.by_code)
    assert 0 < one_vote.global_score(cat.by_code["B"]) < prefs.global_score(cat.by_code["B"])
    no_global = rank_courses(cat, skill_target("Python"), profile({}), prefs, top=2, learning="personal")
    assert [c.code for c in no_global] == ["A", "B"]


def test_prerequisite_counts_as_met_when_its_content_is_already_known() -> None:
    cat = tiny_catalog([course("D1", ["Docker"], "beginner"), course("D2", ["Docker"], "intermediate", ["D1"])])
    expert = rank_courses(cat, skill_target("Docker"), profile({"Docker": 4}))
    assert next(c for c in expert if c.code == "D2").prerequisites_met
    novice = rank_courses(cat, skill_target("Docker"), profile({"Docker": 1}))
    assert not next(c for c in novice if c.code == "D2").prerequisites_met


def test_focused_course_ranks_before_one_where_the_skill_is_a_side_topic() -> None:
    cat = tiny_catalog([course("A", ["Python", "SQL", "Docker", "Statistics"]), course("B", ["Python"])])
    ranked = rank_courses(cat, skill_target("Python"), None)
    assert [c.code for c in ranked] == ["B", "A"]
