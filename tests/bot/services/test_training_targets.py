"""Training targets: a role's required skills count fully, its nice-to-haves half."""

from __future__ import annotations

from bot.services.training_targets import role_target
from store.models import Role


def test_role_target_counts_required_fully_and_nice_to_have_half() -> None:
    role = Role(title="X", family="X", required_skills=["Python"], nice_to_have_skills=["Docker", "Python"])
    assert role_target(role).skills == {"Python": (1.0, 4), "Docker": (0.5, 3)}
