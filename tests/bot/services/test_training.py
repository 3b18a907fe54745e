"""Course ranking and learning plans: gap, level fit, prerequisites, completions, feedback."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.coaching import Catalog, Profile, load_catalog, load_profile
from bot.services.feedback import build_preferences
from bot.services.identity import Identity, resolve_identity
from bot.services.training import (
    Target,
    goals_target,
    learning_plan,
    level_fit,
    pending_feedback,
    rank_courses,
    recommend_training,
    role_target,
    skill_gaps,
    skill_target,
)
from store.models import Course, Role, User, UserRole
from retrieval.taxonomy import Taxonomy


def course(code: str, skills: list[str], level: str = "beginner", prereqs: list[str] | None = None,
           hours: float = 10.0, fmt: str = "online", provider: str = "P1") -> Course:
    return Course(code=code, title=f"Course {code}", provider=provider, format=fmt, level=level, hours=hours,
                  skills=skills, prerequisites=prereqs or [])


def tiny_catalog(courses: list[Course], roles: list[Role] | None = None) -> Catalog:
    tax = Taxonomy([("Python", ["py"], "programming"), ("SQL", [], "data"), ("Docker", [], "mlops"),
                    ("Statistics", ["stats"], "analytics")])
    return Catalog(courses=courses, roles=roles or [], edges=[], taxonomy=tax)


def profile(skills: dict[str, int], completed: set[str] | None = None) -> Profile:
    return Profile(1, "Data Analyst", "mid", skills, frozenset(completed or set()))


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


def test_plan_puts_prerequisites_first_and_pulls_in_missing_ones() -> None:
    cat = tiny_catalog([
        course("A", ["Python"], hours=5), course("B", ["Python"], "intermediate", ["A"], hours=7),
        course("C", ["Python"], "advanced", ["B"], hours=11),
    ])
    chosen = rank_courses(cat, skill_target("Python"), profile({"Python": 4}), top=1)
    assert chosen[0].code == "C"
    plan = learning_plan(chosen, cat, frozenset())
    assert [s.course.code for s in plan.steps] == ["A", "B", "C"]
    assert [s.prerequisite for s in plan.steps] == [True, True, False]
    assert plan.total_hours == 23
    done = learning_plan(chosen, cat, frozenset({"A"}))
    assert [s.course.code for s in done.steps] == ["B", "C"]


def test_plan_orders_chosen_courses_topologically() -> None:
    cat = tiny_catalog([course("A", ["Python"]), course("B", ["Python"], prereqs=["A"]),
                        course("Z", ["SQL"], prereqs=["B"])])
    chosen = rank_courses(cat, Target("x", {"Python": (1.0, 4), "SQL": (1.0, 4)}), profile({}), top=3)
    reordered = sorted(chosen, key=lambda c: c.code, reverse=True)  # Z, B, A
    plan = learning_plan(reordered, cat)
    assert [s.course.code for s in plan.steps] == ["A", "B", "Z"]


def test_asked_skill_still_gets_courses_for_an_expert() -> None:
    assert skill_gaps(skill_target("Python"), {"Python": 5}) == {"Python": 0.2}
    assert skill_gaps(Target("r", {"Python": (1.0, 4)}), {"Python": 5}) == {}


def test_role_target_counts_required_fully_and_nice_to_have_half() -> None:
    role = Role(title="X", family="X", required_skills=["Python"], nice_to_have_skills=["Docker", "Python"])
    assert role_target(role).skills == {"Python": (1.0, 4), "Docker": (0.5, 3)}


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


def _employee(session: Session) -> Identity:
    user = session.exec(
        select(User).where(User.role == UserRole.employee, User.employee_id.is_not(None)).order_by(User.id)  # type: ignore[union-attr]
    ).first()
    assert user is not None
    return resolve_identity(session, user.handle)


def test_recommend_for_a_named_skill_on_the_seeded_store(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        advice = recommend_training(session, me, skill="python3")  # a synonym
        own = load_profile(session, me)
    assert advice.status == "ok" and advice.personal and advice.target == "Python"
    assert 1 <= len(advice.courses) <= 5
    assert all("Python" in c.skills for c in advice.courses)
    assert not {c.code for c in advice.courses} & set(own.completed)
    assert advice.plan is not None and advice.plan.total_hours >= sum(c.hours for c in advice.courses) - 1e-6
    pending = pending_feedback(advice)
    assert pending == {"item_type": "course", "item_ids": [c.code for c in advice.courses], "context": advice.context}


def test_recommend_without_target_uses_goals_and_next_steps(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        catalog = load_catalog(session)
        own = load_profile(session, me)
        advice = recommend_training(session, me)
    target = goals_target(catalog, own)
    assert target is not None and advice.status == "ok"
    assert advice.target.startswith("your goals")
    assert all(set(c.closes) <= set(target.skills) for c in advice.courses)


def test_recommend_for_a_role_and_bad_input(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        by_role = recommend_training(session, me, role="data scientist")
        unknown_skill = recommend_training(session, me, skill="Underwater Basket Weaving")
        unknown_role = recommend_training(session, me, role="Chief Dragon Officer")
        sql = recommend_training(session, me, skill="' OR 1=1; --")
        huge = recommend_training(session, me, skill="x" * 20_000)
    assert by_role.status in {"ok", "no_courses"} and by_role.role_title
    assert unknown_skill.status == "unknown_skill" and not unknown_skill.courses
    assert unknown_role.status == "unknown_role"
    assert sql.status == "unknown_skill" and huge.status == "unknown_skill" and len(huge.query) <= 80


def test_no_profile_gets_generic_courses_for_a_skill(seeded) -> None:
    with Session(seeded) as session:
        stranger = resolve_identity(session, "U_NOBODY")
        generic = recommend_training(session, stranger, skill="SQL")
        nothing = recommend_training(session, stranger)
    assert generic.status == "ok" and not generic.personal
    assert all("SQL" in c.skills for c in generic.courses)
    assert nothing.status == "no_target" and not nothing.personal


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
