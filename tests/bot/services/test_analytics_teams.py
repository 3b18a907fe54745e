"""Which teams a question means: team names, words of team names, departments; common words are no team."""

from __future__ import annotations

import pytest

from bot.services.analytics_teams import match_teams, team_in_text

TEAMS = ["Applied ML", "Data Platform", "Insights", "ML Platform", "People Analytics", "People Partners",
         "Product", "Web Platform"]


@pytest.mark.parametrize(("asked", "found"), [
    ("data", ["Data Platform"]),
    ("data team", ["Data Platform"]),
    ("Web Platform", ["Web Platform"]),
    ("platform", ["Data Platform", "ML Platform", "Web Platform"]),
    ("engineering", ["Data Platform", "ML Platform", "Product", "Web Platform"]),
    ("people", ["People Analytics", "People Partners"]),
    ("in", []),
    ("basket weaving", []),
])
def test_match_teams(asked: str, found: list[str]) -> None:
    assert match_teams(asked, TEAMS) == found


@pytest.mark.parametrize(("text", "found"), [
    ("who on the data team is most at risk of leaving?", "data"),
    ("how many people will we lose in engineering next quarter?", "Engineering"),
    ("how many hires does the platform team need?", "platform"),
    ("forecast for web platform please", "Web Platform"),
    ("how many people might we lose in my team", None),
    ("how many people will leave next quarter", None),
])
def test_team_in_text(text: str, found: str | None) -> None:
    assert team_in_text(text, TEAMS) == found
