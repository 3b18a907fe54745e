"""People analytics in the chat: attrition risk, why someone is at risk, leavers and hires forecasts.
Thin: the services decide who may see what and audit each view."""

from __future__ import annotations

from abc import abstractmethod

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.actions.confirm import channel_of
from bot.messages.analytics import (
    ANALYTICS_FORBIDDEN,
    MANAGER_PEOPLE_FORBIDDEN,
    ask_person_reply,
    forecast_reply,
    person_risk_reply,
    team_risk_reply,
    unknown_person_reply,
    unknown_team_reply,
)
from bot.messages.reply import error_reply
from bot.services.analytics import (
    NotAllowed,
    UnknownPerson,
    UnknownTeam,
    access_of,
    fitted,
    person_risk,
    team_forecast,
    team_risk,
)
from bot.services.analytics_teams import team_in_text
from bot.services.identity import Identity
from analytics import AnalyticsError

PERSON_SLOT = "analytics_person"
"""The person the last risk answer led with, for "why is she at risk?"."""


def _team_asked(session: Session, tracker: Tracker) -> str | None:
    """The team entity, else a team or department named in the text, else the team talked about before."""
    named = next(tracker.get_latest_entity_values("team"), None)
    if named:
        return str(named)
    history, _ = fitted(session)
    return team_in_text(latest_text(tracker)[:500], history.teams()) or tracker.get_slot("team")


class _AnalyticsAction(HRAction):
    """Turns the services' refusals and unknowns into clear replies."""

    @abstractmethod
    def answer(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        """The answer for someone allowed to see analytics at all."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if access_of(session, identity).scope == "none":
            say(dispatcher, ANALYTICS_FORBIDDEN)
            return []
        try:
            return self.answer(session, identity, dispatcher, tracker)
        except UnknownTeam as exc:
            say(dispatcher, unknown_team_reply(exc.asked, exc.teams))
        except NotAllowed as exc:
            say(dispatcher, error_reply("forbidden", f"Sorry, {exc}."))
        except AnalyticsError as exc:
            say(dispatcher, error_reply("no_history", f"I can't answer that yet: {exc}."))
        return []


class ActionAttritionRisk(_AnalyticsAction, name="action_attrition_risk"):
    """Who on a team is most at risk of leaving (HR partners) or the team's total (its manager)."""

    def answer(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        team = _team_asked(session, tracker)
        result = team_risk(session, identity, team, channel=channel_of(tracker))
        say(dispatcher, team_risk_reply(result))
        top = result.people[0].name if result.people else None
        return [SlotSet(PERSON_SLOT, top), SlotSet("team", team)]


class ActionAttritionReason(_AnalyticsAction, name="action_attrition_reason"):
    """Why one person is at risk: the named person, else the one the last risk answer led with."""

    def answer(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        name = next(tracker.get_latest_entity_values("person"), None) or tracker.get_slot(PERSON_SLOT)
        if access_of(session, identity).scope != "all":
            say(dispatcher, MANAGER_PEOPLE_FORBIDDEN)
            return []
        if not name:
            say(dispatcher, ask_person_reply())
            return []
        try:
            risk = person_risk(session, identity, str(name), channel=channel_of(tracker))
        except UnknownPerson:
            say(dispatcher, unknown_person_reply(str(name)))
            return []
        say(dispatcher, person_risk_reply(risk))
        return [SlotSet(PERSON_SLOT, risk.name)]


class ActionForecastLeavers(_AnalyticsAction, name="action_forecast_leavers"):
    """How many people a team may lose next quarter, and the quarters after."""

    focus = "leavers"

    def answer(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        team = _team_asked(session, tracker)
        result = team_forecast(session, identity, team, channel=channel_of(tracker))
        say(dispatcher, forecast_reply(result, self.focus))
        return [SlotSet("team", team)]


class ActionForecastHires(ActionForecastLeavers, name="action_forecast_hires"):
    """How many hires a team needs: backfills, growth and open roles."""

    focus = "hires"
