"""Training targets: a role's required skills count fully, its nice-to-haves half; what an ask aims at."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.coaching import load_catalog
from bot.services.training_targets import choose_target, role_target
from store.models import Role


def test_role_target_counts_required_fully_and_nice_to_have_half() -> None:
    role = Role(title="X", family="X", required_skills=["Python"], nice_to_have_skills=["Docker", "Python"])
    assert role_target(role).skills == {"Python": (1.0, 4), "Docker": (0.5, 3)}


def test_the_target_comes_from_a_skill_a_role_or_the_text(seeded) -> None:
    with Session(seeded) as session:
        catalog = load_catalog(session)
        by_skill = choose_target(session, catalog, None, skill="python3")  # a synonym
        unknown = choose_target(session, catalog, None, skill="Underwater Basket Weaving")
        by_role = choose_target(session, catalog, None, role="data scientist")
        by_text = choose_target(session, catalog, None, text="how do I become a data engineer?")
        nothing = choose_target(session, catalog, None, text="hello there")
    assert by_skill.target is not None and by_skill.target.label == "Python" and by_skill.target.explicit
    assert unknown.target is None and unknown.unknown == "unknown_skill" and unknown.query
    assert by_role.target is not None and by_role.role_title == by_role.target.label
    assert by_text.target is not None and by_text.role_title
    assert nothing.target is None and not nothing.unknown
